using System.Net;
using System.Text.Json;
using Mstro.Review.Tests.Fakes;
using Mstro.Server.Escalations;
using Mstro.Server.Tests.Support;

namespace Mstro.Server.Tests.Layer2;

/// <summary>Layer 2 inside the real server: a call Layer 1 asked about goes to the fake Messages API (a real HTTP server),
/// and what the model answers, or how it fails, decides the call, is published on the feed and reaches the hook.</summary>
public sealed class AiReviewThroughServerTests
{
    [Theory]
    [InlineData("allow", "allow", "ai.allow")]
    [InlineData("deny", "deny", "ai.deny")]
    public async Task TheModelsAllowOrDenyDecidesAtLayer2(string verdict, string decision, string ruleId)
    {
        await using var api = await FakeMessagesApi.StartAsync();
        api.Default = ScriptedResponse.Verdict(verdict, 0.95, "the user asked to clean the build output");
        await using var server = await Layers.StartAsync(api);
        using var feed = server.Server.Events.Subscribe(64);

        var answer = await PostAsync(server, Payloads.PreToolUse("eval \"$CLEAN\""), Payloads.Ambiguous());

        Assert.Equal(decision, answer.GetProperty("decision").GetString());
        Assert.Equal("ai-review", answer.GetProperty("layer").GetString());
        Assert.Equal(ruleId, answer.GetProperty("ruleId").GetString());
        Assert.Contains("the user asked to clean the build output", answer.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var data = (await Layers.NextAsync(feed, "verdict")).GetProperty("data");
        Assert.Equal("ai-review", data.GetProperty("layer").GetString());
        var review = data.GetProperty("review");
        Assert.Equal(verdict, review.GetProperty("decision").GetString());
        Assert.Equal("none", review.GetProperty("failure").GetString());
        Assert.False(review.GetProperty("fromCache").GetBoolean());
        Assert.Equal(0.95, review.GetProperty("confidence").GetDouble());
        Assert.Single(api.Requests);
    }

    public static TheoryData<string, string> Failures => new()
    {
        { "escalate", "none" },
        { "malformed", "malformed" },
        { "timeout", "timeout" },
        { "429", "rate-limited" },
        { "500", "server-error" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task AnEscalationOrAFailureIsAnAskWhenNoOneCanAnswer(string scripted, string failure)
    {
        await using var api = await FakeMessagesApi.StartAsync();
        api.Default = Scripted(scripted);
        await using var server = await Layers.StartAsync(api, configure: options => options.AiReview = options.AiReview with { Timeout = TimeSpan.FromSeconds(1), MinRetryBudget = TimeSpan.Zero });
        using var feed = server.Server.Events.Subscribe(64);

        var answer = await PostAsync(server, Payloads.PreToolUse("eval \"$X\""), Payloads.Ambiguous());

        Assert.Equal("ask", answer.GetProperty("decision").GetString());
        Assert.Equal("ai-review", answer.GetProperty("layer").GetString());
        Assert.Equal("ai.escalate", answer.GetProperty("ruleId").GetString());
        Assert.Contains("No one is watching mstro", answer.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var review = (await Layers.NextAsync(feed, "verdict")).GetProperty("data").GetProperty("review");
        Assert.Equal("escalate", review.GetProperty("decision").GetString());
        Assert.Equal(failure, review.GetProperty("failure").GetString());
        Assert.Empty(server.Server.Escalations.Waiting());
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task AnEscalationOrAFailureWaitsForAPersonWhenOneCanAnswer(string scripted, string failure)
    {
        await using var api = await FakeMessagesApi.StartAsync();
        api.Default = Scripted(scripted);
        await using var server = await Layers.StartAsync(api, attended: true,
            configure: options => options.AiReview = options.AiReview with { Timeout = TimeSpan.FromSeconds(1), MinRetryBudget = TimeSpan.Zero });
        using var feed = server.Server.Events.Subscribe(64);

        var posting = PostAsync(server, Payloads.PreToolUse("eval \"$X\""), Payloads.Ambiguous());
        var escalation = (await Layers.NextAsync(feed, "escalation")).GetProperty("data");
        Assert.Equal(failure, escalation.GetProperty("review").GetProperty("failure").GetString());
        Assert.False(posting.IsCompleted, "the hook's request waits for the person");
        var result = await server.Server.Escalations.AnswerAsync(escalation.GetProperty("id").GetString()!, new EscalationAnswer(Approve: false));
        var answer = await posting;

        Assert.Equal(AnswerStatus.Answered, result.Status);
        Assert.Equal(("deny", "human"), (answer.GetProperty("decision").GetString(), answer.GetProperty("layer").GetString()));
    }

    [Fact]
    public async Task AnAiAllowOfADangerousCallGoesToAPerson()
    {
        await using var api = await FakeMessagesApi.StartAsync();
        api.Default = ScriptedResponse.Verdict("allow", 0.99, "the user asked to tear down the test stack");
        await using var server = await Layers.StartAsync(api, attended: true);
        using var feed = server.Server.Events.Subscribe(64);

        var posting = PostAsync(server, Payloads.PreToolUse("terraform destroy -target=module.x"),
            Payloads.VerdictWith("ask", "dangerous", ("infrastructure.terraform-destroy", "dangerous", "terraform destroy -target=module.x")));
        var escalation = (await Layers.NextAsync(feed, "escalation")).GetProperty("data");

        var review = escalation.GetProperty("review");
        Assert.Equal(("escalate", "dangerous-needs-person", "allow"),
            (review.GetProperty("decision").GetString(), review.GetProperty("adjustment").GetString(), review.GetProperty("modelVerdict").GetString()));
        Assert.Contains("so a person decides", escalation.GetProperty("reason").GetString(), StringComparison.Ordinal);
        await server.Server.Escalations.AnswerAsync(escalation.GetProperty("id").GetString()!, new EscalationAnswer(Approve: true));
        Assert.Equal("allow", (await posting).GetProperty("decision").GetString());
    }

    [Fact]
    public async Task TheUsersOwnAmbiguousRuleLetsAnAiAllowOfADangerousCallStand()
    {
        await using var api = await FakeMessagesApi.StartAsync();
        api.Default = ScriptedResponse.Verdict("allow", 0.99, "tearing down the dev stack, as asked");
        await using var server = await Layers.StartAsync(api, attended: true);
        await File.WriteAllTextAsync(Path.Combine(server.Home.MstroDirectory, "bouncer.json"), """
            { "version": 1, "rules": [ { "id": "my.tf-dev", "severity": "ambiguous", "command": "terraform destroy -target=module.dev*" } ] }
            """);
        const string Command = "terraform destroy -target=module.dev";

        var answer = await PostAsync(server, Payloads.PreToolUse(Command), Payloads.VerdictWith("ask", "dangerous",
            ("infrastructure.terraform-destroy", "dangerous", Command), ("my.tf-dev", "ambiguous", Command)));
        var other = PostAsync(server, Payloads.PreToolUse("terraform destroy -target=module.prod"), Payloads.VerdictWith("ask", "dangerous",
            ("infrastructure.terraform-destroy", "dangerous", "terraform destroy -target=module.prod")));

        Assert.Equal(("allow", "ai-review"), (answer.GetProperty("decision").GetString(), answer.GetProperty("layer").GetString()));
        var waiting = await Layers.WaitingAsync(server);
        await server.Server.Escalations.AnswerAsync(waiting[0], new EscalationAnswer(Approve: false));
        Assert.Equal("human", (await other).GetProperty("layer").GetString());
    }

    [Fact]
    public async Task AnIdenticalSecondCallReusesTheVerdictAndTheFeedSaysSo()
    {
        await using var api = await FakeMessagesApi.StartAsync();
        api.Default = ScriptedResponse.Verdict("allow", 0.9, "builds the project");
        await using var server = await Layers.StartAsync(api);
        using var feed = server.Server.Events.Subscribe(64);

        await PostAsync(server, Payloads.PreToolUse("make -C \"$DIR\""), Payloads.Ambiguous("make -C \"$DIR\""));
        var second = await PostAsync(server, Payloads.PreToolUse("make -C \"$DIR\""), Payloads.Ambiguous("make -C \"$DIR\""));

        Assert.Equal("allow", second.GetProperty("decision").GetString());
        Assert.Contains("cached verdict", second.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.False((await Layers.NextAsync(feed, "verdict")).GetProperty("data").GetProperty("review").GetProperty("fromCache").GetBoolean());
        Assert.True((await Layers.NextAsync(feed, "verdict")).GetProperty("data").GetProperty("review").GetProperty("fromCache").GetBoolean());
        Assert.Single(api.Requests);
    }

    [Fact]
    public async Task TheModelSeesTheSessionsLatestPromptAndTranscriptTailButNoOtherFile()
    {
        await using var api = await FakeMessagesApi.StartAsync();
        api.Default = ScriptedResponse.Verdict("allow", 0.9, "fine");
        await using var server = await Layers.StartAsync(api);
        var projects = Path.Combine(server.Home.Path, ".claude", "projects", "-p");
        Directory.CreateDirectory(projects);
        var transcript = Path.Combine(projects, "s1.jsonl");
        await File.WriteAllLinesAsync(transcript,
        [
            """{"type":"user","message":{"role":"user","content":"please tidy the generated files"}}""",
            """{"type":"assistant","message":{"role":"assistant","content":[{"type":"text","text":"I will remove the generated output."},{"type":"tool_use","name":"Bash","input":{"command":"ls gen"}}]}}""",
        ]);
        var secret = Path.Combine(server.Home.Path, "notes.jsonl");
        await File.WriteAllTextAsync(secret, """{"message":{"role":"user","content":"PRIVATE-NOTE-7781"}}""" + "\n");
        using var client = server.AuthorizedClient();
        await client.PostAsync("/api/events", RunningServer.Json(Payloads.EventRequest(Payloads.UserPromptSubmit("clean up the build", "s1"))));

        await PostAsync(server, Payloads.PreToolUse("eval \"$A\"", "s1", transcriptPath: transcript), Payloads.Ambiguous("eval \"$A\""));
        await PostAsync(server, Payloads.PreToolUse("eval \"$B\"", "s1", transcriptPath: secret), Payloads.Ambiguous("eval \"$B\""));

        var withTranscript = api.Requests[0].UserText;
        Assert.Contains("clean up the build", withTranscript, StringComparison.Ordinal);
        Assert.Contains("I will remove the generated output.", withTranscript, StringComparison.Ordinal);
        Assert.Contains("assistant called Bash", withTranscript, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE-NOTE-7781", api.Requests[1].UserText, StringComparison.Ordinal);
        Assert.DoesNotContain(Layers.TestKey, api.Requests[0].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutAKeyAnAmbiguousCallGoesStraightToAPerson()
    {
        await using var server = await Layers.StartAsync(api: null, attended: true);
        using var feed = server.Server.Events.Subscribe(64);

        var posting = PostAsync(server, Payloads.PreToolUse("eval \"$X\""), Payloads.Ambiguous());
        var escalation = (await Layers.NextAsync(feed, "escalation")).GetProperty("data");
        await server.Server.Escalations.AnswerAsync(escalation.GetProperty("id").GetString()!, new EscalationAnswer(Approve: true));

        Assert.Equal("not-configured", escalation.GetProperty("review").GetProperty("failure").GetString());
        Assert.Contains("AI review is off", escalation.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(("allow", "human"), ((await posting).GetProperty("decision").GetString(), (await posting).GetProperty("layer").GetString()));
    }

    [Fact]
    public async Task TheRealHookGetsTheAiAllowAndAuditsLayer2()
    {
        await using var api = await FakeMessagesApi.StartAsync();
        api.Default = ScriptedResponse.Verdict("allow", 0.95, "expands the user's own variable");
        await using var server = await Layers.StartAsync(api);

        // Layer 1 cannot tell what this deletes (ambiguous): AI review may decide it.
        var (answer, _) = await HookRuns.RunAsync(server.Home, Payloads.PreToolUse("rm -rf \"$BUILD_DIR\"", sessionId: "hook-l2"));

        Assert.True(HookRuns.Decision(answer) == "allow", answer);
        Assert.Contains("expands the user's own variable", HookRuns.Reason(answer), StringComparison.Ordinal);
        var audit = HookRuns.LastAuditLine(server.Home);
        Assert.Equal(("allow", 2, "ai.allow"), (audit.GetProperty("decision").GetString(), audit.GetProperty("layer").GetInt32(), audit.GetProperty("rule").GetString()));
    }

    private static ScriptedResponse Scripted(string kind) => kind switch
    {
        "escalate" => ScriptedResponse.Verdict("escalate", 0.6, "cannot tell what $X holds"),
        "malformed" => ScriptedResponse.MalformedJson(),
        "timeout" => ScriptedResponse.Verdict("allow", 0.99, "too late").After(TimeSpan.FromSeconds(10)),
        "429" => ScriptedResponse.RateLimited(30),
        _ => ScriptedResponse.Error(500, "api_error", "Internal server error"),
    };

    internal static async Task<JsonElement> PostAsync(RunningServer server, string payload, string verdict)
    {
        using var client = server.AuthorizedClient();
        using var response = await client.PostAsync("/api/hook", RunningServer.Json(Payloads.HookRequest(payload, verdict)));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
