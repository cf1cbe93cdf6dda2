namespace Mstro.Bouncer;

/// <summary>Everything about the machine a decision depends on, passed in so the core stays pure and testable.</summary>
/// <param name="Home">The user's home directory (HOME), absolute.</param>
/// <param name="Cwd">The working directory of the call (the payload's cwd), absolute.</param>
/// <param name="ProjectDir">The project root (CLAUDE_PROJECT_DIR when the cwd is inside it, else the cwd).</param>
/// <param name="TempDirs">Scratch directories where deleting and writing is ordinary (e.g. /tmp, $TMPDIR).</param>
/// <param name="ClaudeConfigDir">Claude Code's config dir (CLAUDE_CONFIG_DIR, default ~/.claude).</param>
/// <param name="MstroDir">mstro's own dir (~/.mstro): config, credentials, runtime file.</param>
/// <param name="MstroPort">The port of the running mstro server, when one runs (self-protection of its API).</param>
/// <param name="Variables">Environment variables the analysis may resolve (e.g. HOME, USER, TMPDIR); others stay unknown.</param>
public sealed record BouncerEnvironment(
    string Home,
    string Cwd,
    string ProjectDir,
    IReadOnlyList<string> TempDirs,
    string ClaudeConfigDir,
    string MstroDir,
    int? MstroPort = null,
    IReadOnlyDictionary<string, string>? Variables = null)
{
    /// <summary>A typical environment for the given home and project; handy for tests and <c>mstro check</c>.</summary>
    public static BouncerEnvironment For(string home, string projectDir, string? cwd = null) => new(
        Home: home,
        Cwd: cwd ?? projectDir,
        ProjectDir: projectDir,
        TempDirs: ["/tmp", "/var/tmp", "/private/tmp"],
        ClaudeConfigDir: Path.Combine(home, ".claude"),
        MstroDir: Path.Combine(home, ".mstro"));
}
