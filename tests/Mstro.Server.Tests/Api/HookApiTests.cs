using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Mstro.Bouncer;
using Mstro.Server.Decisions;
using Mstro.Server.Events;
using Mstro.Server.Tests.Support;

namespace Mstro.Server.Tests.Api;

/// <summary>POST /api/hook: Layer 1's allow and deny stand, its ask goes to the ambiguous-call handler, every
/// decision becomes a verdict event.</summary>
public sealed class HookApiTests
{
    [Theory]
    [InlineData("allow", "none", "default.allow")]
    [InlineData("deny", "catastrophic", "core.delete-root")]
    public async Task Layer1AllowAndDenyStandAndArePublished(string decision, string severity, string ruleId)
    {
        await using var server = await RunningServer.StartAsync();
        using var subscription = server.Server.Events.Subscribe(16);
        using var client = server.AuthorizedClient();

        using var response = await client.PostAsync("/api/hook", RunningServer.Json(
            Payloads.HookRequest(Payloads.PreToolUse("rm -rf /"), Payloads.Verdict(decision, severity, ruleId, "because"))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(decision, answer.GetProperty("decision").GetString());
        Assert.Equal("rules", answer.GetProperty("layer").GetString());
        Assert.Equal(ruleId, answer.GetProperty("ruleId").GetString());
        Assert.Equal("because", answer.GetProperty("reason").GetString());

        var published = await ReadAsync(subscription);
        Assert.Equal(answer.GetProperty("seq").GetInt64(), published.Seq);
        var json = JsonDocument.Parse(published.Json).RootElement;
        Assert.Equal("verdict", json.GetProperty("type").GetString());
        var data = json.GetProperty("data");
        Assert.Equal(decision, data.GetProperty("decision").GetString());
        Assert.Equal("rm -rf /", data.GetProperty("summary").GetString());
        Assert.Equal("Bash", data.GetProperty("toolName").GetString());
        Assert.Equal("session-1", data.GetProperty("sessionId").GetString());
        Assert.Equal(severity, data.GetProperty("layer1").GetProperty("severity").GetString());
        Assert.Equal(0, data.GetProperty("layer1").GetProperty("findings").GetArrayLength());
        Assert.False(data.TryGetProperty("type", out _), "the type belongs to the envelope only");
    }

    [Fact]
    public async Task Layer1AskStaysAskWithoutALaterLayer()
    {
        await using var server = await RunningServer.StartAsync();
        using var client = server.AuthorizedClient();

        using var response = await client.PostAsync("/api/hook", RunningServer.Json(
            Payloads.HookRequest(verdict: Payloads.Verdict("ask", "ambiguous", "core.dynamic-code", "cannot tell"))));

        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("ask", answer.GetProperty("decision").GetString());
        Assert.Equal("core.dynamic-code", answer.GetProperty("ruleId").GetString());
    }

    [Fact]
    public async Task AmbiguousCallsGoToTheRegisteredHandlerWithTheSessionsLatestPrompt()
    {
        var handler = new RecordingHandler(new CallDecision(Decision.Allow, Layer.AiReview, "ai.review", "the user asked for it"));
        await using var server = await RunningServer.StartAsync(setup: new MstroServerSetup
        {
            ConfigureServices = services => services.AddSingleton<IAmbiguousCallHandler>(handler),
        });
        using var client = server.AuthorizedClient();
        await client.PostAsync("/api/events", RunningServer.Json(Payloads.EventRequest(Payloads.UserPromptSubmit("clean the build output"))));

        using var response = await client.PostAsync("/api/hook", RunningServer.Json(
            Payloads.HookRequest(Payloads.PreToolUse("eval \"$X\""), Payloads.Verdict("ask", "ambiguous", "core.dynamic-code", "cannot tell"))));
        using var decided = await client.PostAsync("/api/hook", RunningServer.Json(Payloads.HookRequest()));

        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("allow", answer.GetProperty("decision").GetString());
        Assert.Equal("ai-review", answer.GetProperty("layer").GetString());
        var call = Assert.Single(handler.Calls); // the allowed call never reached it
        Assert.Equal("clean the build output", call.LatestPrompt);
        Assert.Equal("eval \"$X\"", call.Payload.RequiredInputString("command"));
        Assert.Equal("core.dynamic-code", call.Layer1.RuleId);
    }

    [Fact]
    public async Task AnInjectedExceptionGives500WithAnErrorIdThatIsInTheLog()
    {
        await using var server = await RunningServer.StartAsync(setup: new MstroServerSetup
        {
            ConfigureServices = services => services.AddSingleton<IAmbiguousCallHandler>(new ThrowingHandler()),
        });
        using var client = server.AuthorizedClient();

        using var response = await client.PostAsync("/api/hook", RunningServer.Json(
            Payloads.HookRequest(verdict: Payloads.Verdict("ask", "ambiguous", "core.dynamic-code", "cannot tell"))));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal("internal", body.GetProperty("error").GetString());
        var errorId = body.GetProperty("errorId").GetString()!;
        Assert.Matches("^[0-9a-f]{12}$", errorId);
        Assert.Equal(2, body.EnumerateObject().Count());
        Assert.DoesNotContain(ThrowingHandler.Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain("/home/", text, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", text, StringComparison.Ordinal);

        var logged = Assert.Single(server.Log.Entries, e => e.Message.Contains(errorId, StringComparison.Ordinal));
        Assert.IsType<InvalidOperationException>(logged.Exception);
        Assert.Contains(ThrowingHandler.Secret, logged.Exception!.Message, StringComparison.Ordinal);
        Assert.NotNull(logged.Exception.StackTrace);
    }

    [Fact]
    public async Task NonPreToolUseEventsBecomeSessionEventsAndTheLatestPromptIsKept()
    {
        await using var server = await RunningServer.StartAsync();
        using var subscription = server.Server.Events.Subscribe(16);
        using var client = server.AuthorizedClient();

        using var start = await client.PostAsync("/api/events", RunningServer.Json(Payloads.EventRequest(Payloads.Event("SessionStart", extraField: "source", extraValue: "startup"))));
        using var prompt = await client.PostAsync("/api/events", RunningServer.Json(Payloads.EventRequest(Payloads.UserPromptSubmit("first"))));
        using var prompt2 = await client.PostAsync("/api/events", RunningServer.Json(Payloads.EventRequest(Payloads.UserPromptSubmit("second"))));
        using var stop = await client.PostAsync("/api/events", RunningServer.Json(Payloads.EventRequest(Payloads.Event("Stop"))));

        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var expected = new[] { ("SessionStart", "started", "startup"), ("UserPromptSubmit", "working", null), ("UserPromptSubmit", "working", null), ("Stop", "idle", null) };
        foreach (var (hookEvent, state, detail) in expected)
        {
            var data = JsonDocument.Parse((await ReadAsync(subscription)).Json).RootElement.GetProperty("data");
            Assert.Equal(hookEvent, data.GetProperty("hookEvent").GetString());
            Assert.Equal(state, data.GetProperty("state").GetString());
            Assert.Equal(detail, data.GetProperty("detail").GetString());
        }
        Assert.Equal("second", server.Server.Sessions.LatestPrompt("session-1"));
        Assert.Equal("idle", server.Server.Sessions.Find("session-1")!.State);
    }

    [Fact]
    public async Task PreToolUseAndOtherEventsGoToTheirOwnRoutes()
    {
        await using var server = await RunningServer.StartAsync();
        using var client = server.AuthorizedClient();

        using var preToolUseAsEvent = await client.PostAsync("/api/events", RunningServer.Json(Payloads.EventRequest(Payloads.PreToolUse())));
        using var eventAsCall = await client.PostAsync("/api/hook", RunningServer.Json(Payloads.HookRequest(Payloads.Event("Stop"))));

        Assert.Equal(HttpStatusCode.BadRequest, preToolUseAsEvent.StatusCode);
        Assert.Contains("/api/hook", await preToolUseAsEvent.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, eventAsCall.StatusCode);
        Assert.Contains("/api/events", await eventAsCall.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAmbiguousCallWaitingWhenTheServerStopsGetsAskAtOnce()
    {
        var waiting = new WaitingHandler();
        var server = await RunningServer.StartAsync(setup: new MstroServerSetup
        {
            ConfigureServices = services => services.AddSingleton<IAmbiguousCallHandler>(waiting),
        });
        using var client = server.AuthorizedClient();

        var call = client.PostAsync("/api/hook", RunningServer.Json(
            Payloads.HookRequest(verdict: Payloads.Verdict("ask", "dangerous", "core.push-force", "force push"))));
        await waiting.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await server.DisposeAsync();
        using var response = await call.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("ask", answer.GetProperty("decision").GetString());
        Assert.Contains("shutting down", answer.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    private static async Task<ServerEvent> ReadAsync(EventSubscription subscription)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        return await subscription.Live.ReadAsync(timeout.Token);
    }

    private sealed class RecordingHandler(CallDecision answer) : IAmbiguousCallHandler
    {
        public List<AmbiguousCall> Calls { get; } = [];

        public ValueTask<CallDecision> DecideAsync(AmbiguousCall request, CancellationToken cancellationToken)
        {
            Calls.Add(request);
            return ValueTask.FromResult(answer);
        }
    }

    /// <summary>A later layer that waits (for a person) until it is told to give up.</summary>
    private sealed class WaitingHandler : IAmbiguousCallHandler
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask<CallDecision> DecideAsync(AmbiguousCall request, CancellationToken cancellationToken)
        {
            Started.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }

    private sealed class ThrowingHandler : IAmbiguousCallHandler
    {
        public const string Secret = "sk-ant-secret-in-/home/user/.mstro/credentials";

        public ValueTask<CallDecision> DecideAsync(AmbiguousCall request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException($"the reviewer broke while reading {Secret}");
    }
}
