namespace Mstro.Cli.Tests.TestSupport;

/// <summary>A real, throw-away home directory (with a project dir inside) and the environment variables that point
/// mstro at it. Nothing of the real user's files is touched.</summary>
public sealed class TempHome : IDisposable
{
    public TempHome()
    {
        Root = Path.Join(Path.GetTempPath(), "mstro-cli-tests-" + Guid.NewGuid().ToString("N")[..12]);
        Home = Path.Join(Root, "home");
        Project = Path.Join(Home, "src", "project");
        Directory.CreateDirectory(Project);
        Variables = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["HOME"] = Home,
            ["USER"] = "tester",
        };
    }

    public string Root { get; }
    public string Home { get; }
    public string Project { get; }
    public Dictionary<string, string?> Variables { get; }

    public string ClaudeConfigDir => Variables.TryGetValue("CLAUDE_CONFIG_DIR", out var dir) && dir is not null ? dir : Path.Join(Home, ".claude");
    public string AuditLog => Path.Join(ClaudeConfigDir, "logs", "bouncer.log");
    public string ErrorLog => Path.Join(Home, ".mstro", "logs", "hook-errors.log");
    public string UserRules => Path.Join(Home, ".mstro", "bouncer.json");

    public string? Get(string name) => Variables.TryGetValue(name, out var value) ? value : null;

    public string[] AuditLines() => File.Exists(AuditLog) ? File.ReadAllLines(AuditLog) : [];
    public string[] ErrorLines() => File.Exists(ErrorLog) ? File.ReadAllLines(ErrorLog) : [];

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp dir is harmless.
        }
    }
}
