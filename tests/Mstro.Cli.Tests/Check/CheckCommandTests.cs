using System.Text;
using System.Text.Json;
using Mstro.Cli.Check;
using Mstro.Cli.Tests.TestSupport;

namespace Mstro.Cli.Tests.Check;

public sealed class CheckCommandTests : IDisposable
{
    private readonly TempHome _home = new();
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    public void Dispose()
    {
        _home.Dispose();
        _output.Dispose();
        _error.Dispose();
    }

    private CheckCommand Checker() => new(_home.Get, _output, _error);

    private string[] OutputLines() => _output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void ACommandIsExplainedForAPerson()
    {
        var exitCode = Checker().RunCommand("dotnet build", json: false, cwd: _home.Project);

        Assert.Equal(ExitCodes.Allow, exitCode);
        Assert.Equal(
            "decision  allow\nrule      default.allow\nreason    No rule matched: nothing dangerous was found.\nfindings  none\n",
            _output.ToString());
    }

    [Fact]
    public void ACommandIsExplainedAsOneJsonObject()
    {
        var exitCode = Checker().RunCommand("ls", json: true, cwd: _home.Project);

        Assert.Equal(ExitCodes.Allow, exitCode);
        using var document = JsonDocument.Parse(Assert.Single(OutputLines()));
        Assert.Equal(["decision", "severity", "rule", "reason", "layer", "findings"],
            document.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("allow", document.RootElement.GetProperty("decision").GetString());
        Assert.Equal(JsonValueKind.Array, document.RootElement.GetProperty("findings").ValueKind);
    }

    [Fact]
    public void CheckNeverWritesTheAuditLog()
    {
        Checker().RunCommand("ls", json: false, cwd: _home.Project);
        Checker().RunJsonLines(new MemoryStream(Payloads.Bash("ls", _home.Project)));

        Assert.False(File.Exists(_home.AuditLog));
    }

    [Fact]
    public void JsonLinesAnswerOneLinePerLineInOrderAndCarryOnAfterABadLine()
    {
        var input = new MemoryStream([
            .. Payloads.Bash("npm test", _home.Project),
            .. "{not json\n"u8,
            .. Payloads.Event("Stop", _home.Project), .. "\n"u8,
            .. "\n"u8,
            .. """{"hook_event_name":"PreToolUse","cwd":"/p","tool_name":"Bash","tool_input":{}}"""u8, .. "\r\n"u8,
            .. new byte[] { 0xFF, 0xFE, (byte)'\n' },
            .. Payloads.PreToolUse("Read", _home.Project, new() { ["file_path"] = "/etc/hosts" }),
        ]);

        var exitCode = Checker().RunJsonLines(input);

        Assert.Equal(ExitCodes.Error, exitCode);
        var lines = OutputLines().Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(7, lines.Length);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], lines.Select(l => l.GetProperty("line").GetInt32()));
        Assert.Equal("allow", lines[0].GetProperty("decision").GetString());
        Assert.Equal("Bash", lines[0].GetProperty("tool").GetString());
        Assert.StartsWith("not valid JSON", lines[1].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("not a PreToolUse event (Stop)", lines[2].GetProperty("skipped").GetString());
        Assert.Equal("empty line", lines[3].GetProperty("skipped").GetString());
        Assert.Equal("field \"tool_input.command\" is missing for tool Bash", lines[4].GetProperty("error").GetString());
        Assert.Equal("not valid UTF-8 (byte 1)", lines[5].GetProperty("error").GetString());
        Assert.Equal("Read", lines[6].GetProperty("tool").GetString());
    }

    [Fact]
    public void WithoutBadLinesTheExitCodeIsTheStrictestDecision()
    {
        var exitCode = Checker().RunJsonLines(new MemoryStream([.. Payloads.Bash("ls", _home.Project), .. Payloads.Bash("pwd", _home.Project)]));

        Assert.Equal(ExitCodes.Allow, exitCode);
        Assert.Equal(2, OutputLines().Length);
    }

    [Fact]
    public void AnAuditLogIsReplayedWithTheLoggedDecisionAlongside()
    {
        _home.Variables["CLAUDE_PROJECT_DIR"] = _home.Project;
        InProcessHook.Run(_home, Payloads.Bash("git status", Path.Join(_home.Project, "src")));
        InProcessHook.Run(_home, """{"hook_event_name":"PreToolUse","cwd":"/p","tool_name":"Bash"}"""u8.ToArray());
        InProcessHook.Run(_home, Payloads.PreToolUse("Write", _home.Project, new() { ["file_path"] = Path.Join(_home.Project, "a.txt"), ["content"] = "x" }));
        Assert.Equal(3, _home.AuditLines().Length);

        using var log = File.OpenRead(_home.AuditLog);
        var exitCode = Checker().RunJsonLines(log);

        Assert.Equal(ExitCodes.Allow, exitCode);
        var lines = OutputLines().Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(3, lines.Length);
        Assert.Equal("allow", lines[0].GetProperty("decision").GetString());
        Assert.Equal("allow", lines[0].GetProperty("logged").GetProperty("decision").GetString());
        Assert.Equal("default.allow", lines[0].GetProperty("logged").GetProperty("rule").GetString());
        Assert.StartsWith("the logged payload was malformed (error id ", lines[1].GetProperty("skipped").GetString(), StringComparison.Ordinal);
        Assert.Equal("Write", lines[2].GetProperty("tool").GetString());
    }

    [Fact]
    public void AnAuditLineWithABadFieldIsAnErrorForThatLine()
    {
        var exitCode = Checker().RunJsonLines(new MemoryStream(
            """{"time":"2026-01-01T00:00:00.000Z","tool":"Bash","cwd":"/p","input":"ls","decision":"allow"}"""u8.ToArray()));

        Assert.Equal(ExitCodes.Error, exitCode);
        using var document = JsonDocument.Parse(Assert.Single(OutputLines()));
        Assert.Equal("audit field \"input\" must be an object", document.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public void AnOversizedLineIsReportedAndTheNextLineIsStillDecided()
    {
        var huge = Encoding.UTF8.GetBytes(new string('x', 5 * 1024 * 1024) + "\n");

        var exitCode = Checker().RunJsonLines(new MemoryStream([.. huge, .. Payloads.Bash("ls", _home.Project)]));

        Assert.Equal(ExitCodes.Error, exitCode);
        var lines = OutputLines().Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal("the line is longer than the 4 MB mstro accepts", lines[0].GetProperty("error").GetString());
        Assert.Equal("allow", lines[1].GetProperty("decision").GetString());
    }

    [Fact]
    public void WithoutAHomeCheckFailsClearly()
    {
        _home.Variables.Remove("HOME");

        Assert.Equal(ExitCodes.Error, Checker().RunCommand("ls", json: false, cwd: "/"));
        Assert.Contains("HOME is not set", _error.ToString(), StringComparison.Ordinal);
    }
}
