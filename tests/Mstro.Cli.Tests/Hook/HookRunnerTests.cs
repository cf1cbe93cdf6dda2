using System.Text;
using System.Text.Json;
using Mstro.Bouncer;
using Mstro.Bouncer.Hook;
using Mstro.Hook;
using Mstro.Cli.Tests.TestSupport;

namespace Mstro.Cli.Tests.Hook;

public sealed class HookRunnerTests : IDisposable
{
    private readonly TempHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public void AnOrdinaryBashCallIsAnsweredWithExactlyTheHookJsonClaudeCodeExpects()
    {
        var run = InProcessHook.Run(_home, Payloads.Bash("dotnet test", _home.Project));

        Assert.Equal(0, run.ExitCode);
        var answer = run.Answer;
        Assert.Equal("allow", answer.Decision);
        Assert.EndsWith("[rule default.allow]", answer.Reason, StringComparison.Ordinal);
        Assert.Empty(run.Stderr);
        Assert.Equal(
            """{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"allow","permissionDecisionReason":"mstro: No rule matched: nothing dangerous was found. [rule default.allow]"}}""" + "\n",
            Encoding.UTF8.GetString(run.Stdout));
    }

    [Theory]
    [InlineData(Decision.Allow, "allow")]
    [InlineData(Decision.Ask, "ask")]
    [InlineData(Decision.Deny, "deny")]
    public void EachDecisionIsWrittenInTheHookShapeWithTheRuleIdInTheReason(Decision decision, string wire)
    {
        var bridge = new FixedBridge(new Verdict(decision, Severity.Dangerous, "test.rule-" + wire, "it does something", Layer.AiReview, []));

        var run = InProcessHook.Run(_home, Payloads.Bash("make", _home.Project), bridge);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(wire, run.Answer.Decision);
        Assert.Equal($"mstro: it does something [rule test.rule-{wire}]", run.Answer.Reason);
        using var line = JsonDocument.Parse(Assert.Single(_home.AuditLines()));
        Assert.Equal(wire, line.RootElement.GetProperty("decision").GetString());
        Assert.Equal(2, line.RootElement.GetProperty("layer").GetInt32());
    }

    [Theory]
    [InlineData("SessionStart")]
    [InlineData("UserPromptSubmit")]
    [InlineData("PostToolUse")]
    [InlineData("PermissionRequest")]
    [InlineData("Notification")]
    [InlineData("Stop")]
    [InlineData("SessionEnd")]
    public void OtherEventsAreAcceptedAndAnsweredWithNothing(string eventName)
    {
        var bridge = new FixedBridge(null);

        var run = InProcessHook.Run(_home, Payloads.Event(eventName, _home.Project), bridge);

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.Empty(_home.AuditLines());
        Assert.Equal([eventName], bridge.Notified);
    }

    [Fact]
    public void AMalformedEventOfAnotherKindIsLoggedButNotAnsweredAsIfItWereAToolCall()
    {
        var run = InProcessHook.Run(_home, """{"hook_event_name":"Stop","cwd":7}"""u8.ToArray());

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(run.Stdout);
        using var error = JsonDocument.Parse(Assert.Single(_home.ErrorLines()));
        Assert.Equal("bad-payload", error.RootElement.GetProperty("kind").GetString());
        Assert.Contains("\"cwd\" must be a string", error.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void EveryVerdictIsAppendedToTheAuditLogWithTheFieldsAReplayNeeds()
    {
        _home.Variables["CLAUDE_PROJECT_DIR"] = _home.Project;
        var cwd = Path.Join(_home.Project, "src");
        var clock = SteppingClock.Default();

        InProcessHook.Run(_home, Payloads.Bash("git status", cwd, session: "sess-42", toolUseId: "toolu_9"), clock: clock);

        var line = Assert.Single(_home.AuditLines());
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        Assert.Equal(
            ["time", "session", "cwd", "project", "tool", "toolUseId", "input", "decision", "severity", "layer", "rule", "reason", "durationUs"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2026-08-22T10:11:12.345Z", root.GetProperty("time").GetString());
        Assert.Equal("sess-42", root.GetProperty("session").GetString());
        Assert.Equal(cwd, root.GetProperty("cwd").GetString());
        Assert.Equal(_home.Project, root.GetProperty("project").GetString());
        Assert.Equal("Bash", root.GetProperty("tool").GetString());
        Assert.Equal("toolu_9", root.GetProperty("toolUseId").GetString());
        Assert.Equal("""{"command":"git status"}""", root.GetProperty("input").GetRawText());
        Assert.Equal("allow", root.GetProperty("decision").GetString());
        Assert.Equal("none", root.GetProperty("severity").GetString());
        Assert.Equal(1, root.GetProperty("layer").GetInt32());
        Assert.Equal("default.allow", root.GetProperty("rule").GetString());
        Assert.Equal(250, root.GetProperty("durationUs").GetInt64());
    }

    [Fact]
    public void TheProjectIsTheCwdWhenTheCwdLiesOutsideClaudeProjectDir()
    {
        _home.Variables["CLAUDE_PROJECT_DIR"] = _home.Project;
        var elsewhere = Path.Join(_home.Home, "other");

        InProcessHook.Run(_home, Payloads.Bash("ls", elsewhere));

        using var document = JsonDocument.Parse(Assert.Single(_home.AuditLines()));
        Assert.Equal(elsewhere, document.RootElement.GetProperty("project").GetString());
    }

    [Fact]
    public void FileToolsLogTheirPathAndNotTheirContent()
    {
        var file = Path.Join(_home.Project, "a.ts");
        InProcessHook.Run(_home, Payloads.PreToolUse("Write", _home.Project,
            new() { ["file_path"] = file, ["content"] = "export const password = 'hunter2hunter2';\n" }));
        InProcessHook.Run(_home, Payloads.PreToolUse("Edit", _home.Project,
            new() { ["file_path"] = file, ["old_string"] = "a", ["new_string"] = "b", ["replace_all"] = false }));
        InProcessHook.Run(_home, Payloads.PreToolUse("WebFetch", _home.Project,
            new() { ["url"] = "https://example.com/api?access_token=abc123def456", ["prompt"] = "Extract the endpoints" }));

        var inputs = _home.AuditLines().Select(l => JsonDocument.Parse(l).RootElement.GetProperty("input").GetRawText()).ToArray();
        Assert.Equal(
            [
                $$"""{"file_path":"{{file}}"}""",
                $$"""{"file_path":"{{file}}"}""",
                """{"url":"https://example.com/api?access_token=[REDACTED]"}""",
            ],
            inputs);
    }

    [Fact]
    public void SecretsInACommandAreRedactedInTheAuditLog()
    {
        InProcessHook.Run(_home, Payloads.Bash(
            "curl -H 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.abc' https://api.github.com && GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789 gh pr list",
            _home.Project));

        var line = Assert.Single(_home.AuditLines());
        Assert.DoesNotContain("eyJhbGciOiJIUzI1NiJ9", line, StringComparison.Ordinal);
        Assert.DoesNotContain("abcdefghijklmnopqrstuvwxyz0123456789", line, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(line);
        Assert.Equal(
            "curl -H 'Authorization: [REDACTED]' https://api.github.com && GITHUB_TOKEN=ghp_[REDACTED] gh pr list",
            document.RootElement.GetProperty("input").GetProperty("command").GetString());
    }

    [Fact]
    public void AHugeCommandIsTruncatedInTheLogAndTheLineStaysBounded()
    {
        var command = "echo " + new string('x', 200_000);

        var run = InProcessHook.Run(_home, Payloads.Bash(command, _home.Project));

        Assert.Equal("allow", run.Answer.Decision);
        var line = Assert.Single(_home.AuditLines());
        Assert.True(Encoding.UTF8.GetByteCount(line) < Mstro.Hook.Audit.AuditLine.MaxLineBytes);
        using var document = JsonDocument.Parse(line);
        Assert.True(document.RootElement.GetProperty("inputTruncated").GetBoolean());
        Assert.StartsWith("echo xxx", document.RootElement.GetProperty("input").GetProperty("command").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void HomeAndClaudeConfigDirAreHonouredAndTheLogIsPrivate()
    {
        var config = Path.Join(_home.Root, "claude-config");
        _home.Variables["CLAUDE_CONFIG_DIR"] = config;

        InProcessHook.Run(_home, Payloads.Bash("ls", _home.Project));

        var log = Path.Join(config, "logs", "bouncer.log");
        Assert.Single(File.ReadAllLines(log));
        Assert.False(Directory.Exists(Path.Join(_home.Home, ".claude")));
        Assert.Equal(FileModes.PrivateDirectory,
            FileModes.Of(Path.Join(config, "logs")));
        Assert.Equal(FileModes.PrivateFile, FileModes.Of(log));
        Assert.Equal(FileModes.PrivateDirectory, FileModes.Of(config));
    }

    [Fact]
    public void AnUnwritableAuditLogDoesNotChangeTheAnswerAndIsReported()
    {
        // Root ignores permission bits, so make the log's path a directory: open(2) fails with EISDIR for anyone.
        Directory.CreateDirectory(_home.AuditLog);

        var run = InProcessHook.Run(_home, Payloads.Bash("ls", _home.Project));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("allow", run.Answer.Decision);
        using var error = JsonDocument.Parse(Assert.Single(_home.ErrorLines()));
        Assert.Equal("audit-log", error.RootElement.GetProperty("kind").GetString());
        Assert.Contains("bouncer.log", error.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void WhenNeitherLogCanBeWrittenTheErrorGoesToStderrAndTheAnswerStands()
    {
        Directory.CreateDirectory(_home.AuditLog);
        Directory.CreateDirectory(_home.ErrorLog);

        var run = InProcessHook.Run(_home, Payloads.Bash("ls", _home.Project));

        Assert.Equal("allow", run.Answer.Decision);
        Assert.Contains("could not write the error log", run.StderrText, StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"audit-log\"", run.StderrText, StringComparison.Ordinal);
    }

    [Fact]
    public void ASymlinkPlantedAtTheLogPathIsNotFollowed()
    {
        var target = Path.Join(_home.Home, ".bashrc");
        File.WriteAllText(target, "# rc\n");
        Directory.CreateDirectory(Path.GetDirectoryName(_home.AuditLog)!);
        File.CreateSymbolicLink(_home.AuditLog, target);

        var run = InProcessHook.Run(_home, Payloads.Bash("echo $(id)", _home.Project));

        Assert.Equal("allow", run.Answer.Decision);
        Assert.Equal("# rc\n", File.ReadAllText(target));
        Assert.Contains("audit-log", Assert.Single(_home.ErrorLines()), StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutAHomeDirectoryTheHookAsksAndReportsOnStderr()
    {
        _home.Variables.Remove("HOME");

        var run = InProcessHook.Run(_home, Payloads.Bash("ls", _home.Project));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("ask", run.Answer.Decision);
        Assert.Contains("[rule mstro.internal-error]", run.Answer.Reason, StringComparison.Ordinal);
        Assert.Contains(run.Answer.ErrorId, run.StderrText, StringComparison.Ordinal);
        Assert.Contains("HOME is not set", run.StderrText, StringComparison.Ordinal);
    }

    [Fact]
    public void ABridgeThatThrowsLeavesTheLocalVerdictAndIsLogged()
    {
        var run = InProcessHook.Run(_home, Payloads.Bash("ls", _home.Project), new ThrowingBridge());

        Assert.Equal("allow", run.Answer.Decision);
        using var error = JsonDocument.Parse(Assert.Single(_home.ErrorLines()));
        Assert.Equal("bridge", error.RootElement.GetProperty("kind").GetString());
        Assert.Contains("server unreachable", error.RootElement.GetProperty("exception").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TheBridgeSeesTheRawPayloadAndTheLocalVerdict()
    {
        var payload = Payloads.Bash("npm test", _home.Project);
        var bridge = new FixedBridge(null);

        InProcessHook.Run(_home, payload, bridge);

        var (seenPayload, raw, local) = Assert.Single(bridge.Reviewed);
        Assert.Equal("Bash", seenPayload.ToolName);
        Assert.Equal(payload, raw);
        Assert.Equal(Decision.Allow, local.Decision);
    }

    /// <summary>Stands in for the future server bridge (issue 5): answers a fixed verdict, or the local one.</summary>
    private sealed class FixedBridge(Verdict? answer) : IHookBridge
    {
        public List<string> Notified { get; } = [];
        public List<(HookPayload, byte[], Verdict)> Reviewed { get; } = [];

        public Verdict Review(HookPayload payload, ReadOnlyMemory<byte> rawPayload, Verdict localVerdict)
        {
            Reviewed.Add((payload, rawPayload.ToArray(), localVerdict));
            return answer ?? localVerdict;
        }

        public void Notify(HookPayload payload, ReadOnlyMemory<byte> rawPayload) => Notified.Add(payload.HookEventName);
    }

    private sealed class ThrowingBridge : IHookBridge
    {
        public Verdict Review(HookPayload payload, ReadOnlyMemory<byte> rawPayload, Verdict localVerdict) =>
            throw new IOException("server unreachable");

        public void Notify(HookPayload payload, ReadOnlyMemory<byte> rawPayload) => throw new IOException("server unreachable");
    }
}
