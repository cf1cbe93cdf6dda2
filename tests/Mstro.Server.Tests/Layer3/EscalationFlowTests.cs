using System.Diagnostics;
using System.Text.Json;
using Mstro.Bouncer;
using Mstro.Bouncer.Hook;
using Mstro.Bouncer.Policy;
using Mstro.Protocol.Escalations;
using Mstro.Server.Escalations;
using Mstro.Server.Tests.Support;

namespace Mstro.Server.Tests.Layer3;

/// <summary>Layer 3 end to end: a real mstro-hook process waits on a real server while a person answers (here through
/// the in-process seam the console uses; the paired-terminal route has its own tests), and Claude Code gets the answer.</summary>
public sealed class EscalationFlowTests
{
    /// <summary>Layer 1 cannot tell what this deletes: ambiguous, so it reaches Layer 2 (off here) and then a person.</summary>
    private const string Ambiguous = "rm -rf \"$BUILD_DIR\"";

    [Theory]
    [InlineData(true, "allow", "human.approve", "approved")]
    [InlineData(false, "deny", "human.deny", "denied")]
    public async Task APersonsAnswerReachesTheHookAtLayer3(bool approve, string decision, string ruleId, string outcome)
    {
        await using var server = await Layers.StartAsync(attended: true);
        using var feed = server.Server.Events.Subscribe(64);

        var hook = HookRuns.RunAsync(server.Home, Payloads.PreToolUse(Ambiguous, "s-answer"));
        var escalation = (await Layers.NextAsync(feed, "escalation")).GetProperty("data");
        var id = escalation.GetProperty("id").GetString()!;
        var result = await server.Server.Escalations.AnswerAsync(id, new EscalationAnswer(approve));
        var (answer, _) = await hook;

        Assert.Equal(AnswerStatus.Answered, result.Status);
        Assert.Equal(decision, HookRuns.Decision(answer));
        Assert.Contains($"escalation {id}", HookRuns.Reason(answer), StringComparison.Ordinal);
        var audit = HookRuns.LastAuditLine(server.Home);
        Assert.Equal((decision, 3, ruleId), (audit.GetProperty("decision").GetString(), audit.GetProperty("layer").GetInt32(), audit.GetProperty("rule").GetString()));
        Assert.Equal(("s-answer", "Bash", Ambiguous.Replace("\"", "", StringComparison.Ordinal)),
            (escalation.GetProperty("sessionId").GetString(), escalation.GetProperty("toolName").GetString(), escalation.GetProperty("layer1").GetProperty("findings")[0].GetProperty("evidence").GetString()));
        Assert.True(escalation.GetProperty("deadline").GetDateTimeOffset() - escalation.GetProperty("createdAt").GetDateTimeOffset() == TimeSpan.FromSeconds(60));
        var resolved = (await Layers.NextAsync(feed, "escalation-resolved")).GetProperty("data");
        Assert.Equal((id, outcome, decision), (resolved.GetProperty("id").GetString(), resolved.GetProperty("outcome").GetString(), resolved.GetProperty("decision").GetString()));
        var verdict = (await Layers.NextAsync(feed, "verdict")).GetProperty("data");
        Assert.Equal(("human", id), (verdict.GetProperty("layer").GetString(), verdict.GetProperty("escalationId").GetString()));
    }

    [Fact]
    public async Task RememberingAnApprovalLetsTheNextIdenticalCallThroughAtLayer1()
    {
        await using var server = await Layers.StartAsync(attended: true);
        var rulesFile = Path.Combine(server.Home.MstroDirectory, "bouncer.json");
        const string Before = """
            // my rules
            { "version": 1,
              "rules": [
                { "id": "my.no-kubectl-delete", "decision": "deny", "command": "kubectl delete *" }, // keep me
              ] }
            """;
        await File.WriteAllTextAsync(rulesFile, Before);
        File.SetUnixFileMode(rulesFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        using var feed = server.Server.Events.Subscribe(256);

        var first = HookRuns.RunAsync(server.Home, Payloads.PreToolUse(Ambiguous));
        var id = (await Layers.WaitingAsync(server))[0];
        var result = await server.Server.Escalations.AnswerAsync(id, new EscalationAnswer(true, new RememberRequest { Scope = "user" }));
        Assert.Equal("allow", HookRuns.Decision((await first).Stdout));

        Assert.Equal(AnswerStatus.Answered, result.Status);
        var rule = result.Response!.Rule!;
        Assert.Equal(rulesFile, rule.File);
        Assert.StartsWith("remembered.bash-", rule.Id, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(rulesFile));
        var after = await File.ReadAllTextAsync(rulesFile);
        var cut = after.IndexOf(",\n    " + rule.Rule, StringComparison.Ordinal);
        Assert.True(cut > 0, after);
        Assert.Equal(Before, after.Remove(cut, (",\n    " + rule.Rule).Length)); // every other byte as it was
        var written = JsonDocument.Parse(rule.Rule).RootElement;
        Assert.Equal(("allow", "Bash", "rm -rf $BUILD_DIR"),
            (written.GetProperty("decision").GetString(), written.GetProperty("tool").GetString(), written.GetProperty("command").GetString()));

        var (second, _) = await HookRuns.RunAsync(server.Home, Payloads.PreToolUse(Ambiguous));

        Assert.Equal("allow", HookRuns.Decision(second));
        var audit = HookRuns.LastAuditLine(server.Home);
        Assert.Equal((1, rule.Id), (audit.GetProperty("layer").GetInt32(), audit.GetProperty("rule").GetString()));
        var types = new List<string>();
        while (feed.Live.TryRead(out var next)) types.Add(next.Type);
        Assert.Equal(1, types.Count(type => type == "escalation")); // the second call never escalated
        // The user's own deny rule still stands next to it.
        var loaded = RuleLoader.Load(rulesFile, null);
        Assert.Empty(loaded.Errors);
        Assert.Contains(loaded.RuleSet.Rules, r => r.Id == "my.no-kubectl-delete");
    }

    [Fact]
    public async Task RememberingTheSameAnswerTwiceWritesOneRule()
    {
        await using var server = await Layers.StartAsync(attended: true);
        var rules = new List<RememberedRuleView>();
        for (var i = 0; i < 2; i++)
        {
            var posting = Layers.PostAsync(server, Payloads.PreToolUse("bash /opt/tools/setup.sh"));
            var id = (await Layers.WaitingAsync(server))[0];
            rules.Add((await server.Server.Escalations.AnswerAsync(id, new EscalationAnswer(false, new RememberRequest()))).Response!.Rule!);
            Assert.Equal("deny", (await posting).GetProperty("decision").GetString());
        }

        Assert.Equal(rules[0].Id, rules[1].Id);
        Assert.Equal((false, true), (rules[0].Existing, rules[1].Existing));
        Assert.Single(RuleLoader.Load(rules[0].File, null).RuleSet.Rules, r => r.Source == RuleSource.User);
    }

    [Fact]
    public async Task AnApprovalRememberedForOneProjectAppliesInThatProjectOnly()
    {
        await using var server = await Layers.StartAsync(attended: true);
        var project = Directory.CreateDirectory(Path.Combine(server.Home.Path, "work", "app")).FullName;
        var other = Directory.CreateDirectory(Path.Combine(server.Home.Path, "work", "other")).FullName;

        var first = HookRuns.RunAsync(server.Home, Payloads.PreToolUse(Ambiguous, cwd: project));
        var id = (await Layers.WaitingAsync(server))[0];
        var result = await server.Server.Escalations.AnswerAsync(id, new EscalationAnswer(true, new RememberRequest { Scope = "project" }));
        await first;

        var rule = result.Response!.Rule!;
        Assert.Equal(Path.Combine(server.Home.MstroDirectory, "bouncer.json"), rule.File); // a project's own file may only tighten
        Assert.Equal(project, JsonDocument.Parse(rule.Rule).RootElement.GetProperty("project").GetString());
        Assert.False(File.Exists(Path.Combine(project, ".mstro", "bouncer.json")));
        var (here, _) = await HookRuns.RunAsync(server.Home, Payloads.PreToolUse(Ambiguous, cwd: project));
        Assert.Equal("allow", HookRuns.Decision(here));
        Assert.Equal(Decision.Ask, Layer1(server, rule.File, Ambiguous, other).Decision);
    }

    [Fact]
    public async Task RememberingADenialForTheProjectWritesTheProjectsOwnFile()
    {
        await using var server = await Layers.StartAsync(attended: true);
        var project = Directory.CreateDirectory(Path.Combine(server.Home.Path, "work", "app")).FullName;

        var first = HookRuns.RunAsync(server.Home, Payloads.PreToolUse(Ambiguous, cwd: project));
        var id = (await Layers.WaitingAsync(server))[0];
        var result = await server.Server.Escalations.AnswerAsync(id, new EscalationAnswer(false, new RememberRequest { Scope = "project" }));
        await first;

        Assert.Equal(Path.Combine(project, ".mstro", "bouncer.json"), result.Response!.Rule!.File);
        Assert.False(File.Exists(Path.Combine(server.Home.MstroDirectory, "bouncer.json")));
        var (next, _) = await HookRuns.RunAsync(server.Home, Payloads.PreToolUse(Ambiguous, cwd: project));
        Assert.Equal("deny", HookRuns.Decision(next));
        Assert.Equal(1, HookRuns.LastAuditLine(server.Home).GetProperty("layer").GetInt32());
    }

    [Fact]
    public async Task AProjectsRulesFileThatIsALinkIsNotWrittenThrough()
    {
        await using var server = await Layers.StartAsync(attended: true);
        var project = Directory.CreateDirectory(Path.Combine(server.Home.Path, "work", "app")).FullName;
        var target = Path.Combine(server.Home.Path, ".config", "autostart", "x.desktop");
        Directory.CreateDirectory(Path.Combine(project, ".mstro"));
        File.CreateSymbolicLink(Path.Combine(project, ".mstro", "bouncer.json"), target); // planted by the repository

        var posting = Layers.PostAsync(server, Payloads.PreToolUse("bash /opt/tools/setup.sh", cwd: project));
        var id = (await Layers.WaitingAsync(server))[0];
        var refused = await server.Server.Escalations.AnswerAsync(id, new EscalationAnswer(false, new RememberRequest { Scope = "project" }));
        await server.Server.Escalations.AnswerAsync(id, new EscalationAnswer(false));
        await posting;

        Assert.Equal(AnswerStatus.RememberRefused, refused.Status);
        Assert.Contains("is a symbolic link", refused.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(target));
    }

    [Fact]
    public async Task ABrokenRulesFileIsNeverOverwrittenAndTheCallStillWaits()
    {
        await using var server = await Layers.StartAsync(attended: true);
        var rulesFile = Path.Combine(server.Home.MstroDirectory, "bouncer.json");
        const string Broken = """{ "version": 1, "rules": [ { "id": "my.x", "decison": "deny", "command": "x" } ] }""";
        await File.WriteAllTextAsync(rulesFile, Broken);

        var posting = Layers.PostAsync(server, Payloads.PreToolUse("bash /opt/tools/setup.sh"));
        var id = (await Layers.WaitingAsync(server))[0];
        var refused = await server.Server.Escalations.AnswerAsync(id, new EscalationAnswer(true, new RememberRequest()));

        Assert.Equal(AnswerStatus.RememberRefused, refused.Status);
        Assert.Contains("decison", refused.Message, StringComparison.Ordinal);
        Assert.Contains("fix it first", refused.Message, StringComparison.Ordinal);
        Assert.Contains("still waits", refused.Message, StringComparison.Ordinal);
        Assert.Equal(Broken, await File.ReadAllTextAsync(rulesFile));
        Assert.Equal([id], server.Server.Escalations.Waiting().Select(e => e.Id));
        Assert.Equal(AnswerStatus.Answered, (await server.Server.Escalations.AnswerAsync(id, new EscalationAnswer(true))).Status);
        Assert.Equal("allow", (await posting).GetProperty("decision").GetString());
    }

    [Fact]
    public async Task APatternThatDoesNotMatchTheCallIsRefused()
    {
        await using var server = await Layers.StartAsync(attended: true);
        var posting = Layers.PostAsync(server, Payloads.PreToolUse("bash /opt/tools/setup.sh"));
        var id = (await Layers.WaitingAsync(server))[0];

        var refused = await server.Server.Escalations.AnswerAsync(id, new EscalationAnswer(true, new RememberRequest { Pattern = "bash /opt/other/*" }));
        var widened = await server.Server.Escalations.AnswerAsync(id, new EscalationAnswer(true, new RememberRequest { Pattern = "bash /opt/tools/*" }));

        Assert.Equal(AnswerStatus.RememberRefused, refused.Status);
        Assert.Contains("the pattern does not match this call", refused.Message, StringComparison.Ordinal);
        Assert.Equal(AnswerStatus.Answered, widened.Status);
        Assert.Equal("bash /opt/tools/*", JsonDocument.Parse(widened.Response!.Rule!.Rule).RootElement.GetProperty("command").GetString());
        await posting;
    }

    [Fact]
    public async Task AFileToolIsRememberedByItsExactPath()
    {
        await using var server = await Layers.StartAsync(attended: true);
        var payload = Payloads.FileTool("Write", "/etc/app/[x].conf");
        var posting = Layers.PostAsync(server, payload);
        var id = (await Layers.WaitingAsync(server))[0];
        var result = await server.Server.Escalations.AnswerAsync(id, new EscalationAnswer(true, new RememberRequest()));
        await posting;

        var rule = JsonDocument.Parse(result.Response!.Rule!.Rule).RootElement;
        Assert.Equal(("Write", "/etc/app/\\[x\\].conf"), (rule.GetProperty("tool").GetString(), rule.GetProperty("path").GetString()));
        Assert.Equal(Decision.Allow, new BouncerEngine(RuleLoader.Load(result.Response.Rule.File, null).RuleSet)
            .Decide(HookPayload.Parse(System.Text.Encoding.UTF8.GetBytes(payload)), BouncerEnvironment.For(server.Home.Path, "/home/user/project")).Decision);
    }

    [Fact]
    public async Task NoAnswerByTheDeadlineIsAnAskNeverAnAllow()
    {
        await using var server = await Layers.StartAsync(attended: true, escalationTimeout: TimeSpan.FromSeconds(1.5));
        using var feed = server.Server.Events.Subscribe(64);

        var (answer, elapsed) = await HookRuns.RunAsync(server.Home, Payloads.PreToolUse(Ambiguous));

        Assert.Equal("ask", HookRuns.Decision(answer));
        Assert.Contains("no one answered within 1.5 s", HookRuns.Reason(answer), StringComparison.Ordinal);
        Assert.Equal("human.timeout", HookRuns.LastAuditLine(server.Home).GetProperty("rule").GetString());
        Assert.True(elapsed >= TimeSpan.FromSeconds(1.4), $"answered after {elapsed}");
        Assert.Equal("timed-out", (await Layers.NextAsync(feed, "escalation-resolved")).GetProperty("data").GetProperty("outcome").GetString());
        Assert.Empty(server.Server.Escalations.Waiting());
    }

    [Fact]
    public async Task TheHookWaitsForAPersonLongerThanItsOldTenSeconds()
    {
        await using var server = await Layers.StartAsync(attended: true, escalationTimeout: TimeSpan.FromSeconds(30));
        Assert.Equal((long)(server.Server.Services.GetService(typeof(Microsoft.Extensions.Options.IOptions<ServerOptions>)) is Microsoft.Extensions.Options.IOptions<ServerOptions> o
            ? o.Value.DecisionTimeout.TotalMilliseconds : 0), server.Runtime.DecisionTimeoutMs);

        var hook = HookRuns.RunAsync(server.Home, Payloads.PreToolUse(Ambiguous));
        var id = (await Layers.WaitingAsync(server))[0];
        await Task.Delay(TimeSpan.FromSeconds(10.5));
        await server.Server.Escalations.AnswerAsync(id, new EscalationAnswer(true));

        Assert.Equal("allow", HookRuns.Decision((await hook).Stdout));
    }

    [Fact]
    public async Task StoppingMstroAnswersEveryWaitingCallWithAskAtOnce()
    {
        var server = await Layers.StartAsync(attended: true);
        var home = server.Home;
        var hooks = new[] { HookRuns.RunAsync(home, Payloads.PreToolUse(Ambiguous, "s1")), HookRuns.RunAsync(home, Payloads.PreToolUse(Ambiguous, "s2")) };
        await Layers.WaitingAsync(server, 2);
        var clock = Stopwatch.StartNew();
        await server.Server.StopAsync();
        var answers = await Task.WhenAll(hooks);
        var stopped = clock.Elapsed;
        await server.DisposeAsync();

        Assert.All(answers, answer => Assert.Equal("ask", HookRuns.Decision(answer.Stdout)));
        Assert.All(answers, answer => Assert.Contains("mstro stopped while this call waited", HookRuns.Reason(answer.Stdout), StringComparison.Ordinal));
        Assert.True(stopped < TimeSpan.FromSeconds(5), $"the hooks got their answers {stopped} after the stop");
    }

    [Fact]
    public async Task TwoSessionsEscalatingAtOnceAreAnsweredIndependently()
    {
        await using var server = await Layers.StartAsync(attended: true);
        var a = HookRuns.RunAsync(server.Home, Payloads.PreToolUse(Ambiguous, "session-a"));
        var b = HookRuns.RunAsync(server.Home, Payloads.PreToolUse(Ambiguous, "session-b"));
        await Layers.WaitingAsync(server, 2);
        var waiting = server.Server.Escalations.Waiting();
        var idA = waiting.Single(e => e.SessionId == "session-a").Id;
        var idB = waiting.Single(e => e.SessionId == "session-b").Id;

        await server.Server.Escalations.AnswerAsync(idA, new EscalationAnswer(true));
        var (answerA, _) = await a;
        Assert.Equal([idB], server.Server.Escalations.Waiting().Select(e => e.Id));
        Assert.False(b.IsCompleted, "answering session a must not answer session b");
        await server.Server.Escalations.AnswerAsync(idB, new EscalationAnswer(false));
        var (answerB, _) = await b;

        Assert.Equal(("allow", "deny"), (HookRuns.Decision(answerA), HookRuns.Decision(answerB)));
        Assert.NotEqual(idA, idB);
    }

    [Fact]
    public async Task AnswersToUnknownOrFinishedEscalationsSayWhy()
    {
        await using var server = await Layers.StartAsync(attended: true);
        var posting = Layers.PostAsync(server, Payloads.PreToolUse("bash /opt/tools/setup.sh"));
        var id = (await Layers.WaitingAsync(server))[0];
        await server.Server.Escalations.AnswerAsync(id, new EscalationAnswer(false));
        await posting;

        var again = await server.Server.Escalations.AnswerAsync(id, new EscalationAnswer(true));
        var unknown = await server.Server.Escalations.AnswerAsync("zzzzzz", new EscalationAnswer(true));

        Assert.Equal(AnswerStatus.AlreadyResolved, again.Status);
        Assert.Contains("a person denied it", again.Message, StringComparison.Ordinal);
        Assert.Equal(AnswerStatus.NotFound, unknown.Status);
    }

    [Fact]
    public async Task AHookThatStopsWaitingAbandonsItsEscalation()
    {
        await using var server = await Layers.StartAsync(attended: true);
        using var feed = server.Server.Events.Subscribe(64);
        using var hook = Processes.StartHook(server.Home.Path);
        await hook.StandardInput.WriteAsync(Payloads.PreToolUse(Ambiguous));
        hook.StandardInput.Close();
        var id = (await Layers.WaitingAsync(server))[0];

        hook.Kill(); // Claude Code's timeout kills the hook
        var resolved = (await Layers.NextAsync(feed, "escalation-resolved")).GetProperty("data");

        Assert.Equal((id, "abandoned"), (resolved.GetProperty("id").GetString(), resolved.GetProperty("outcome").GetString()));
        Assert.Empty(server.Server.Escalations.Waiting());
    }

    [Fact]
    public async Task BeyondTheQueuesBoundACallIsAskedAtOnce()
    {
        await using var server = await Layers.StartAsync(attended: true, configure: options => options.MaxPendingEscalations = 1);
        var first = Layers.PostAsync(server, Payloads.PreToolUse("bash /opt/tools/a.sh"));
        var id = (await Layers.WaitingAsync(server))[0];

        var second = await Layers.PostAsync(server, Payloads.PreToolUse("bash /opt/tools/b.sh"));

        Assert.Equal(("ask", "human.queue-full"), (second.GetProperty("decision").GetString(), second.GetProperty("ruleId").GetString()));
        await server.Server.Escalations.AnswerAsync(id, new EscalationAnswer(true));
        await first;
    }

    private static Verdict Layer1(RunningServer server, string userRules, string command, string cwd) =>
        new BouncerEngine(RuleLoader.Load(userRules, null).RuleSet).Decide(
            HookPayload.Parse(System.Text.Encoding.UTF8.GetBytes(Payloads.PreToolUse(command, cwd: cwd))),
            BouncerEnvironment.For(server.Home.Path, cwd));
}
