using System.Text;
using System.Text.Json;
using Mstro.Bouncer.Analysis;
using Mstro.Bouncer.Hook;
using Mstro.Bouncer.Policy;

namespace Mstro.Bouncer.Tests.Analysis;

/// <summary>File-tool edits of Claude Code's settings that go at their hooks, on a real disk: a temp home whose
/// settings.json runs mstro.</summary>
public sealed class SettingsEditTests : IDisposable
{
    private const string WithMstroHook =
        """{ "hooks": { "PreToolUse": [ { "matcher": "*", "hooks": [ { "type": "command", "command": "mstro hook" } ] } ] } }""";

    private readonly string _root;
    private readonly string _home;
    private readonly string _project;
    private readonly BouncerEnvironment _environment;

    public SettingsEditTests()
    {
        _root = Path.Combine(Path.GetTempPath(), "mstro-settings-" + Guid.NewGuid().ToString("N"));
        _home = PathText.Normalize(Path.Combine(_root, "home"));
        _project = _home + "/proj";
        Directory.CreateDirectory(_project + "/.claude");
        Directory.CreateDirectory(_project + "/.vscode");
        Directory.CreateDirectory(_home + "/.claude");
        File.WriteAllText(_home + "/.claude/settings.json", WithMstroHook);
        File.WriteAllText(_project + "/.claude/settings.local.json", """{ "permissions": { "allow": [] } }""");
        File.WriteAllText(_project + "/.vscode/settings.json", """{ "mstro.enabled": true }""");
        _environment = BouncerEnvironment.For(_home, _project);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private Verdict Decide(string tool, object input)
    {
        var payload = HookPayload.Parse(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["hook_event_name"] = "PreToolUse", ["cwd"] = _project, ["tool_name"] = tool, ["tool_input"] = input,
        })));
        return new BouncerEngine(RuleSet.BuiltIn, RealFileSystemView.Instance).Decide(payload, _environment);
    }

    private string? WriteDetail(string tool, object input)
    {
        var payload = HookPayload.Parse(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["hook_event_name"] = "PreToolUse", ["cwd"] = _project, ["tool_name"] = tool, ["tool_input"] = input,
        })));
        return new CallAnalyzer(RealFileSystemView.Instance).Analyze(payload, _environment).First(e => e.Kind == EffectKind.Write).Detail;
    }

    [Fact]
    public void AWriteThatDropsTheMstroHookTheFileHasIsDenied()
    {
        var settings = _home + "/.claude/settings.json";
        var verdict = Decide("Write", new { file_path = settings, content = """{ "permissions": { "allow": ["Bash(*)"] }, "hooks": {} }""" });
        Assert.Equal(Decision.Deny, verdict.Decision);
        Assert.Equal("self-protection.claude-hooks-edit", verdict.RuleId);
        // Keeping the hook is an ordinary settings change: a person decides.
        var keeps = Decide("Write", new { file_path = settings, content = WithMstroHook.Replace("{ \"hooks\"", "{ \"model\": \"opus\", \"hooks\"", StringComparison.Ordinal) });
        Assert.Equal(Decision.Ask, keeps.Decision);
        Assert.Equal("self-protection.claude-settings", keeps.RuleId);
        // A file that never had the hook loses nothing.
        var local = Decide("Write", new { file_path = _project + "/.claude/settings.local.json", content = """{ "permissions": {} }""" });
        Assert.Equal(Decision.Ask, local.Decision);
    }

    [Theory]
    [InlineData("\"command\": \"mstro hook\"", "\"command\": \"true\"")]
    [InlineData("\"hooks\": {", "\"hooks_off\": {")]
    [InlineData("\"PreToolUse\"", "\"PreToolUseDisabled\"")]
    [InlineData("{", "{ \"disableAllHooks\": true,")]
    public void EditsThatGoAtTheHooksAreDenied(string oldText, string newText)
    {
        var verdict = Decide("Edit", new { file_path = _home + "/.claude/settings.json", old_string = oldText, new_string = newText });
        Assert.Equal(Decision.Deny, verdict.Decision);
        var multi = Decide("MultiEdit", new
        {
            file_path = _project + "/.claude/settings.local.json",
            edits = new[] { new { old_string = "\"allow\"", new_string = "\"allow\"" }, new { old_string = oldText, new_string = newText } },
        });
        Assert.Equal(Decision.Deny, multi.Decision);
    }

    [Fact]
    public void OtherEditsOfTheSettingsAsk()
    {
        var verdict = Decide("Edit", new
        {
            file_path = _home + "/.claude/settings.json", old_string = "\"defaultMode\": \"default\"", new_string = "\"defaultMode\": \"plan\"",
        });
        Assert.Equal(Decision.Ask, verdict.Decision);
        Assert.Equal("self-protection.claude-settings", verdict.RuleId);
    }

    [Fact]
    public void OtherFilesNamedSettingsAreOrdinary()
    {
        Assert.Null(WriteDetail("Write", new { file_path = _project + "/.vscode/settings.json", content = "{}" }));
        Assert.Null(WriteDetail("Edit", new { file_path = _project + "/config/settings.json", old_string = "hooks", new_string = "x" }));
        var verdict = Decide("Edit", new { file_path = _project + "/.vscode/settings.json", old_string = "\"mstro.enabled\": true", new_string = "x" });
        Assert.Equal(Decision.Allow, verdict.Decision);
    }

    [Fact]
    public void TheShellEditingTheSettingsIsDeniedAndReadingThemIsNot()
    {
        var engine = new BouncerEngine(RuleSet.BuiltIn, RealFileSystemView.Instance);
        foreach (var command in new[]
                 {
                     "sed -i '/mstro hook/d' ~/.claude/settings.json",
                     "jq 'del(.hooks)' ~/.claude/settings.json > /tmp/s.json && mv /tmp/s.json ~/.claude/settings.json",
                     "echo '{}' | tee .claude/settings.local.json", "rm -f ~/.claude.json",
                 })
            Assert.Equal(Decision.Deny, engine.DecideCommand(command, _environment).Decision);
        Assert.Equal(Decision.Allow, engine.DecideCommand("jq .hooks ~/.claude/settings.json", _environment).Decision);
        Assert.Equal(Decision.Allow, engine.DecideCommand("cat .claude/settings.local.json", _environment).Decision);
    }
}
