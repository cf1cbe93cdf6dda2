using Mstro.Bouncer.Analysis;
using static Mstro.Bouncer.Tests.Analysis.AnalysisKit;

namespace Mstro.Bouncer.Tests.Analysis;

/// <summary>Link resolution on a real disk: a temp home with real symlinks.</summary>
public sealed class SymlinkTests : IDisposable
{
    private readonly string _root;
    private readonly string _home;
    private readonly string _project;
    private readonly BouncerEnvironment _environment;

    public SymlinkTests()
    {
        _root = Path.Combine(Path.GetTempPath(), "mstro-links-" + Guid.NewGuid().ToString("N"));
        _home = PathText.Normalize(Path.Combine(_root, "home"));
        _project = _home + "/proj";
        Directory.CreateDirectory(_project);
        Directory.CreateDirectory(_home + "/.claude");
        Directory.CreateDirectory(_home + "/.ssh");
        File.WriteAllText(_home + "/.claude/settings.json", "{}");
        File.WriteAllText(_home + "/.ssh/id_rsa", "key");
        File.CreateSymbolicLink(_project + "/notes.json", _home + "/.claude/settings.json");
        Directory.CreateSymbolicLink(_project + "/keys", _home + "/.ssh");
        Directory.CreateSymbolicLink(_project + "/up", _home);
        _environment = BouncerEnvironment.For(_home, _project);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private IReadOnlyList<Effect> Bash(string command) => new CallAnalyzer(RealFileSystemView.Instance).AnalyzeCommand(command, _environment);

    [Fact]
    public void AWriteThroughALinkIsAWriteOfItsTarget()
    {
        var effects = Bash("echo '{}' > notes.json");
        effects.Has(EffectKind.Write, _home + "/.claude/settings.json");
        effects.Has(EffectKind.Write, _project + "/notes.json");
    }

    [Fact]
    public void AReadThroughALinkedDirectoryIsAReadOfTheTarget()
    {
        Bash("cat keys/id_rsa").Has(EffectKind.Read, _home + "/.ssh/id_rsa");
        Bash("cat up/.ssh/id_rsa").Has(EffectKind.Read, _home + "/.ssh/id_rsa");
    }

    [Fact]
    public void DeletingALinkDeletesTheLinkNotItsTarget()
    {
        var effects = Bash("rm -rf keys");
        effects.Has(EffectKind.Delete, _project + "/keys");
        effects.HasNo(EffectKind.Delete, _home + "/.ssh");
    }

    [Fact]
    public void DeletingThroughALinkWithATrailingSlashOrGlobReachesTheTarget()
    {
        Bash("rm -rf keys/").Has(EffectKind.Delete, _home + "/.ssh");
        Bash("rm -rf up/*").Has(EffectKind.Delete, _home, EffectFlags.Glob);
    }

    [Fact]
    public void FileToolsResolveLinksToo()
    {
        var payload = Mstro.Bouncer.Hook.HookPayload.Parse(System.Text.Encoding.UTF8.GetBytes(
            $$$"""{"hook_event_name":"PreToolUse","cwd":"{{{_project}}}","tool_name":"Edit","tool_input":{"file_path":"{{{_project}}}/notes.json","old_string":"a","new_string":"b"}}"""));
        var effects = new CallAnalyzer(RealFileSystemView.Instance).Analyze(payload, _environment);
        effects.Has(EffectKind.Write, _home + "/.claude/settings.json");
    }
}
