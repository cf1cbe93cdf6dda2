using System.Text;
using Mstro.Bouncer.Hook;

namespace Mstro.Bouncer.Tests.Hook;

public class HookPayloadTests
{
    private static HookPayload Parse(string json) => HookPayload.Parse(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void ParsesBashPayloadAndIgnoresUnknownFields()
    {
        var payload = Parse("""
            {"session_id":"abc","prompt_id":"p","effort":{"level":"medium"},"transcript_path":"/t.jsonl",
             "cwd":"/home/u/p","permission_mode":"default","hook_event_name":"PreToolUse","tool_name":"Bash",
             "tool_input":{"command":"npm test","description":"d","timeout":120000},"tool_use_id":"toolu_1","new_field":[1]}
            """);
        Assert.True(payload.IsPreToolUse);
        Assert.Equal("Bash", payload.ToolName);
        Assert.Equal("/home/u/p", payload.Cwd);
        Assert.Equal("npm test", payload.RequiredInputString("command"));
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[1]", "must be a JSON object")]
    [InlineData("""{"cwd":"/p","tool_name":"Bash","tool_input":{}}""", "\"hook_event_name\" is missing")]
    [InlineData("""{"hook_event_name":"PreToolUse","cwd":"/p","tool_input":{}}""", "\"tool_name\" is missing")]
    [InlineData("""{"hook_event_name":"PreToolUse","cwd":"/p","tool_name":"Bash"}""", "\"tool_input\" is missing")]
    [InlineData("""{"hook_event_name":"PreToolUse","cwd":"/p","tool_name":"Bash","tool_input":"x"}""", "must be an object")]
    [InlineData("""{"hook_event_name":"PreToolUse","cwd":"rel","tool_name":"Bash","tool_input":{}}""", "absolute path")]
    [InlineData("""{"hook_event_name":"PreToolUse","cwd":7,"tool_name":"Bash","tool_input":{}}""", "\"cwd\" must be a string")]
    public void MalformedPayloadsAreRejectedWithThePreciseField(string json, string expected)
    {
        var error = Assert.Throws<HookPayloadException>(() => Parse(json));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CommandOfTheWrongTypeIsAnError()
    {
        var payload = Parse("""{"hook_event_name":"PreToolUse","cwd":"/p","tool_name":"Bash","tool_input":{"command":5}}""");
        var error = Assert.Throws<HookPayloadException>(() => payload.RequiredInputString("command"));
        Assert.Contains("tool_input.command\" must be a string", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OtherEventsNeedOnlyTheirName()
    {
        var payload = Parse("""{"hook_event_name":"SessionStart","session_id":"s","source":"startup"}""");
        Assert.False(payload.IsPreToolUse);
        Assert.Equal("s", payload.SessionId);
    }

    [Fact]
    public void AnUnpairedSurrogateIsABadPayloadNamingTheField()
    {
        var payload = Parse("""{"hook_event_name":"PreToolUse","cwd":"/p","tool_name":"Bash","tool_input":{"command":"echo \ud800"}}""");
        var error = Assert.Throws<HookPayloadException>(() => payload.RequiredInputString("command"));
        Assert.Contains("tool_input.command\" is not valid text", error.Message, StringComparison.Ordinal);
        Assert.Throws<HookPayloadException>(() => Parse("""{"hook_event_name":"PreToolUse","cwd":"/\udc00","tool_name":"Bash","tool_input":{}}"""));
    }
}
