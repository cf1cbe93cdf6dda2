namespace Mstro.Bouncer.Analysis.Programs;

/// <summary>The remotes a repository already has (from its <c>.git/config</c>, read through the file system view), so a
/// push or a new remote can be told apart from the places the project's code usually goes.</summary>
internal static class GitRemotes
{
    private const int MaxConfigBytes = 64 * 1024;
    private const int MaxLevelsUp = 32;

    /// <summary>The URLs of the repository's remotes (<c>url</c> and <c>pushurl</c>); empty when none can be read.</summary>
    public static List<string> UrlsOf(CommandContext c, string repository)
    {
        var urls = new List<string>();
        if (ConfigText(c, repository) is not { } config) return urls;
        var inRemote = false;
        foreach (var rawLine in config.Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.StartsWith('['))
            {
                inRemote = line.StartsWith("[remote ", StringComparison.OrdinalIgnoreCase);
                continue;
            }
            if (!inRemote) continue;
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0) continue;
            var key = line[..equals].Trim();
            if (key.Equals("url", StringComparison.OrdinalIgnoreCase) || key.Equals("pushurl", StringComparison.OrdinalIgnoreCase))
                urls.Add(line[(equals + 1)..].Trim().Trim('"'));
        }
        return urls;
    }

    /// <summary>The host of a remote URL (<c>https://h/x</c>, <c>git@h:x</c>, <c>ssh://h/x</c>), or null for a local path.</summary>
    public static string? HostOf(string url) =>
        url.Contains("://", StringComparison.Ordinal) ? NetworkAddress.HostOf(url) : NetworkCommands.RemoteHost(url);

    /// <summary>A push destination written as a URL rather than a remote's name.</summary>
    public static bool IsUrl(string operand) =>
        operand.Contains("://", StringComparison.Ordinal) && !operand.StartsWith("file://", StringComparison.OrdinalIgnoreCase)
        || NetworkCommands.RemoteHost(operand) is not null;

    public static bool SameUrl(string a, string b) =>
        string.Equals(Trimmed(a), Trimmed(b), StringComparison.OrdinalIgnoreCase);

    private static string Trimmed(string url)
    {
        var text = url.TrimEnd('/');
        return text.EndsWith(".git", StringComparison.OrdinalIgnoreCase) ? text[..^4] : text;
    }

    private static string? ConfigText(CommandContext c, string repository)
    {
        var directory = repository;
        for (var level = 0; level < MaxLevelsUp && directory.Length > 0; level++)
        {
            var dotGit = directory.TrimEnd('/') + "/.git";
            if (c.Analysis.Sink.ReadText(dotGit + "/config", MaxConfigBytes) is { } config) return config;
            // A worktree or submodule: .git is a file naming the real git dir, whose commondir holds the shared config.
            if (c.Analysis.Sink.ReadText(dotGit, 4096) is { } pointer && pointer.StartsWith("gitdir:", StringComparison.Ordinal))
            {
                var gitDir = PathText.Normalize(Combine(directory, pointer[7..].Trim()));
                var common = c.Analysis.Sink.ReadText(gitDir + "/commondir", 4096)?.Trim();
                var configDir = common is { Length: > 0 } ? PathText.Normalize(Combine(gitDir, common)) : gitDir;
                return c.Analysis.Sink.ReadText(configDir + "/config", MaxConfigBytes);
            }
            if (directory == "/") break;
            var slash = directory.TrimEnd('/').LastIndexOf('/');
            directory = slash <= 0 ? "/" : directory[..slash];
        }
        return null;
    }

    private static string Combine(string directory, string path) => path.StartsWith('/') ? path : directory.TrimEnd('/') + "/" + path;
}
