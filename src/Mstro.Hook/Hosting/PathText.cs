namespace Mstro.Hook.Hosting;

/// <summary>Small, exact operations on absolute Unix path strings (no disk access).</summary>
public static class PathText
{
    /// <summary>Removes a trailing slash (but keeps "/") and collapses "." and ".." segments.</summary>
    public static string Normalize(string absolutePath)
    {
        var full = Path.GetFullPath(absolutePath);
        return full.Length > 1 ? full.TrimEnd('/') : full;
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="directory"/> or lies below it.</summary>
    public static bool IsInside(string path, string directory)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(directory);
        var dir = directory.Length > 1 ? directory.TrimEnd('/') : directory;
        if (dir == "/") return path.StartsWith('/');
        return path.StartsWith(dir, StringComparison.Ordinal)
               && (path.Length == dir.Length || path[dir.Length] == '/');
    }
}
