using System.Text;

namespace Mstro.Bouncer.Analysis;

/// <summary>Case-insensitive substring search with exactly the results of <see cref="StringComparison.OrdinalIgnoreCase"/>.
/// Under invariant globalization the framework's OrdinalIgnoreCase IndexOf is a scalar loop over every position (about a
/// microsecond for a 250-character command); for ASCII text and words, which is nearly every command, comparing ASCII
/// letters without case is the same comparison, done here with vectorised searches.</summary>
internal static class TextSearch
{
    public static bool ContainsIgnoringCase(string text, string value) => IndexOfIgnoringCase(text, value, 0) >= 0;

    /// <summary>The first index at or after <paramref name="start"/> where <paramref name="value"/> occurs ignoring case, or -1.</summary>
    public static int IndexOfIgnoringCase(string text, string value, int start = 0)
    {
        var span = text.AsSpan(start);
        if (value.Length == 0) return start;
        if (value.Length > span.Length) return -1;
        if (!Ascii.IsValid(span) || !Ascii.IsValid(value))
        {
            var index = span.IndexOf(value, StringComparison.OrdinalIgnoreCase);
            return index < 0 ? -1 : start + index;
        }
        var first = value[0];
        var upper = char.ToUpperInvariant(first);
        var lower = char.ToLowerInvariant(first);
        var rest = value.AsSpan(1);
        var at = 0;
        while (span.Length - at >= value.Length)
        {
            var candidates = span[at..^(value.Length - 1)];
            var found = upper == lower ? candidates.IndexOf(first) : candidates.IndexOfAny(upper, lower);
            if (found < 0) return -1;
            at += found;
            if (Ascii.EqualsIgnoreCase(span.Slice(at + 1, rest.Length), rest)) return start + at;
            at++;
        }
        return -1;
    }
}
