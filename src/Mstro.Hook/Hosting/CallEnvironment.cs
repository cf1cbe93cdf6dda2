using Mstro.Bouncer;

namespace Mstro.Hook.Hosting;

/// <summary>Builds the <see cref="BouncerEnvironment"/> of one call from the process environment and the call's cwd.</summary>
public static class CallEnvironment
{
    /// <summary>Variables the analysis may resolve in commands (they are the same in the Bash tool's environment,
    /// which inherits Claude Code's, as the hook does). Nothing secret.</summary>
    private static readonly string[] ResolvableVariables = ["HOME", "USER", "LOGNAME", "TMPDIR", "CLAUDE_PROJECT_DIR", "CLAUDE_CONFIG_DIR"];

    /// <param name="paths">The user's paths.</param>
    /// <param name="cwd">The call's working directory (absolute).</param>
    /// <param name="projectDirHint">The project dir the caller knows of (CLAUDE_PROJECT_DIR, or the project an audit
    /// line recorded); used when <paramref name="cwd"/> lies inside it, else the project is the cwd itself.</param>
    /// <param name="environment">The process environment.</param>
    public static BouncerEnvironment For(MstroPaths paths, string cwd, string? projectDirHint, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(environment);
        var normalizedCwd = PathText.Normalize(cwd);
        return new BouncerEnvironment(
            Home: paths.Home,
            Cwd: normalizedCwd,
            ProjectDir: ProjectDir(normalizedCwd, projectDirHint),
            TempDirs: TempDirs(environment("TMPDIR")),
            ClaudeConfigDir: paths.ClaudeConfigDir,
            MstroDir: paths.MstroDir,
            MstroPort: null,
            Variables: Variables(paths, environment));
    }

    /// <summary>The project root: the hint (CLAUDE_PROJECT_DIR) when the cwd is inside it, else the cwd.</summary>
    public static string ProjectDir(string cwd, string? projectDirHint)
    {
        if (string.IsNullOrEmpty(projectDirHint) || !Path.IsPathRooted(projectDirHint)) return cwd;
        var project = PathText.Normalize(projectDirHint);
        return PathText.IsInside(cwd, project) ? project : cwd;
    }

    public static IReadOnlyList<string> TempDirs(string? tmpdir)
    {
        var dirs = new List<string>(5) { "/tmp", "/var/tmp" };
        if (!string.IsNullOrEmpty(tmpdir) && Path.IsPathRooted(tmpdir))
        {
            var normalized = PathText.Normalize(tmpdir);
            if (normalized != "/" && !dirs.Contains(normalized)) dirs.Add(normalized);
        }
        if (OperatingSystem.IsMacOS())
        {
            dirs.Add("/private/tmp");
            dirs.Add("/private/var/folders");
        }
        return dirs;
    }

    private static Dictionary<string, string> Variables(MstroPaths paths, Func<string, string?> environment)
    {
        var variables = new Dictionary<string, string>(ResolvableVariables.Length, StringComparer.Ordinal);
        foreach (var name in ResolvableVariables)
        {
            var value = environment(name);
            if (!string.IsNullOrEmpty(value)) variables[name] = value;
        }
        variables["HOME"] = paths.Home;
        return variables;
    }
}
