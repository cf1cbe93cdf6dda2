using Microsoft.Extensions.DependencyInjection;
using Mstro.Bouncer;
using Mstro.Server.Decisions;
using Mstro.Server.Tests.Support;

namespace Mstro.Server.Tests.EndToEnd;

/// <summary>The real <c>mstro hook</c> process with a real server: the call reaches the feed; with the server gone
/// (its runtime file still there) or hung, the hook still answers with its own verdict, within its timeouts.</summary>
public sealed class HookProcessTests
{
    [Fact]
    public async Task AHookCallReachesAFeedSubscriber()
    {
        await using var server = await RunningServer.StartAsync();
        await WarmUpAsync(server);
        await using var feed = await FeedClient.ConnectAuthenticatedAsync(server);

        // An ambiguous call: the hook waits for the server's answer (seconds, not the half second a decided call gets),
        // so a loaded machine cannot turn this plumbing test into a timing test.
        var (answer, _) = await HookRuns.RunAsync(server.Home, Payloads.PreToolUse("eval \"$X\"", sessionId: "e2e"));

        var verdict = await feed.ReceiveAsync();
        Assert.Equal("verdict", verdict.GetProperty("type").GetString());
        var data = verdict.GetProperty("data");
        Assert.Equal("eval \"$X\"", data.GetProperty("summary").GetString());
        Assert.Equal("ask", data.GetProperty("layer1").GetProperty("decision").GetString());
        Assert.Equal("e2e", data.GetProperty("sessionId").GetString());
        Assert.Equal(HookRuns.Decision(answer), data.GetProperty("decision").GetString());
    }

    [Fact]
    public async Task ALaterLayerDecidesWhatLayer1LeftAmbiguous()
    {
        var reviewer = new AllowingHandler();
        await using var server = await RunningServer.StartAsync(setup: new MstroServerSetup
        {
            ConfigureServices = services => services.AddSingleton<IAmbiguousCallHandler>(reviewer),
        });
        await WarmUpAsync(server);
        using var home = new TempHome();

        var (alone, _) = await HookRuns.RunAsync(home, Payloads.PreToolUse("eval \"$X\""));
        var (bridged, _) = await HookRuns.RunAsync(server.Home, Payloads.PreToolUse("eval \"$X\""));

        Assert.Equal("ask", HookRuns.Decision(alone)); // Layer 1 alone cannot tell
        Assert.Equal("allow", HookRuns.Decision(bridged));
        Assert.Contains("reviewed", HookRuns.Reason(bridged), StringComparison.Ordinal);
        Assert.Equal(1, reviewer.Calls);
        // The audit line names the layer that decided: 1 alone, 2 (AI review) through the server.
        var aloneAudit = HookRuns.LastAuditLine(home);
        Assert.Equal(("ask", 1), (aloneAudit.GetProperty("decision").GetString(), aloneAudit.GetProperty("layer").GetInt32()));
        var bridgedAudit = HookRuns.LastAuditLine(server.Home);
        Assert.Equal(("allow", 2), (bridgedAudit.GetProperty("decision").GetString(), bridgedAudit.GetProperty("layer").GetInt32()));
        Assert.Equal("test.review", bridgedAudit.GetProperty("rule").GetString());
    }

    [Fact]
    public async Task NothingTheServerSaysLoosensALayer1Deny()
    {
        var reviewer = new AllowingHandler();
        await using var server = await RunningServer.StartAsync(setup: new MstroServerSetup
        {
            ConfigureServices = services => services.AddSingleton<IAmbiguousCallHandler>(reviewer),
        });
        await WarmUpAsync(server);

        var (answer, _) = await HookRuns.RunAsync(server.Home, Payloads.PreToolUse("rm -rf ~"));

        Assert.Equal("deny", HookRuns.Decision(answer));
        Assert.Equal(0, reviewer.Calls);
    }

    [Fact]
    public async Task OtherHookEventsReachTheServerAndGetNoAnswer()
    {
        await using var server = await RunningServer.StartAsync();
        await WarmUpAsync(server);

        // Forwarding is best effort within half a second; on a loaded machine one try may give up, so allow three.
        for (var attempt = 0; attempt < 3 && server.Server.Sessions.LatestPrompt("e2e") is null; attempt++)
        {
            var (answer, _) = await HookRuns.RunAsync(server.Home, Payloads.UserPromptSubmit("tidy the repo", sessionId: "e2e"));
            Assert.Equal("", answer.Trim());
        }

        Assert.Equal("tidy the repo", server.Server.Sessions.LatestPrompt("e2e"));
    }

    [Fact]
    public async Task WithTheServerStoppedMidwayTheHookAnswersWithItsOwnVerdictQuickly()
    {
        using var home = new TempHome();
        // An ambiguous call, whose budget for the server is seconds: answering fast shows the dead port is noticed at
        // once (connection refused), not waited out.
        var (localAnswer, _) = await HookRuns.RunAsync(home, Payloads.PreToolUse("eval \"$X\""));
        var server = await RunningServer.StartAsync(home: home);
        var runtimeFile = await File.ReadAllBytesAsync(home.RuntimeFile);
        await server.DisposeAsync();
        // The server died without cleaning up: its file still names a live pid (this test process) and a dead port.
        await File.WriteAllBytesAsync(home.RuntimeFile, runtimeFile);

        var (answer, elapsed) = await HookRuns.RunAsync(home, Payloads.PreToolUse("eval \"$X\""));

        Assert.Equal("ask", HookRuns.Decision(localAnswer));
        Assert.Equal(HookRuns.Decision(localAnswer), HookRuns.Decision(answer));
        Assert.Equal(1, HookRuns.LastAuditLine(home).GetProperty("layer").GetInt32()); // audited all the same
        Assert.True(elapsed < TimeSpan.FromSeconds(5), $"the hook took {elapsed} against a dead port");
    }

    [Fact]
    public async Task AHungServerDoesNotHoldTheHookBeyondItsTimeout()
    {
        using var home = new TempHome();
        await using var hung = new RawHttpServer(response: null);
        Directory.CreateDirectory(home.MstroDirectory);
        await File.WriteAllTextAsync(home.RuntimeFile,
            $$"""{"address":"127.0.0.1","port":{{hung.Port}},"pid":{{Environment.ProcessId}},"token":"t","startedAt":"2026-01-01T00:00:00Z"}""");

        var (answer, elapsed) = await HookRuns.RunAsync(home, Payloads.PreToolUse("ls"));

        Assert.Equal("allow", HookRuns.Decision(answer));
        Assert.True(elapsed < TimeSpan.FromSeconds(5), $"the hook took {elapsed} against a server that never answers");
    }

    /// <summary>The hook gives a server half a second: in these JIT-compiled test runs, make sure a first request's
    /// compilation on the server side is not what gets measured against that budget (a native build has none).</summary>
    private static async Task WarmUpAsync(RunningServer server)
    {
        using var client = server.AuthorizedClient();
        (await client.PostAsync("/api/hook", RunningServer.Json(Payloads.HookRequest(Payloads.PreToolUse(sessionId: "warm-up"))))).EnsureSuccessStatusCode();
        (await client.PostAsync("/api/events", RunningServer.Json(Payloads.EventRequest(Payloads.Event("Stop", "warm-up"))))).EnsureSuccessStatusCode();
    }

    /// <summary>Stands in for issue 6's AI review: allows every ambiguous call it is shown.</summary>
    private sealed class AllowingHandler : IAmbiguousCallHandler
    {
        private int _calls;

        public int Calls => _calls;

        public ValueTask<CallDecision> DecideAsync(AmbiguousCall request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return ValueTask.FromResult(new CallDecision(Bouncer.Decision.Allow, Layer.AiReview, "test.review", "reviewed: the user asked for it"));
        }
    }
}
