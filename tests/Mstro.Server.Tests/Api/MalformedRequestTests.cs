using System.Net;
using System.Text;
using System.Text.Json;
using Mstro.Server.Tests.Support;

namespace Mstro.Server.Tests.Api;

/// <summary>Bad input is a 4xx with a message that says what and where; never a 500.</summary>
public sealed class MalformedRequestTests
{
    public static TheoryData<string, string, string> BadHookBodies => new()
    {
        { "/api/hook", "not json", "not valid JSON, or a field has the wrong type (line 1, byte 2)" },
        { "/api/hook", """{"payload":""", "not valid JSON" },
        { "/api/hook", "null", "the request body is null" },
        { "/api/hook", "[1,2]", "not valid JSON, or a field has the wrong type (line 1" },
        { "/api/hook", """{"verdict":{}}""", "field \"payload\" is missing" },
        { "/api/hook", """{"payload":"text","verdict":{}}""", "field \"payload\" must be a JSON object" },
        { "/api/hook", $$"""{"payload":{{Payloads.PreToolUse()}}}""", "field \"verdict\" is missing" },
        { "/api/hook", Payloads.HookRequest(verdict: """{"severity":"none","ruleId":"r","reason":"x","layer":"rules"}"""), "field \"verdict.decision\" is missing" },
        { "/api/hook", Payloads.HookRequest(verdict: """{"decision":"allow","severity":"none","reason":"x","layer":"rules"}"""), "field \"verdict.ruleId\" is missing" },
        { "/api/hook", Payloads.HookRequest(verdict: """{"decision":"maybe","severity":"none","ruleId":"r","reason":"x","layer":"rules"}"""), "at field \"verdict.decision\"" },
        { "/api/hook", Payloads.HookRequest(verdict: """{"decision":0,"severity":"none","ruleId":"r","reason":"x","layer":"rules"}"""), "at field \"verdict.decision\"" },
        { "/api/hook", Payloads.HookRequest(verdict: """{"decision":"allow","severity":"none","ruleId":"r","reason":"x","layer":"rules","findings":[{"severity":"none"}]}"""), "field \"verdict.findings[0].ruleId\" is missing" },
        { "/api/hook", Payloads.HookRequest(verdict: """{"decision":"ask","severity":"ambiguous","ruleId":"r","reason":"x","layer":"rules","findings":[{"ruleId":"r","severity":"ambiguous","reason":"y"},{"ruleId":"s","reason":"z"}]}"""), "field \"verdict.findings[1].severity\" is missing" },
        { "/api/hook", Payloads.HookRequest(verdict: """{"decision":"ask","severity":"ambiguous","ruleId":"r","reason":"x","layer":"rules","findings":[null]}"""), "field \"verdict.findings[0]\" is null" },
        { "/api/hook", Payloads.HookRequest("""{"hook_event_name":"PreToolUse","cwd":"/p","tool_input":{}}"""), "payload: field \"tool_name\" is missing" },
        { "/api/hook", Payloads.HookRequest("""{"hook_event_name":"PreToolUse","cwd":"relative","tool_name":"Bash","tool_input":{}}"""), "payload: field \"cwd\" must be an absolute path" },
        { "/api/events", "{}", "field \"payload\" is missing" },
        { "/api/events", """{"payload":{"session_id":"s"}}""", "payload: field \"hook_event_name\" is missing" },
    };

    [Theory]
    [MemberData(nameof(BadHookBodies))]
    public async Task MalformedBodiesGet400WithAPreciseMessage(string path, string body, string expected)
    {
        await using var server = await RunningServer.StartAsync();
        using var client = server.AuthorizedClient();

        using var response = await client.PostAsync(path, RunningServer.Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("bad-request", error.GetProperty("error").GetString());
        Assert.Contains(expected, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEmptyBodyIs400()
    {
        await using var server = await RunningServer.StartAsync();
        using var client = server.AuthorizedClient();

        using var response = await client.PostAsync("/api/hook", RunningServer.Json(""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("the request body is empty", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABodyThatIsNotJsonByContentTypeIs415()
    {
        await using var server = await RunningServer.StartAsync();
        using var client = server.AuthorizedClient();

        using var response = await client.PostAsync("/api/hook", new StringContent(Payloads.HookRequest(), Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task ABodyOverTheCapIs413WithContentLength()
    {
        await using var server = await RunningServer.StartAsync(options => options.MaxRequestBodyBytes = 4096);
        using var client = server.AuthorizedClient();

        using var response = await client.PostAsync("/api/hook", RunningServer.Json(Payloads.HookRequest(Payloads.PreToolUse(new string('a', 5000)))));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("payload-too-large", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task ABodyOverTheCapIs413WhenChunked()
    {
        await using var server = await RunningServer.StartAsync(options => options.MaxRequestBodyBytes = 4096);
        using var client = server.AuthorizedClient();
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(Payloads.HookRequest(Payloads.PreToolUse(new string('a', 50_000))))));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/hook") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task AnUnauthenticatedBodyIsNeverParsed()
    {
        await using var server = await RunningServer.StartAsync();
        using var client = server.Client();

        using var response = await client.PostAsync("/api/hook", RunningServer.Json("not json"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
