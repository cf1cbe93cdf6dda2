using System.Text.Json;
using Mstro.Cli.Tests.TestSupport;

namespace Mstro.Cli.Tests.Processes;

/// <summary>The real <c>mstro</c> executable, started as Claude Code starts it: payload on stdin, a temp HOME.</summary>
[Collection(RealProcesses.Name)]
public sealed class HookProcessTests : IDisposable
{
    private readonly TempHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public void ABashPayloadIsAnsweredOnStdoutWithExitZeroAndAPrivateAuditLine()
    {
        var configDir = Path.Join(_home.Root, "claude-config");
        _home.Variables["CLAUDE_CONFIG_DIR"] = configDir;

        var run = MstroProcess.RunHook(_home, Payloads.Bash("npm test", _home.Project, session: "proc-1"));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("allow", HookAnswer.Parse(run.Stdout).Decision);
        var logDir = Path.Join(configDir, "logs");
        var log = Path.Join(logDir, "bouncer.log");
        Assert.Equal(FileModes.PrivateDirectory, FileModes.Of(logDir));
        Assert.Equal(FileModes.PrivateFile, FileModes.Of(log));
        using var line = JsonDocument.Parse(Assert.Single(File.ReadAllLines(log)));
        Assert.Equal("proc-1", line.RootElement.GetProperty("session").GetString());
        Assert.True(line.RootElement.GetProperty("durationUs").GetInt64() > 0);
    }

    [Fact]
    public void AMalformedPayloadIsAnsweredWithAskAndTheErrorIdIsInTheErrorLog()
    {
        var run = MstroProcess.RunHook(_home, """{"hook_event_name":"PreToolUse","cwd":"/p","tool_name":"Bash"}"""u8.ToArray());

        Assert.Equal(0, run.ExitCode);
        var answer = HookAnswer.Parse(run.Stdout);
        Assert.Equal("ask", answer.Decision);
        Assert.Contains(answer.ErrorId, Assert.Single(File.ReadAllLines(_home.ErrorLog)), StringComparison.Ordinal);
        Assert.Equal(FileModes.PrivateFile, FileModes.Of(_home.ErrorLog));
    }

    [Fact]
    public void AnotherEventGetsNoAnswer()
    {
        var run = MstroProcess.RunHook(_home, Payloads.Event("SessionStart", _home.Project));

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.False(File.Exists(_home.AuditLog));
    }

    [Fact]
    public void AFiveMegabytePayloadIsReadToTheEndAndAnsweredWithAsk()
    {
        var payload = Payloads.Bash(new string('y', 5 * 1024 * 1024), _home.Project);

        var run = MstroProcess.RunHook(_home, payload);

        Assert.Equal(0, run.ExitCode);
        var answer = HookAnswer.Parse(run.Stdout);
        Assert.Equal("ask", answer.Decision);
        Assert.Contains("larger than the 4 MB", answer.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutHomeTheHookStillAnswersAskAndReportsOnStderr()
    {
        _home.Variables["HOME"] = null;

        var run = MstroProcess.RunHook(_home, Payloads.Bash("ls", _home.Project));

        Assert.Equal(0, run.ExitCode);
        var answer = HookAnswer.Parse(run.Stdout);
        Assert.Equal("ask", answer.Decision);
        Assert.Contains(answer.ErrorId, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void VersionAndHelpWork()
    {
        var version = MstroProcess.Run(_home, null, "--version");
        var help = MstroProcess.Run(_home, null, "--help");
        var checkHelp = MstroProcess.Run(_home, null, "check", "--help");

        Assert.Equal(0, version.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", version.StdoutText);
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("hook", help.StdoutText, StringComparison.Ordinal);
        Assert.Contains("check", help.StdoutText, StringComparison.Ordinal);
        Assert.Equal(0, checkHelp.ExitCode);
        Assert.Contains("--jsonl", checkHelp.StdoutText, StringComparison.Ordinal);
        Assert.Contains("0 allow, 1 ask, 2 deny, 3 error", checkHelp.StdoutText, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownCommandIsAClearErrorWithExitThree()
    {
        var run = MstroProcess.Run(_home, null, "frobnicate");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("frobnicate", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckPrintsTheVerdictAndExitsWithItsCode()
    {
        var human = MstroProcess.Run(_home, null, "check", "--cwd", _home.Project, "git status");
        var json = MstroProcess.Run(_home, null, "check", "--json", "ls -la");

        Assert.Equal(0, human.ExitCode);
        Assert.StartsWith("decision  allow\nrule      default.allow\n", human.StdoutText, StringComparison.Ordinal);
        Assert.Equal(0, json.ExitCode);
        using var document = JsonDocument.Parse(json.Stdout);
        Assert.Equal("allow", document.RootElement.GetProperty("decision").GetString());
        Assert.False(File.Exists(_home.AuditLog));
    }

    [Fact]
    public void CheckWithoutACommandIsAUsageError()
    {
        var none = MstroProcess.Run(_home, null, "check");
        var both = MstroProcess.Run(_home, null, "check", "--jsonl", "-", "ls");
        var missing = MstroProcess.Run(_home, null, "check", "--jsonl", Path.Join(_home.Root, "no-such-file"));

        Assert.Equal(3, none.ExitCode);
        Assert.Contains("give a command", none.Stderr, StringComparison.Ordinal);
        Assert.Equal(3, both.ExitCode);
        Assert.Equal(3, missing.ExitCode);
        Assert.Contains("cannot read", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckJsonLinesReadsStdinAndReplaysAnAuditLogFile()
    {
        MstroProcess.RunHook(_home, Payloads.Bash("make test", _home.Project));
        MstroProcess.RunHook(_home, Payloads.Bash("make lint", _home.Project));

        var replay = MstroProcess.Run(_home, null, "check", "--jsonl", _home.AuditLog);
        var fromStdin = MstroProcess.Run(_home, [.. Payloads.Bash("ls", _home.Project), .. "oops\n"u8], "check", "--jsonl", "-");

        Assert.Equal(0, replay.ExitCode);
        var replayed = replay.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, replayed.Length);
        Assert.All(replayed, l => Assert.Contains("\"logged\":{\"decision\":\"allow\"", l, StringComparison.Ordinal));
        Assert.Equal(3, fromStdin.ExitCode);
        var lines = fromStdin.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains("\"decision\":\"allow\"", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("{\"line\":2,\"error\":", lines[1], StringComparison.Ordinal);
        Assert.Equal(2, File.ReadAllLines(_home.AuditLog).Length);
    }
}

/// <summary>Tests that start many real processes run one class at a time, so they do not starve each other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealProcesses
{
    public const string Name = "real mstro processes";
}
