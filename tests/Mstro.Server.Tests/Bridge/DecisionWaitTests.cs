using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Mstro.Bouncer;
using Mstro.Hook.Bridge;
using Mstro.Protocol;
using Mstro.Server.Decisions;
using Mstro.Server.Tests.Support;

namespace Mstro.Server.Tests.Bridge;

/// <summary>How long the hook waits for the server's answer to an ambiguous call (a person may be answering), and what it
/// takes from it.</summary>
public sealed class DecisionWaitTests
{
    private static readonly Verdict Ambiguous = new(Decision.Ask, Severity.Ambiguous, "core.delete-unresolved", "cannot tell", Layer.Rules, []);

    private static readonly BridgeTimeouts Tight = new(TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(300),
        TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(300));

    [Fact]
    public void TheHookWaitsForTheAnnouncedTimePlusAMarginAndAlwaysEndsBeforeClaudeCodesTimeout()
    {
        var fallback = TimeSpan.FromSeconds(10);

        Assert.Equal(fallback, DecisionBudget.HookWait(null, fallback));
        Assert.Equal(TimeSpan.FromSeconds(128) + DecisionBudget.HookWaitMargin, DecisionBudget.HookWait(128_000, fallback));
        Assert.Equal(fallback, DecisionBudget.HookWait(1_000, fallback));
        var longest = DecisionBudget.HookWait(long.MaxValue, fallback);
        Assert.Equal(DecisionBudget.MaxServerDecisionTime + DecisionBudget.HookWaitMargin, longest);
        Assert.True(longest < TimeSpan.FromSeconds(DecisionBudget.InstalledHookTimeoutSeconds) - TimeSpan.FromSeconds(20));
        // The defaults fit: AI review 8 s + a person 120 s + 1 s.
        Assert.Equal(TimeSpan.FromSeconds(129), new ServerOptions().DecisionTimeout);
    }

    [Fact]
    public void AServerThatDoesNotFitTheBudgetRefusesToStart()
    {
        var options = new ServerOptions { EscalationTimeout = TimeSpan.FromSeconds(265), MstroDirectory = "/tmp/x" };

        var result = new ServerOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("must stay below 269 s", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ASlowAnswerIsWaitedForOnlyWhenTheServerAnnouncedIt(bool announced)
    {
        using var home = new TempHome();
        var body = """{"decision":"allow","reason":"a person approved it","layer":"human","ruleId":"human.approve","seq":7}""";
        await using var slow = new RawHttpServer(RawHttpServer.Response(200, body), delay: TimeSpan.FromSeconds(1.5));
        Directory.CreateDirectory(home.MstroDirectory);
        var announcement = announced ? ""","decisionTimeoutMs":2000""" : "";
        await File.WriteAllTextAsync(home.RuntimeFile,
            $$"""{"address":"127.0.0.1","port":{{slow.Port}},"pid":{{Environment.ProcessId}},"token":"t","startedAt":"2026-01-01T00:00:00Z"{{announcement}}}""");

        var decision = HookBridge.ForwardCall(home.MstroDirectory, Encoding.UTF8.GetBytes(Payloads.PreToolUse("rm -rf \"$X\"")), Ambiguous, Tight);

        Assert.Equal(announced, decision is not null);
        if (announced) Assert.Equal((Decision.Allow, Layer.Human), (decision!.Decision, decision.Layer));
    }

    [Fact]
    public void AServersAllowCountsOnlyForWhatLayer1LeftOpen()
    {
        var allowed = new Verdict(Decision.Allow, Severity.None, "default.allow", "fine", Layer.Rules, []);
        var denied = new Verdict(Decision.Deny, Severity.Critical, "secrets.ssh-key", "reads a key", Layer.Rules, []);
        var serverAllow = new BridgeDecision(Decision.Allow, "a person approved it", Layer.Human, "human.approve", 1);
        var serverAsk = new BridgeDecision(Decision.Ask, "no one answered", Layer.Human, "human.timeout", 2);

        Assert.Equal((Decision.Allow, Layer.Human), (serverAllow.Apply(Ambiguous).Decision, serverAllow.Apply(Ambiguous).Layer));
        Assert.Same(allowed, serverAllow.Apply(allowed));
        Assert.Same(denied, serverAllow.Apply(denied));
        Assert.Equal(Decision.Ask, serverAsk.Apply(allowed).Decision); // a server may only tighten what Layer 1 allowed
    }

    [Fact]
    public async Task TheHookTellsTheServerTheCallsProject()
    {
        var handler = new RecordingHandler();
        await using var server = await RunningServer.StartAsync(setup: new MstroServerSetup
        {
            ConfigureServices = services => services.AddSingleton<IAmbiguousCallHandler>(handler),
        });
        var bridge = new ServerHookBridge(server.Home.MstroDirectory, new BridgeTimeouts(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10),
            TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10)), projectDirHint: "/home/user/project");
        var payload = Payloads.PreToolUse("rm -rf \"$X\"", cwd: "/home/user/project/src");
        var parsed = Bouncer.Hook.HookPayload.Parse(Encoding.UTF8.GetBytes(payload));

        bridge.Review(parsed, Encoding.UTF8.GetBytes(payload), Ambiguous);
        bridge.Review(parsed with { Cwd = "/elsewhere" }, Encoding.UTF8.GetBytes(Payloads.PreToolUse("rm -rf \"$X\"", cwd: "/elsewhere")), Ambiguous);

        Assert.Equal(["/home/user/project", "/elsewhere"], handler.Calls.Select(call => call.ProjectDir));
    }

    private sealed class RecordingHandler : IAmbiguousCallHandler
    {
        private readonly List<AmbiguousCall> _calls = [];

        public IReadOnlyList<AmbiguousCall> Calls
        {
            get
            {
                lock (_calls) return [.. _calls];
            }
        }

        public ValueTask<CallDecision> DecideAsync(AmbiguousCall request, CancellationToken cancellationToken)
        {
            lock (_calls) _calls.Add(request);
            return ValueTask.FromResult(new CallDecision(Decision.Ask, Layer.Rules, request.Layer1.RuleId, request.Layer1.Reason));
        }
    }
}
