using System.Text;
using System.Text.Json;
using Mstro.Hook;
using Mstro.Cli.Tests.TestSupport;

namespace Mstro.Cli.Tests.Hook;

/// <summary>Every kind of bad payload is answered with ask, never allow, with an error id whose full error is in the
/// error log, and the audit line records the same id.</summary>
public sealed class MalformedPayloadTests : IDisposable
{
    private readonly TempHome _home = new();

    public void Dispose() => _home.Dispose();

    public static TheoryData<string, byte[], string> Cases()
    {
        const string envelope = "\"session_id\":\"s\",\"cwd\":\"/work/p\",\"hook_event_name\":\"PreToolUse\"";
        var data = new TheoryData<string, byte[], string>
        {
            { "not JSON", "this is not json"u8.ToArray(), "not valid JSON" },
            { "truncated JSON", Encoding.UTF8.GetBytes("{" + envelope + ",\"tool_name\":\"Bash\",\"tool_input\":{\"comm"), "not valid JSON" },
            { "an array", "[1,2,3]"u8.ToArray(), "must be a JSON object, not an array" },
            { "a string", "\"PreToolUse\""u8.ToArray(), "must be a JSON object, not a string" },
            { "null", "null"u8.ToArray(), "must be a JSON object, not null" },
            { "empty stdin", [], "stdin was empty" },
            { "only whitespace", " \n\t\r\n"u8.ToArray(), "stdin was empty" },
            { "missing hook_event_name", """{"cwd":"/p","tool_name":"Bash","tool_input":{"command":"ls"}}"""u8.ToArray(), "field \"hook_event_name\" is missing" },
            { "missing tool_input", Encoding.UTF8.GetBytes("{" + envelope + ",\"tool_name\":\"Bash\"}"), "field \"tool_input\" is missing" },
            { "missing tool_name", Encoding.UTF8.GetBytes("{" + envelope + ",\"tool_input\":{}}"), "field \"tool_name\" is missing" },
            { "missing cwd", """{"hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"ls"}}"""u8.ToArray(), "field \"cwd\" is missing" },
            { "relative cwd", """{"hook_event_name":"PreToolUse","cwd":"work/p","tool_name":"Bash","tool_input":{"command":"ls"}}"""u8.ToArray(), "absolute path" },
            { "cwd a number", """{"hook_event_name":"PreToolUse","cwd":7,"tool_name":"Bash","tool_input":{"command":"ls"}}"""u8.ToArray(), "\"cwd\" must be a string" },
            { "event a number", """{"hook_event_name":1,"cwd":"/p","tool_name":"Bash","tool_input":{}}"""u8.ToArray(), "\"hook_event_name\" must be a string" },
            { "tool_input a string", Encoding.UTF8.GetBytes("{" + envelope + ",\"tool_name\":\"Bash\",\"tool_input\":\"ls\"}"), "\"tool_input\" must be an object" },
            { "tool_input an array", Encoding.UTF8.GetBytes("{" + envelope + ",\"tool_name\":\"Bash\",\"tool_input\":[\"ls\"]}"), "\"tool_input\" must be an object" },
            { "tool_name an object", Encoding.UTF8.GetBytes("{" + envelope + ",\"tool_name\":{},\"tool_input\":{}}"), "\"tool_name\" must be a string" },
            { "Bash without a command", Encoding.UTF8.GetBytes("{" + envelope + ",\"tool_name\":\"Bash\",\"tool_input\":{}}"), "\"tool_input.command\" is missing" },
            { "Bash command a number", Encoding.UTF8.GetBytes("{" + envelope + ",\"tool_name\":\"Bash\",\"tool_input\":{\"command\":42}}"), "\"tool_input.command\" must be a string" },
            { "invalid UTF-8", [.. Encoding.UTF8.GetBytes("{" + envelope + ",\"tool_name\":\"Bash\",\"tool_input\":{\"command\":\"rm "), 0xC3, 0x28, .. "\"}}"u8.ToArray()], "not valid UTF-8 (byte" },
            { "cwd with a NUL", """{"hook_event_name":"PreToolUse","cwd":"/p\u0000","tool_name":"Bash","tool_input":{"command":"ls"}}"""u8.ToArray(), "\"cwd\" contains a NUL" },
            { "lone surrogate escape", """{"hook_event_name":"PreToolUse","cwd":"/p","session_id":"\ud800","tool_name":"Bash","tool_input":{"command":"ls"}}"""u8.ToArray(), "\"session_id\" is not valid text" },
            { "deep nesting", Encoding.UTF8.GetBytes("{" + envelope + ",\"tool_name\":\"Bash\",\"tool_input\":" + new string('[', 5000) + new string(']', 5000) + "}"), "not valid JSON" },
        };
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void AMalformedPayloadIsAnsweredWithAskAndAnErrorIdThatIsInTheErrorLog(string kind, byte[] payload, string expected)
    {
        var run = InProcessHook.Run(_home, payload);

        Assert.Equal(0, run.ExitCode);
        var answer = run.Answer;
        Assert.True(answer.Decision == "ask", $"{kind}: {answer.Decision}");
        Assert.Contains("could not read the hook payload: ", answer.Reason, StringComparison.Ordinal);
        Assert.Contains(expected, answer.Reason, StringComparison.Ordinal);
        Assert.EndsWith("[rule mstro.bad-payload]", answer.Reason, StringComparison.Ordinal);

        var id = answer.ErrorId;
        using var error = JsonDocument.Parse(Assert.Single(_home.ErrorLines()));
        Assert.Equal(id, error.RootElement.GetProperty("errorId").GetString());
        Assert.Equal("bad-payload", error.RootElement.GetProperty("kind").GetString());
        Assert.Contains(expected, error.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);

        using var audit = JsonDocument.Parse(Assert.Single(_home.AuditLines()));
        Assert.Equal("ask", audit.RootElement.GetProperty("decision").GetString());
        Assert.Equal(id, audit.RootElement.GetProperty("errorId").GetString());
    }

    [Fact]
    public void TheReasonReadsAsTheBriefAsks()
    {
        var run = InProcessHook.Run(_home, """{"hook_event_name":"PreToolUse","cwd":"/p","tool_name":"Bash"}"""u8.ToArray());

        Assert.Matches(
            "^mstro: could not read the hook payload: field \"tool_input\" is missing \\(error id [0-9a-f]{12}\\), so it asks \\[rule mstro.bad-payload\\]$",
            run.Answer.Reason);
    }

    [Fact]
    public void AFiveMegabytePayloadIsRefusedWithAskWithoutBufferingItAll()
    {
        var command = new string('a', 5 * 1024 * 1024);
        var payload = Payloads.Bash(command, _home.Project);

        var run = InProcessHook.Run(_home, payload);

        Assert.Equal("ask", run.Answer.Decision);
        Assert.Contains("larger than the 4 MB mstro accepts", run.Answer.Reason, StringComparison.Ordinal);
        Assert.Contains(run.Answer.ErrorId, Assert.Single(_home.ErrorLines()), StringComparison.Ordinal);
    }

    [Fact]
    public void APayloadJustUnderTheLimitIsReadAndHandedToLayerOne()
    {
        var payload = Payloads.Bash("echo " + new string('a', HookRunner.MaxPayloadBytes - 1024), _home.Project);
        Assert.True(payload.Length <= HookRunner.MaxPayloadBytes);

        var run = InProcessHook.Run(_home, payload);

        // Layer 1 decides (it may well ask about a 4 MB command); what matters here is that the payload was read.
        Assert.DoesNotContain("could not read the hook payload", run.Answer.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("[rule mstro.", run.Answer.Reason, StringComparison.Ordinal);
        Assert.Empty(_home.ErrorLines());
    }

    [Fact]
    public void TheErrorLogIsPrivateAndKeepsARedactedStartOfThePayload()
    {
        var run = InProcessHook.Run(_home, """{"hook_event_name":"PreToolUse","cwd":"/p","tool_name":"Bash","tool_input":{"command":"mysql -u root -ps3cretpw"}"""u8.ToArray());

        Assert.Equal("ask", run.Answer.Decision);
        var line = Assert.Single(_home.ErrorLines());
        Assert.DoesNotContain("s3cretpw", line, StringComparison.Ordinal);
        Assert.Contains("-p[REDACTED]", line, StringComparison.Ordinal);
        Assert.Equal(FileModes.PrivateFile, FileModes.Of(_home.ErrorLog));
        Assert.Equal(FileModes.PrivateDirectory,
            FileModes.Of(Path.GetDirectoryName(_home.ErrorLog)!));
        Assert.Equal(FileModes.PrivateDirectory, FileModes.Of(Path.Join(_home.Home, ".mstro")));
    }
}
