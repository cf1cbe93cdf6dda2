namespace Mstro.Bouncer.Analysis;

/// <summary>The little the analysis needs to know about the disk: where symlinks really point.</summary>
public interface IFileSystemView
{
    /// <summary>The absolute path with every existing symlink along it resolved (like realpath, but a missing tail
    /// is kept as written). Input is absolute and already free of <c>.</c> and <c>..</c>.</summary>
    string ResolveLinks(string absolutePath);

    /// <summary>The text of a small file (at most <paramref name="maxBytes"/> bytes), or null when it is missing,
    /// unreadable or larger. The analysis reads Claude Code's settings with it, to tell whether a <c>Write</c> of them
    /// drops a hook they have. Views without a disk return null.</summary>
    string? ReadText(string absolutePath, int maxBytes) => null;
}

/// <summary>Resolves symlinks on the real disk.</summary>
public sealed class RealFileSystemView : IFileSystemView
{
    public static readonly RealFileSystemView Instance = new();

    public string ResolveLinks(string absolutePath)
    {
        try
        {
            // Walk from the longest existing prefix: resolve it, then re-append the missing tail.
            var existing = absolutePath;
            var tail = "";
            while (existing.Length > 1 && !Path.Exists(existing) && !IsLink(existing))
            {
                var parent = Path.GetDirectoryName(existing);
                if (parent is null) return absolutePath;
                tail = tail.Length == 0 ? Path.GetFileName(existing) : Path.GetFileName(existing) + "/" + tail;
                existing = parent;
            }

            var resolved = Resolve(existing);
            return tail.Length == 0 ? resolved : Path.Join(resolved, tail);
        }
        catch (IOException)
        {
            return absolutePath;
        }
        catch (UnauthorizedAccessException)
        {
            return absolutePath;
        }
    }

    public string? ReadText(string absolutePath, int maxBytes)
    {
        try
        {
            var info = new FileInfo(absolutePath);
            if (!info.Exists || info.Length > maxBytes) return null;
            return File.ReadAllText(absolutePath);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool IsLink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget is not null;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string Resolve(string path)
    {
        // Resolve each component so links in the middle of the path are followed too.
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var current = "/";
        for (var i = 0; i < parts.Length; i++)
        {
            var next = Path.Join(current, parts[i]);
            var hops = 0;
            while (hops++ < 40)
            {
                FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
                var target = info.LinkTarget;
                if (target is null) break;
                next = Path.GetFullPath(target, Path.GetDirectoryName(next) ?? "/");
            }
            current = next;
        }
        return current;
    }
}
