using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Mstro.Bouncer;
using Mstro.Hook.Bridge;
using Mstro.Server.Tests.Support;

namespace Mstro.Server.Tests.Bridge;

/// <summary>The hook's client: the server's decision when a server answers, null (the hook keeps Layer 1's answer)
/// for every way a server can be missing or broken, and never an exception.</summary>
public sealed class HookBridgeTests
{
    private static readonly Verdict Ambiguous = new(Decision.Ask, Severity.Ambiguous, "core.dynamic-code", "cannot tell", Layer.Rules,
        [new Finding("core.dynamic-code", Severity.Ambiguous, "eval of a variable", "eval \"$X\"")]);

    private static readonly Verdict Allowed = new(Decision.Allow, Severity.None, "default.allow", "fine", Layer.Rules, []);

    private static readonly BridgeTimeouts Tight = new(TimeSpan.FromMilliseconds(150), TimeSpan.FromMilliseconds(300),
        TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(300));

    /// <summary>For answers that must arrive: a cold JIT may need more than the production budget for a first request.</summary>
    private static readonly BridgeTimeouts Generous = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10),
        TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));

    private static byte[] Payload => Encoding.UTF8.GetBytes(Payloads.PreToolUse("eval \"$X\""));

    [Fact]
    public async Task ARunningServerDecidesAndPublishesTheVerdict()
    {
        await using var server = await RunningServer.StartAsync();
        using var subscription = server.Server.Events.Subscribe(8);

        var decision = HookBridge.ForwardCall(server.Home.MstroDirectory, Payload, Ambiguous, Generous);

        Assert.NotNull(decision);
        Assert.Equal(Decision.Ask, decision.Decision);
        Assert.Equal("core.dynamic-code", decision.RuleId);
        Assert.True(subscription.Live.TryRead(out var published));
        Assert.Equal(decision.Seq, published.Seq);
        var data = JsonDocument.Parse(published.Json).RootElement.GetProperty("data");
        Assert.Equal("eval of a variable", data.GetProperty("layer1").GetProperty("findings")[0].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task EventsAreForwardedToARunningServer()
    {
        await using var server = await RunningServer.StartAsync();

        var taken = HookBridge.ForwardEvent(server.Home.MstroDirectory, Encoding.UTF8.GetBytes(Payloads.UserPromptSubmit("build it")), Generous);

        Assert.True(taken);
        Assert.Equal("build it", server.Server.Sessions.LatestPrompt("session-1"));
    }

    [Fact]
    public void NoRuntimeFileMeansNoServer()
    {
        using var home = new TempHome();

        Assert.Null(HookBridge.ForwardCall(home.MstroDirectory, Payload, Ambiguous));
        Assert.False(HookBridge.ForwardEvent(home.MstroDirectory, Payload));
    }

    [Fact]
    public async Task AStaleRuntimeFileIsIgnored()
    {
        await using var server = await RunningServer.StartAsync();
        using var home = new TempHome();
        Directory.CreateDirectory(home.MstroDirectory);
        // The real server's address and token, but a dead pid: the bridge must not even try.
        var runtime = server.Runtime with { Pid = Processes.DeadPid() };
        await File.WriteAllTextAsync(home.RuntimeFile, JsonSerializer.Serialize(runtime, Mstro.Protocol.ProtocolJsonContext.Default.RuntimeInfo));
        using var subscription = server.Server.Events.Subscribe(8);

        Assert.Null(HookBridge.ForwardCall(home.MstroDirectory, Payload, Ambiguous));
        Assert.False(subscription.Live.TryRead(out _));
    }

    [Fact]
    public async Task ADeadPortAnswersNullAtOnce()
    {
        using var home = new TempHome();
        int port;
        await using (var server = await RunningServer.StartAsync(home: home)) port = server.Port;
        WriteRuntimeFile(home, port);

        var clock = Stopwatch.StartNew();
        var decision = HookBridge.ForwardCall(home.MstroDirectory, Payload, Ambiguous);

        Assert.Null(decision);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}"); // refused, not timed out
    }

    [Fact]
    public async Task AServerThatNeverAnswersIsAbandonedAfterTheReadTimeout()
    {
        using var home = new TempHome();
        await using var silent = new RawHttpServer(response: null);
        WriteRuntimeFile(home, silent.Port);

        var clock = Stopwatch.StartNew();
        var decision = HookBridge.ForwardCall(home.MstroDirectory, Payload, Ambiguous, Tight);

        Assert.Null(decision);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
        Assert.False(HookBridge.ForwardEvent(home.MstroDirectory, Payload, Tight));
    }

    public static TheoryData<string> BrokenAnswers => new()
    {
        RawHttpServer.Response(500, """{"error":"internal","errorId":"abc"}"""),
        RawHttpServer.Response(401, """{"error":"unauthorized"}"""),
        RawHttpServer.Response(200, "hello"),
        RawHttpServer.Response(200, "{}"),
        RawHttpServer.Response(200, """{"reason":"x","layer":"rules","ruleId":"r","seq":1}"""),
        RawHttpServer.Response(200, """{"decision":"yes","reason":"x","layer":"rules","ruleId":"r","seq":1}"""),
        RawHttpServer.Response(200, """{"decision":"allow","reason":null,"layer":"rules","ruleId":"r","seq":1}"""),
        RawHttpServer.Response(200, """{"decision":7,"reason":"x","layer":"rules","ruleId":"r","seq":1}"""),
        "not http at all\r\n\r\n",
    };

    [Theory]
    [MemberData(nameof(BrokenAnswers))]
    public async Task ABrokenAnswerIsIgnored(string rawResponse)
    {
        using var home = new TempHome();
        await using var broken = new RawHttpServer(rawResponse);
        WriteRuntimeFile(home, broken.Port);

        Assert.Null(HookBridge.ForwardCall(home.MstroDirectory, Payload, Ambiguous, Tight));
    }

    [Fact]
    public async Task AWellFormedAnswerFromTheRawServerIsRead()
    {
        // The control for the broken answers above: the same fake server with a correct body is understood.
        using var home = new TempHome();
        await using var fake = new RawHttpServer(RawHttpServer.Response(200,
            """{"decision":"allow","reason":"ok by review","layer":"ai-review","ruleId":"ai","seq":9}"""));
        WriteRuntimeFile(home, fake.Port);

        var decision = HookBridge.ForwardCall(home.MstroDirectory, Payload, Ambiguous, Generous);

        Assert.Equal(new BridgeDecision(Decision.Allow, "ok by review", Layer.AiReview, "ai", 9), decision);
    }

    [Fact]
    public void NothingLoosensALayer1Deny()
    {
        var denied = new Verdict(Decision.Deny, Severity.Catastrophic, "core.delete-root", "no", Layer.Rules, []);
        var serverSaysAllow = new BridgeDecision(Decision.Allow, "fine", Layer.AiReview, "ai", 1);

        Assert.Same(denied, serverSaysAllow.Apply(denied));
        Assert.Equal(Decision.Allow, serverSaysAllow.Apply(Ambiguous).Decision);
        Assert.Equal(Layer.AiReview, serverSaysAllow.Apply(Ambiguous).Layer);
        Assert.Equal(Ambiguous.Findings, serverSaysAllow.Apply(Ambiguous).Findings);
    }

    [Fact]
    public async Task AnAllowedCallIsRecordedAndStaysAllowed()
    {
        await using var server = await RunningServer.StartAsync();

        var decision = HookBridge.ForwardCall(server.Home.MstroDirectory, Encoding.UTF8.GetBytes(Payloads.PreToolUse("ls")), Allowed, Generous);

        Assert.Equal(Decision.Allow, decision!.Decision);
        Assert.Equal(Allowed, decision.Apply(Allowed));
    }

    private static void WriteRuntimeFile(TempHome home, int port)
    {
        Directory.CreateDirectory(home.MstroDirectory);
        File.WriteAllText(home.RuntimeFile,
            $$"""{"address":"127.0.0.1","port":{{port}},"pid":{{Environment.ProcessId}},"token":"t","startedAt":"2026-01-01T00:00:00Z"}""");
    }
}
