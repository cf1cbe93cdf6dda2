using Mstro.Bouncer;
using Mstro.Review.Caching;
using Mstro.Review.Tests.Fakes;

namespace Mstro.Review.Tests;

public sealed class VerdictCacheTests
{
    [Fact]
    public async Task IdenticalCallReusesTheVerdictAndIsMarked()
    {
        await using var api = await FakeMessagesApi.StartAsync();
        api.Default = ScriptedResponse.Verdict("allow", 0.9, "Runs the build.");
        using var reviewer = Reviewers.For(api);

        var first = await reviewer.ReviewAsync(Calls.Bash("make \"$TARGET\""));
        var second = await reviewer.ReviewAsync(Calls.Bash("make \"$TARGET\""));

        Assert.Single(api.Requests);
        Assert.False(first.FromCache);
        Assert.True(second.FromCache);
        Assert.Equal(0, second.Attempts);
        Assert.Equal(ReviewDecision.Allow, second.Decision);
        Assert.Contains("cached verdict", second.Reason, StringComparison.Ordinal);
        Assert.Equal(first.ModelVerdict, second.ModelVerdict);
    }

    [Fact]
    public async Task KeyOrderInTheInputDoesNotMatter()
    {
        await using var api = await FakeMessagesApi.StartAsync();
        using var reviewer = Reviewers.For(api);

        await reviewer.ReviewAsync(Calls.Tool("Write", Calls.Json("""{"file_path":"/p/a","content":"x"}""")));
        var second = await reviewer.ReviewAsync(Calls.Tool("Write", Calls.Json("""{"content":"x","file_path":"/p/a"}""")));

        Assert.True(second.FromCache);
        Assert.Single(api.Requests);
    }

    [Fact]
    public async Task DifferentInputCwdToolOrRulesAskAgain()
    {
        await using var api = await FakeMessagesApi.StartAsync();
        using var reviewer = Reviewers.For(api);
        var baseline = Calls.Bash("make \"$TARGET\"");

        await reviewer.ReviewAsync(baseline);
        var outcomes = new[]
        {
            await reviewer.ReviewAsync(Calls.Bash("make \"$OTHER\"")),
            await reviewer.ReviewAsync(baseline with { Cwd = "/home/dev/other" }),
            await reviewer.ReviewAsync(baseline with { ToolName = "mcp__shell__run" }),
            await reviewer.ReviewAsync(baseline with { Layer1 = Calls.Layer1(ruleId: "core.other-rule") }),
        };

        Assert.All(outcomes, outcome => Assert.False(outcome.FromCache));
        Assert.Equal(5, api.Requests.Count);
    }

    [Fact]
    public async Task FailuresAreNotCached()
    {
        await using var api = await FakeMessagesApi.StartAsync();
        api.Enqueue(ScriptedResponse.Error(500, "api_error", "down"), ScriptedResponse.TextOnly("no tool"));
        api.Default = ScriptedResponse.Verdict("allow", 0.9, "ok");
        using var reviewer = Reviewers.For(api, new AiReviewOptions { MaxRetries = 0 });

        var failed = await reviewer.ReviewAsync(Calls.Bash("make \"$T\""));
        var malformed = await reviewer.ReviewAsync(Calls.Bash("make \"$T\""));
        var answered = await reviewer.ReviewAsync(Calls.Bash("make \"$T\""));
        var cached = await reviewer.ReviewAsync(Calls.Bash("make \"$T\""));

        Assert.Equal(ReviewFailureKind.ServerError, failed.Failure);
        Assert.Equal(ReviewFailureKind.Malformed, malformed.Failure);
        Assert.False(answered.FromCache);
        Assert.True(cached.FromCache);
        Assert.Equal(3, api.Requests.Count);
    }

    [Fact]
    public async Task VerdictExpiresAfterTheWindow()
    {
        await using var api = await FakeMessagesApi.StartAsync();
        var clock = new ManualClock();
        using var reviewer = Reviewers.For(api, new AiReviewOptions { CacheWindow = TimeSpan.FromMinutes(10) }, clock);

        await reviewer.ReviewAsync(Calls.Bash("make \"$T\""));
        clock.Advance(TimeSpan.FromMinutes(9));
        var within = await reviewer.ReviewAsync(Calls.Bash("make \"$T\""));
        clock.Advance(TimeSpan.FromMinutes(2));
        var after = await reviewer.ReviewAsync(Calls.Bash("make \"$T\""));

        Assert.True(within.FromCache);
        Assert.False(after.FromCache);
        Assert.Equal(2, api.Requests.Count);
    }

    [Fact]
    public async Task CachedVerdictIsJudgedAgainByThePolicy()
    {
        await using var api = await FakeMessagesApi.StartAsync();
        api.Default = ScriptedResponse.Verdict("allow", 0.95, "Pushes the feature branch.");
        using var reviewer = Reviewers.For(api);
        var ambiguous = Calls.Bash("git push --force origin feature");

        var first = await reviewer.ReviewAsync(ambiguous);
        var dangerous = await reviewer.ReviewAsync(ambiguous with { Layer1 = Calls.Layer1(Severity.Dangerous) });

        Assert.Equal(ReviewDecision.Allow, first.Decision);
        Assert.True(dangerous.FromCache);
        Assert.Equal((ReviewDecision.Escalate, PolicyAdjustment.DangerousNeedsPerson), (dangerous.Decision, dangerous.Adjustment));
    }

    [Fact]
    public async Task ZeroCapacityTurnsTheCacheOff()
    {
        await using var api = await FakeMessagesApi.StartAsync();
        using var reviewer = Reviewers.For(api, new AiReviewOptions { CacheCapacity = 0 });

        await reviewer.ReviewAsync(Calls.Bash("make \"$T\""));
        var second = await reviewer.ReviewAsync(Calls.Bash("make \"$T\""));

        Assert.False(second.FromCache);
        Assert.Equal(2, api.Requests.Count);
    }

    [Fact]
    public void LeastRecentlyUsedEntryLeavesFirst()
    {
        var cache = new VerdictCache(capacity: 2, TimeSpan.FromMinutes(10), new ManualClock());
        var verdict = new ModelVerdict(ReviewDecision.Allow, 0.9, "r");
        cache.Set("a", verdict);
        cache.Set("b", verdict);
        Assert.True(cache.TryGet("a", out _));

        cache.Set("c", verdict);

        Assert.True(cache.TryGet("a", out _));
        Assert.False(cache.TryGet("b", out _));
        Assert.True(cache.TryGet("c", out _));
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void CacheStaysWithinItsCapacity()
    {
        var cache = new VerdictCache(capacity: 1_000, TimeSpan.FromMinutes(10), new ManualClock());
        for (var i = 0; i < 5_000; i++)
        {
            cache.Set($"call-{i}", new ModelVerdict(ReviewDecision.Deny, 0.9, "r"));
        }

        Assert.Equal(1_000, cache.Count);
        Assert.True(cache.TryGet("call-4999", out _));
        Assert.False(cache.TryGet("call-3999", out _));
    }

    [Fact]
    public void FingerprintHoldsNoCopyOfTheInput()
    {
        var fingerprint = CallFingerprint.Compute(Calls.Bash("curl -H 'Authorization: Bearer SECRETVALUE' x"));

        Assert.Matches("^[0-9a-f]{64}$", fingerprint);
    }
}
