using System.Diagnostics;
using System.Text.Json;
using Mstro.Bouncer;
using Mstro.Review.Tests.Fakes;

namespace Mstro.Review.Tests;

/// <summary>The reviewer against a fake Messages API over real HTTP: outcomes, the request it sends, and its budget.</summary>
public sealed class AiReviewerTests
{
    [Fact]
    public async Task AllowVerdictForAmbiguousCallIsAllowedAndRequestCarriesModelToolAndForcedChoice()
    {
        await using var api = await FakeMessagesApi.StartAsync();
        api.Enqueue(ScriptedResponse.Verdict("allow", 0.92, "Builds the project as asked."));
        using var reviewer = Reviewers.For(api);

        var outcome = await reviewer.ReviewAsync(Calls.Bash("make -C \"$DIR\""));

        Assert.Equal(ReviewDecision.Allow, outcome.Decision);
        Assert.Equal(ReviewFailureKind.None, outcome.Failure);
        Assert.Equal(PolicyAdjustment.None, outcome.Adjustment);
        Assert.True(outcome.DecidedByModel);
        Assert.False(outcome.FromCache);
        Assert.Equal(1, outcome.Attempts);
        Assert.Equal(new ModelVerdict(ReviewDecision.Allow, 0.92, "Builds the project as asked."), outcome.ModelVerdict);
        Assert.Contains("Builds the project as asked.", outcome.Reason, StringComparison.Ordinal);

        var request = Assert.Single(api.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/messages", request.Path);
        Assert.Equal(Reviewers.TestModel, request.Model);
        Assert.Equal("tool", request.Field("tool_choice")!["type"]!.GetValue<string>());
        Assert.Equal("submit_verdict", request.Field("tool_choice")!["name"]!.GetValue<string>());
        var tool = Assert.Single(request.Field("tools")!.AsArray());
        Assert.Equal("submit_verdict", tool!["name"]!.GetValue<string>());
        var schema = tool["input_schema"]!;
        Assert.Equal(["verdict", "confidence", "reason"], schema["required"]!.AsArray().Select(node => node!.GetValue<string>()));
        Assert.Equal(["allow", "deny", "escalate"], schema["properties"]!["verdict"]!["enum"]!.AsArray().Select(node => node!.GetValue<string>()));
        Assert.Equal(300, schema["properties"]!["reason"]!["maxLength"]!.GetValue<int>());
        Assert.False(schema["additionalProperties"]!.GetValue<bool>());
    }

    [Fact]
    public async Task DefaultModelIsTheNewestHaikuTheSdkKnows()
    {
        await using var api = await FakeMessagesApi.StartAsync();
        using var reviewer = AiReviewer.Create(new AiReviewOptions { BaseUrl = api.BaseUrl }, Reviewers.Environment());

        await reviewer.ReviewAsync(Calls.Bash("eval \"$X\""));

        Assert.StartsWith("claude-haiku-", Assert.Single(api.Requests).Model, StringComparison.Ordinal);
        Assert.Equal(AiReviewOptions.DefaultModel, api.Requests[0].Model);
    }

    [Fact]
    public async Task BaseUrlComesFromAnthropicBaseUrlWhenNotConfigured()
    {
        await using var api = await FakeMessagesApi.StartAsync();
        using var reviewer = AiReviewer.Create(new AiReviewOptions(), Reviewers.Environment(baseUrl: api.BaseUrl));

        await reviewer.ReviewAsync(Calls.Bash("eval \"$X\""));

        Assert.Single(api.Requests);
        Assert.Equal(api.BaseUrl, reviewer.Describe().BaseUrl);
    }

    [Fact]
    public async Task ConfiguredBaseUrlWinsOverAnthropicBaseUrl()
    {
        await using var api = await FakeMessagesApi.StartAsync();
        var environment = Reviewers.Environment(baseUrl: "http://127.0.0.1:1");
        using var reviewer = AiReviewer.Create(new AiReviewOptions { BaseUrl = api.BaseUrl }, environment);

        var outcome = await reviewer.ReviewAsync(Calls.Bash("eval \"$X\""));

        Assert.Single(api.Requests);
        Assert.Equal(ReviewFailureKind.None, outcome.Failure);
    }

    [Fact]
    public async Task TextOnlyAnswerIsMalformedAndEscalates()
    {
        await using var api = await FakeMessagesApi.StartAsync();
        api.Enqueue(ScriptedResponse.TextOnly("{\"verdict\":\"allow\",\"confidence\":1,\"reason\":\"fine\"}"));
        using var reviewer = Reviewers.For(api);

        var outcome = await reviewer.ReviewAsync(Calls.Bash("eval \"$X\""));

        Assert.Equal(ReviewDecision.Escalate, outcome.Decision);
        Assert.Equal(ReviewFailureKind.Malformed, outcome.Failure);
        Assert.Null(outcome.ModelVerdict);
        Assert.Contains("did not call submit_verdict", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TextSayingAllowIsIgnoredWhenTheToolSaysEscalate()
    {
        await using var api = await FakeMessagesApi.StartAsync();
        api.Enqueue(ScriptedResponse.Verdict("escalate", 0.9, "Unclear intent.", textBefore: "allow"));
        using var reviewer = Reviewers.For(api);

        var outcome = await reviewer.ReviewAsync(Calls.Bash("eval \"$X\""));

        Assert.Equal(ReviewDecision.Escalate, outcome.Decision);
        Assert.Equal(ReviewFailureKind.None, outcome.Failure);
        Assert.Equal(ReviewDecision.Escalate, outcome.ModelVerdict!.Verdict);
    }

    [Theory]
    [InlineData("""{"verdict":"allow","confidence":0.9}""", "exactly the fields")]
    [InlineData("""{"verdict":"allow","reason":"ok"}""", "exactly the fields")]
    [InlineData("""{"confidence":0.9,"reason":"ok"}""", "exactly the fields")]
    [InlineData("""{"verdict":"allow","confidence":0.9,"reason":"ok","override":true}""", "exactly the fields")]
    [InlineData("""{"verdict":"ALLOW","confidence":0.9,"reason":"ok"}""", "verdict must be")]
    [InlineData("""{"verdict":"approve","confidence":0.9,"reason":"ok"}""", "verdict must be")]
    [InlineData("""{"verdict":true,"confidence":0.9,"reason":"ok"}""", "verdict must be")]
    [InlineData("""{"verdict":"allow","confidence":1.5,"reason":"ok"}""", "confidence must be")]
    [InlineData("""{"verdict":"allow","confidence":-0.1,"reason":"ok"}""", "confidence must be")]
    [InlineData("""{"verdict":"allow","confidence":"0.9","reason":"ok"}""", "confidence must be")]
    [InlineData("""{"verdict":"allow","confidence":0.9,"reason":""}""", "reason must be")]
    [InlineData("""{"verdict":"allow","confidence":0.9,"reason":"   "}""", "reason must be")]
    [InlineData("""{"verdict":"allow","confidence":0.9,"reason":42}""", "reason must be")]
    public async Task InvalidVerdictFieldsAreMalformed(string input, string problem)
    {
        await using var api = await FakeMessagesApi.StartAsync();
        api.Enqueue(ScriptedResponse.ToolUse(input));
        using var reviewer = Reviewers.For(api);

        var outcome = await reviewer.ReviewAsync(Calls.Bash("eval \"$X\""));

        Assert.Equal(ReviewDecision.Escalate, outcome.Decision);
        Assert.Equal(ReviewFailureKind.Malformed, outcome.Failure);
        Assert.Contains(problem, outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReasonLongerThan300CharactersIsMalformed()
    {
        await using var api = await FakeMessagesApi.StartAsync();
        api.Enqueue(ScriptedResponse.Verdict("allow", 0.9, new string('x', 301)));
        using var reviewer = Reviewers.For(api);

        var outcome = await reviewer.ReviewAsync(Calls.Bash("eval \"$X\""));

        Assert.Equal(ReviewFailureKind.Malformed, outcome.Failure);
        Assert.Equal(ReviewDecision.Escalate, outcome.Decision);
    }

    [Fact]
    public async Task AnotherToolOrTwoVerdictsAreMalformed()
    {
        await using var api = await FakeMessagesApi.StartAsync();
        const string allow = """{"verdict":"allow","confidence":0.99,"reason":"ok"}""";
        api.Enqueue(ScriptedResponse.ToolUse(allow, name: "approve_call"), ScriptedResponse.TwoToolUses(allow));
        using var reviewer = Reviewers.For(api);

        var otherTool = await reviewer.ReviewAsync(Calls.Bash("eval \"$A\""));
        var twoVerdicts = await reviewer.ReviewAsync(Calls.Bash("eval \"$B\""));

        Assert.Equal((ReviewDecision.Escalate, ReviewFailureKind.Malformed), (otherTool.Decision, otherTool.Failure));
        Assert.Contains("other than submit_verdict", otherTool.Reason, StringComparison.Ordinal);
        Assert.Equal((ReviewDecision.Escalate, ReviewFailureKind.Malformed), (twoVerdicts.Decision, twoVerdicts.Failure));
        Assert.Contains("more than once", twoVerdicts.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedJsonBodyIsMalformed()
    {
        await using var api = await FakeMessagesApi.StartAsync();
        api.Enqueue(ScriptedResponse.MalformedJson());
        using var reviewer = Reviewers.For(api);

        var outcome = await reviewer.ReviewAsync(Calls.Bash("eval \"$X\""));

        Assert.Equal((ReviewDecision.Escalate, ReviewFailureKind.Malformed), (outcome.Decision, outcome.Failure));
        Assert.Single(api.Requests);
    }

    [Fact]
    public async Task ModelReasonIsShownWithoutControlCharacters()
    {
        await using var api = await FakeMessagesApi.StartAsync();
        api.Enqueue(ScriptedResponse.Verdict("deny", 0.9, "Sends keys\u001b[2J away\u202e."));
        using var reviewer = Reviewers.For(api);

        var outcome = await reviewer.ReviewAsync(Calls.Bash("eval \"$X\""));

        Assert.Equal(ReviewDecision.Deny, outcome.Decision);
        Assert.Equal("Sends keys [2J away .", outcome.ModelVerdict!.Reason);
        Assert.DoesNotContain('\u001b', outcome.Reason);
    }

    [Theory]
    [InlineData(401, "authentication_error", "rejected (401)")]
    [InlineData(403, "permission_error", "not allowed to do this (403)")]
    public async Task RejectedKeyIsUnauthorizedNotRetriedAndNamesTheMaskedKeyOnly(int status, string type, string expected)
    {
        await using var api = await FakeMessagesApi.StartAsync();
        api.Enqueue(ScriptedResponse.Error(status, type, "invalid x-api-key"));
        using var reviewer = Reviewers.For(api);

        var outcome = await reviewer.ReviewAsync(Calls.Bash("eval \"$X\""));

        Assert.Equal((ReviewDecision.Escalate, ReviewFailureKind.Unauthorized), (outcome.Decision, outcome.Failure));
        Assert.Contains(expected, outcome.Reason, StringComparison.Ordinal);
        Assert.Contains("sk-ant-…a1b2", outcome.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(Reviewers.Key, outcome.ToString(), StringComparison.Ordinal);
        Assert.Single(api.Requests);
    }

    [Fact]
    public async Task ApiErrorMessageIsShownWithoutTheKey()
    {
        await using var api = await FakeMessagesApi.StartAsync();
        api.Enqueue(ScriptedResponse.Error(400, "invalid_request_error", $"model: claude-nope not found (key {Reviewers.Key})"));
        using var reviewer = Reviewers.For(api);

        var outcome = await reviewer.ReviewAsync(Calls.Bash("eval \"$X\""));

        Assert.Equal((ReviewDecision.Escalate, ReviewFailureKind.HttpError), (outcome.Decision, outcome.Failure));
        Assert.Contains("(400): model: claude-nope not found", outcome.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(Reviewers.Key, outcome.Reason, StringComparison.Ordinal);
        Assert.Single(api.Requests);
    }

    [Fact]
    public async Task RateLimitWithShortRetryAfterIsRetriedOnce()
    {
        await using var api = await FakeMessagesApi.StartAsync();
        api.Enqueue(ScriptedResponse.RateLimited(0), ScriptedResponse.Verdict("allow", 0.95, "Runs the tests."));
        using var reviewer = Reviewers.For(api);

        var outcome = await reviewer.ReviewAsync(Calls.Bash("eval \"$X\""));

        Assert.Equal(ReviewDecision.Allow, outcome.Decision);
        Assert.Equal(2, outcome.Attempts);
        Assert.Equal(2, api.Requests.Count);
    }

    [Fact]
    public async Task RateLimitWhoseRetryAfterDoesNotFitTheBudgetIsNotRetried()
    {
        await using var api = await FakeMessagesApi.StartAsync();
        api.Enqueue(ScriptedResponse.RateLimited(30));
        using var reviewer = Reviewers.For(api);
        var clock = Stopwatch.StartNew();

        var outcome = await reviewer.ReviewAsync(Calls.Bash("eval \"$X\""));

        Assert.Equal((ReviewDecision.Escalate, ReviewFailureKind.RateLimited), (outcome.Decision, outcome.Failure));
        Assert.Contains("asked to wait 30 s", outcome.Reason, StringComparison.Ordinal);
        Assert.Single(api.Requests);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), "it must not sleep through a retry-after it will not honour");
    }

    [Fact]
    public async Task RateLimitTwiceGivesUpAfterOneRetry()
    {
        await using var api = await FakeMessagesApi.StartAsync();
        api.Enqueue(ScriptedResponse.RateLimited(0), ScriptedResponse.RateLimited(0), ScriptedResponse.Verdict("allow", 1, "never reached"));
        using var reviewer = Reviewers.For(api);

        var outcome = await reviewer.ReviewAsync(Calls.Bash("eval \"$X\""));

        Assert.Equal((ReviewDecision.Escalate, ReviewFailureKind.RateLimited), (outcome.Decision, outcome.Failure));
        Assert.Equal(2, api.Requests.Count);
        Assert.Equal(2, outcome.Attempts);
    }

    [Fact]
    public async Task ServerErrorIsRetriedOnceThenSucceeds()
    {
        await using var api = await FakeMessagesApi.StartAsync();
        api.Enqueue(ScriptedResponse.Error(500, "api_error", "Internal server error"), ScriptedResponse.Verdict("deny", 0.9, "Uploads ~/.ssh."));
        using var reviewer = Reviewers.For(api);

        var outcome = await reviewer.ReviewAsync(Calls.Bash("eval \"$X\""));

        Assert.Equal(ReviewDecision.Deny, outcome.Decision);
        Assert.Equal(2, api.Requests.Count);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(529)]
    public async Task ServerErrorTwiceIsServerError(int status)
    {
        await using var api = await FakeMessagesApi.StartAsync();
        api.Default = ScriptedResponse.Error(status, "api_error", "down");
        using var reviewer = Reviewers.For(api);

        var outcome = await reviewer.ReviewAsync(Calls.Bash("eval \"$X\""));

        Assert.Equal((ReviewDecision.Escalate, ReviewFailureKind.ServerError), (outcome.Decision, outcome.Failure));
        Assert.Contains($"({status})", outcome.Reason, StringComparison.Ordinal);
        Assert.Equal(2, api.Requests.Count);
    }

    [Fact]
    public async Task ServerErrorIsNotRetriedWhenTooLittleBudgetRemains()
    {
        await using var api = await FakeMessagesApi.StartAsync();
        api.Default = ScriptedResponse.Error(500, "api_error", "down");
        using var reviewer = Reviewers.For(api, new AiReviewOptions { Timeout = TimeSpan.FromSeconds(1), MinRetryBudget = TimeSpan.FromSeconds(1) });

        var outcome = await reviewer.ReviewAsync(Calls.Bash("eval \"$X\""));

        Assert.Equal(ReviewFailureKind.ServerError, outcome.Failure);
        Assert.Contains("no time left in the budget to retry", outcome.Reason, StringComparison.Ordinal);
        Assert.Single(api.Requests);
    }

    [Fact]
    public async Task SlowAnswerTimesOutWithinTheConfiguredBudgetAndIsNotRetried()
    {
        await using var api = await FakeMessagesApi.StartAsync();
        api.Default = ScriptedResponse.Verdict("allow", 1, "too late").After(TimeSpan.FromSeconds(10));
        using var reviewer = Reviewers.For(api, new AiReviewOptions { Timeout = TimeSpan.FromMilliseconds(300), MinRetryBudget = TimeSpan.Zero });
        var clock = Stopwatch.StartNew();

        var outcome = await reviewer.ReviewAsync(Calls.Bash("eval \"$X\""));

        Assert.Equal((ReviewDecision.Escalate, ReviewFailureKind.Timeout), (outcome.Decision, outcome.Failure));
        Assert.Contains("no answer within 0.3 s", outcome.Reason, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"a 300 ms budget took {clock.Elapsed}");
        Assert.Single(api.Requests);
    }

    [Fact]
    public async Task UnreachableApiIsANetworkErrorRetriedOnce()
    {
        using var reviewer = AiReviewer.Create(new AiReviewOptions { BaseUrl = "http://127.0.0.1:1" }, Reviewers.Environment());

        var outcome = await reviewer.ReviewAsync(Calls.Bash("eval \"$X\""));

        Assert.Equal((ReviewDecision.Escalate, ReviewFailureKind.NetworkError), (outcome.Decision, outcome.Failure));
        Assert.Equal(2, outcome.Attempts);
        Assert.Contains("could not be reached", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallerCancellationThrows()
    {
        await using var api = await FakeMessagesApi.StartAsync();
        api.Default = ScriptedResponse.Verdict("allow", 1, "late").After(TimeSpan.FromSeconds(10));
        using var reviewer = Reviewers.For(api);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reviewer.ReviewAsync(Calls.Bash("eval \"$X\""), cancellation.Token));
    }

    [Fact]
    public async Task AnUnexpectedErrorInsideTheReviewerEscalatesNamedInsteadOfThrowing()
    {
        await using var api = await FakeMessagesApi.StartAsync();
        using var reviewer = Reviewers.For(api);
        JsonElement disposedInput;
        using (var document = JsonDocument.Parse("""{"command":"eval x"}"""))
        {
            disposedInput = document.RootElement;
        }

        var outcome = await reviewer.ReviewAsync(Calls.Tool("Bash", disposedInput));

        Assert.Equal((ReviewDecision.Escalate, ReviewFailureKind.Internal), (outcome.Decision, outcome.Failure));
        Assert.Contains("unexpected ObjectDisposedException", outcome.Reason, StringComparison.Ordinal);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task WithoutAKeyReviewsEscalateAsNotConfiguredAndSendNothing()
    {
        await using var api = await FakeMessagesApi.StartAsync();
        using var home = new TempHome();
        using var reviewer = AiReviewer.Create(new AiReviewOptions { BaseUrl = api.BaseUrl }, Reviewers.Environment(key: null, home: home.Path));

        var outcome = await reviewer.ReviewAsync(Calls.Bash("eval \"$X\""));

        Assert.False(reviewer.IsConfigured);
        Assert.Equal((ReviewDecision.Escalate, ReviewFailureKind.NotConfigured), (outcome.Decision, outcome.Failure));
        Assert.Contains("ANTHROPIC_API_KEY", outcome.Reason, StringComparison.Ordinal);
        Assert.Empty(api.Requests);
        Assert.StartsWith("AI review: off (no API key", reviewer.Describe().ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Decision.Deny, Severity.Critical, ReviewDecision.Deny, PolicyAdjustment.Layer1DenyIsFinal)]
    [InlineData(Decision.Deny, Severity.Catastrophic, ReviewDecision.Deny, PolicyAdjustment.Layer1DenyIsFinal)]
    [InlineData(Decision.Allow, Severity.None, ReviewDecision.Allow, PolicyAdjustment.Layer1AllowNotReviewed)]
    public async Task Layer1DenyOrAllowNeverReachesTheModel(Decision decision, Severity severity, ReviewDecision expected, PolicyAdjustment adjustment)
    {
        await using var api = await FakeMessagesApi.StartAsync();
        api.Default = ScriptedResponse.Verdict("allow", 1, "would allow");
        using var reviewer = Reviewers.For(api);
        var request = Calls.Bash("rm -rf /") with { Layer1 = Calls.Layer1(severity, decision) };

        var outcome = await reviewer.ReviewAsync(request);

        Assert.Equal((expected, adjustment), (outcome.Decision, outcome.Adjustment));
        Assert.Null(outcome.ModelVerdict);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task AiAllowOfADangerousCallGoesToAPersonUnlessTheUsersRuleSaysOtherwise()
    {
        await using var api = await FakeMessagesApi.StartAsync();
        api.Default = ScriptedResponse.Verdict("allow", 0.99, "The user asked to force-push their branch.");
        using var reviewer = Reviewers.For(api, new AiReviewOptions { CacheCapacity = 0 });
        var dangerous = Calls.Bash("git push --force origin feature") with { Layer1 = Calls.Layer1(Severity.Dangerous) };

        var withoutRule = await reviewer.ReviewAsync(dangerous);
        var withRule = await reviewer.ReviewAsync(dangerous with { UserRuleAllowsDangerous = true });

        Assert.Equal((ReviewDecision.Escalate, PolicyAdjustment.DangerousNeedsPerson), (withoutRule.Decision, withoutRule.Adjustment));
        Assert.Contains("Layer 1 rated it Dangerous", withoutRule.Reason, StringComparison.Ordinal);
        Assert.Equal((ReviewDecision.Allow, PolicyAdjustment.None), (withRule.Decision, withRule.Adjustment));
    }

    [Fact]
    public async Task LowConfidenceAllowGoesToAPerson()
    {
        await using var api = await FakeMessagesApi.StartAsync();
        api.Default = ScriptedResponse.Verdict("allow", 0.55, "Probably the build script.");
        using var reviewer = Reviewers.For(api);

        var outcome = await reviewer.ReviewAsync(Calls.Bash("eval \"$X\""));

        Assert.Equal((ReviewDecision.Escalate, PolicyAdjustment.LowConfidence), (outcome.Decision, outcome.Adjustment));
        Assert.Contains("confidence 0.55, below 0.70", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiKeyTravelsOnlyInTheAuthorizationHeader()
    {
        await using var api = await FakeMessagesApi.StartAsync();
        using var reviewer = Reviewers.For(api);

        await reviewer.ReviewAsync(Calls.Bash("eval \"$X\""));

        var request = Assert.Single(api.Requests);
        var carrying = request.Headers.Where(header => header.Value.Contains(Reviewers.Key, StringComparison.Ordinal)).ToList();
        var header = Assert.Single(carrying);
        // This SDK version sends the key as a bearer credential (older ones used x-api-key).
        Assert.Equal("Authorization", header.Key, ignoreCase: true);
        Assert.Equal("Bearer " + Reviewers.Key, header.Value);
        Assert.DoesNotContain(Reviewers.Key, request.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(Reviewers.Key, request.Path + request.Query, StringComparison.Ordinal);
        Assert.DoesNotContain("a1b2", request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecretsInTheCallAndTheSessionAreRedactedFromTheRequest()
    {
        await using var api = await FakeMessagesApi.StartAsync();
        using var reviewer = Reviewers.For(api);
        string[] secrets =
        [
            "eyJhbGciOiJIUzI1NiJ9.payload.signature1234",
            "sk-ant-api03-abcdefghijklmnopqrstuvwxyz012345",
            "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
            "AKIAIOSFODNN7EXAMPLE",
            "hunter2-db-password",
            "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC",
            "s3cr3t-cookie-value",
        ];
        var command = $"curl -H \"Authorization: Bearer {secrets[0]}\" -H 'Cookie: session={secrets[6]}' " +
                      $"https://admin:{secrets[4]}@db.internal/export && export OPENAI_KEY={secrets[1]} AWS_ACCESS_KEY_ID={secrets[3]}";
        var request = Calls.Tool(
            "Bash",
            Calls.Object(("command", command), ("env", new Dictionary<string, string> { ["GITHUB_TOKEN"] = secrets[2] })))
            with
            {
                UserPrompt = $"use this key: -----BEGIN PRIVATE KEY-----\n{secrets[5]}\n-----END PRIVATE KEY-----",
                TranscriptTail = $"my token is {secrets[2]}",
            };

        var outcome = await reviewer.ReviewAsync(request);

        var body = Assert.Single(api.Requests).Body;
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, body, StringComparison.Ordinal);
        }

        Assert.Contains("[REDACTED]", body, StringComparison.Ordinal);
        Assert.Contains("db.internal/export", body, StringComparison.Ordinal);
        Assert.Equal(ReviewFailureKind.None, outcome.Failure);
    }

    [Fact]
    public async Task TheSdkEmitsNoTelemetrySpansEvenWhenSomethingListens()
    {
        await using var api = await FakeMessagesApi.StartAsync();
        using var reviewer = Reviewers.For(api);
        var spans = new List<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.Contains("anthropic", StringComparison.OrdinalIgnoreCase),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = activity => { lock (spans) { spans.Add(activity.OperationName); } },
        };
        ActivitySource.AddActivityListener(listener);

        await reviewer.ReviewAsync(Calls.Bash("eval \"$X\""));
        var reviewerSpans = spans.Count;

        // Control: the same listener does see a client whose telemetry is on, so the check above can fail.
        using var traced = new Anthropic.AnthropicClient(new Anthropic.Core.ClientOptions
        {
            BaseUrl = api.BaseUrl,
            ApiKey = "sk-ant-control-key-0000000000000000",
            MaxRetries = 0,
            OpenTelemetry = new Anthropic.Core.OpenTelemetryOptions { Traces = new Anthropic.Core.OpenTelemetryTraces { Enabled = true } },
        });
        await traced.Messages.Create(new Anthropic.Models.Messages.MessageCreateParams
        {
            Model = "claude-test-model",
            MaxTokens = 10,
            Messages = [new Anthropic.Models.Messages.UserMessageParam("control")],
        });

        Assert.Equal(2, api.Requests.Count);
        Assert.Equal(0, reviewerSpans);
        Assert.NotEmpty(spans);
    }

    [Fact]
    public async Task ToolInputIsSentFieldByFieldInsideFences()
    {
        await using var api = await FakeMessagesApi.StartAsync();
        using var reviewer = Reviewers.For(api);
        var input = Calls.Json("""{"file_path":"/home/dev/project/a.txt","content":"hello","meta":{"n":[1,2.5,true,null]}}""");

        await reviewer.ReviewAsync(Calls.Tool("Write", input));

        var fences = FenceInspector.Inspect(Assert.Single(api.Requests));
        Assert.Empty(fences.Violations);
        Assert.Equal("\"Write\"", fences.Single(fence => fence.Kind == "tool_name").Content);
        Assert.Equal("\"/home/dev/project\"", fences.Single(fence => fence.Kind == "cwd").Content);
        Assert.Equal("\"/home/dev/project/a.txt\"", fences.Single(fence => fence.Field == "file_path").Content);
        Assert.Equal("\"hello\"", fences.Single(fence => fence.Field == "content").Content);
        Assert.Equal("""{"n":[1,2.5,true,null]}""", fences.Single(fence => fence.Field == "meta").Content);
        Assert.Equal("\"eval \\\"$X\\\"\"", fences.Single(fence => fence.Kind == "finding_evidence").Content);
    }

    [Fact]
    public async Task LongInputIsCutAndTheFenceSaysSo()
    {
        await using var api = await FakeMessagesApi.StartAsync();
        using var reviewer = Reviewers.For(api, new AiReviewOptions { MaxToolInputChars = 1_000 });
        var content = "HEAD" + new string('a', 50_000) + "TAIL";

        await reviewer.ReviewAsync(Calls.Tool("Write", Calls.Object(("file_path", "/p/big.txt"), ("content", content))));

        var request = Assert.Single(api.Requests);
        var fence = FenceInspector.Inspect(request).Single(fence => fence.Field == "content");
        Assert.True(fence.Truncated);
        Assert.Contains("original-chars=\"50008\"", fence.Opening, StringComparison.Ordinal);
        var kept = JsonSerializer.Deserialize<string>(fence.Content)!;
        Assert.StartsWith("HEAD", kept, StringComparison.Ordinal);
        Assert.EndsWith("TAIL", kept, StringComparison.Ordinal);
        Assert.True(kept.Length < 1_100, $"kept {kept.Length} characters");
        Assert.True(request.Body.Length < 20_000, $"body of {request.Body.Length} characters");
        Assert.Contains("truncated=\"true\"", request.System, StringComparison.Ordinal);
    }
}
