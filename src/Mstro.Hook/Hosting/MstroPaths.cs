namespace Mstro.Hook.Hosting;

/// <summary>Where mstro and Claude Code keep their files for this user, from HOME and CLAUDE_CONFIG_DIR.</summary>
/// <param name="Home">The user's home directory, absolute.</param>
/// <param name="ClaudeConfigDir">Claude Code's config dir: CLAUDE_CONFIG_DIR, default ~/.claude.</param>
/// <param name="MstroDir">mstro's own dir, ~/.mstro.</param>
public sealed record MstroPaths(string Home, string ClaudeConfigDir, string MstroDir)
{
    /// <summary>The audit log: one JSON line per verdict of <c>mstro hook</c>.</summary>
    public string AuditLog => Path.Join(ClaudeConfigDir, "logs", "bouncer.log");

    /// <summary>Where <c>mstro hook</c> records its own errors, each under an error id.</summary>
    public string ErrorLog => Path.Join(MstroDir, "logs", "hook-errors.log");

    /// <summary>The user's own rules.</summary>
    public string UserRules => Path.Join(MstroDir, "bouncer.json");

    /// <summary>A project's rules (they may only tighten).</summary>
    public static string ProjectRules(string projectDir) => Path.Join(projectDir, ".mstro", "bouncer.json");

    /// <summary>Resolves the paths from environment variables. Throws <see cref="InvalidOperationException"/> when no
    /// home directory can be found: without it mstro cannot tell which paths are the user's.</summary>
    public static MstroPaths FromEnvironment(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var home = AbsoluteDirectory(environment("HOME"), null);
        if (home is null)
            throw new InvalidOperationException("HOME is not set to an absolute path, so mstro cannot locate the user's files");

        var claude = AbsoluteDirectory(environment("CLAUDE_CONFIG_DIR"), home) ?? Path.Join(home, ".claude");
        return new MstroPaths(home, claude, Path.Join(home, ".mstro"));
    }

    /// <summary>Shows a path the way a person would type it: <c>~/x</c> for paths under the home directory.</summary>
    public string ForDisplay(string path) =>
        PathText.IsInside(path, Home) ? (path.Length == Home.Length ? "~" : "~" + path[Home.TrimEnd('/').Length..]) : path;

    private static string? AbsoluteDirectory(string? value, string? home)
    {
        if (string.IsNullOrEmpty(value)) return null;
        if (home is not null && (value == "~" || value.StartsWith("~/", StringComparison.Ordinal)))
            value = Path.Join(home, value[1..]);
        if (!Path.IsPathRooted(value))
        {
            if (home is null) return null;
            value = Path.GetFullPath(value);
        }
        return PathText.Normalize(value);
    }
}
