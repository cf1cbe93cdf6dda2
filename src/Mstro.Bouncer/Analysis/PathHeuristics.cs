namespace Mstro.Bouncer.Analysis;

/// <summary>Guesses whether an argument of a program the analysis does not know is a file path.</summary>
internal static class PathHeuristics
{
    private const int MaxPathLength = 4096;

    public static bool LooksLikePath(string value)
    {
        if (value.Length == 0 || value.Length > MaxPathLength || value.Contains('\n', StringComparison.Ordinal)) return false;
        var first = value[0];
        if (first == '/') return true;
        if (first == '~') return value.Length == 1 || value[1] == '/';
        if (value is "." or "..") return true;
        if (value.StartsWith("./", StringComparison.Ordinal) || value.StartsWith("../", StringComparison.Ordinal)) return true;
        if (value.Contains("://", StringComparison.Ordinal)) return false;
        if (value.AsSpan().IndexOfAny(' ', '\t') >= 0) return false;
        if (first == '.' && value.Length > 1 && (char.IsAsciiLetterOrDigit(value[1]) || value[1] == '_')) return true;
        if (first is '@' or '+' or ':' or '=' or '-') return false;
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0) return false;
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 || colon > slash;
    }
}
