namespace Mstro.Bouncer;

/// <summary>Tells cheaply that a file is not there. The hook looks for files that usually do not exist (rules files,
/// the server's runtime file); opening each would throw a FileNotFoundException, which costs a short-lived process more
/// than the few stats this makes.</summary>
public static class AbsentPath
{
    /// <summary>True when nothing is at <paramref name="path"/> and no permission hides it: the path, or a directory on
    /// the way to it, is missing from a directory that can be searched. False when it exists or cannot be told (a file
    /// behind an unsearchable directory): then opening it reports what is wrong.</summary>
    public static bool IsCertain(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        for (var current = path; ;)
        {
            if (File.Exists(current) || Directory.Exists(current)) return false;
            var parent = Path.GetDirectoryName(current);
            if (string.IsNullOrEmpty(parent)) return false;
            // stat("dir/.") succeeds only when dir can be searched, so the failed stats of current meant "no such entry".
            if (Directory.Exists(Path.Join(parent, "."))) return true;
            current = parent;
        }
    }
}
