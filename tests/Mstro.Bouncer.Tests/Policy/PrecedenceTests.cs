using System.Text;
using Mstro.Bouncer.Analysis;
using Mstro.Bouncer.Policy;

namespace Mstro.Bouncer.Tests.Policy;

/// <summary>How built-in, user and project rules combine: users may loosen all but catastrophic findings, projects
/// may only tighten.</summary>
public class PrecedenceTests
{
    private static RuleSet With(string? user = null, string? project = null)
    {
        var reserved = RuleSet.BuiltIn.Rules.Select(r => r.Id).ToHashSet();
        var added = new List<Rule>();
        if (user is not null) added.AddRange(Parse(user, RuleSource.User, reserved));
        if (project is not null) added.AddRange(Parse(project, RuleSource.Project, reserved));
        return RuleSet.BuiltIn.With(added);
    }

    private static IReadOnlyList<Rule> Parse(string rules, RuleSource source, IReadOnlySet<string> reserved)
    {
        var parsed = RuleFileParser.Parse(Encoding.UTF8.GetBytes($$"""{ "version": 1, "rules": [ {{rules}} ] }"""),
            source + ".json", source, reserved);
        Assert.Empty(parsed.Errors);
        return parsed.Rules;
    }

    private static IReadOnlyList<Finding> Evaluate(RuleSet rules, Effect effect, string tool = "Bash") =>
        rules.Evaluate([effect], tool, Fx.Env);

    [Fact]
    public void AUserAllowLoosensACriticalFinding()
    {
        var read = Fx.Read(Fx.Home + "/.aws/credentials");
        Assert.Equal(Severity.Critical, Evaluate(RuleSet.BuiltIn, read)[0].Severity);

        var findings = Evaluate(With(user: """{ "id": "my.aws", "decision": "allow", "effect": "read", "path": "~/.aws/credentials" }"""), read);
        var finding = Assert.Single(findings);
        Assert.Equal("my.aws", finding.RuleId);
        Assert.Equal(Severity.None, finding.Severity);
        Assert.Equal("allowed by your rule my.aws (cat /home/u/.aws/credentials); overrides secrets.cloud-credentials, " +
                     "secrets.token-config", finding.Reason);
    }

    [Fact]
    public void AUserAllowOfACommandAllowsEveryEffectOfThatCommand()
    {
        var invocation = Fx.Run("terraform destroy -auto-approve");
        Effect[] effects =
        [
            new(EffectKind.Run, invocation, Detail: "terraform"),
            new(EffectKind.Delete, invocation, "/srv/state/terraform.tfstate"),
            new(EffectKind.Network, invocation, Host: "169.254.169.254", Detail: "http://169.254.169.254/"),
        ];
        Assert.Equal(Severity.Critical, RuleSet.BuiltIn.Evaluate(effects, "Bash", Fx.Env)[0].Severity);

        var rules = With(user: """{ "id": "my.tf", "decision": "allow", "command": "terraform destroy*" }""");
        var findings = rules.Evaluate(effects, "Bash", Fx.Env);
        Assert.All(findings, f => Assert.Equal(Severity.None, f.Severity));
        Assert.Contains(findings, f => f.Reason.Contains("overrides network.cloud-metadata", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Reason.Contains("overrides filesystem.delete-outside-project", StringComparison.Ordinal));
    }

    [Fact]
    public void AUserAllowCannotLoosenACatastrophicFinding()
    {
        var rules = With(user: """{ "id": "my.usr", "decision": "allow", "effect": "delete", "path": ["/usr", "/usr/**"] }""");
        var findings = Evaluate(rules, Fx.RecursiveDelete("/usr"));
        Assert.Equal("core.delete-system", findings[0].RuleId);
        Assert.Equal(Severity.Catastrophic, findings[0].Severity);

        var everything = With(user: """{ "id": "my.yolo", "decision": "allow", "tool": "*" }""");
        Assert.Equal(Severity.Catastrophic, Evaluate(everything, Fx.Bash(EffectKind.ForkBomb, ":(){ :|:& };:"))[0].Severity);
        Assert.Equal(Severity.None, Evaluate(everything, Fx.Read(Fx.Home + "/.ssh/id_rsa"))[0].Severity);
    }

    [Fact]
    public void AProjectAllowIsIgnored()
    {
        // The loader drops project allow rules with a warning; even a project allow rule built in code has no effect.
        var rule = new Rule("repo.let-me", Severity.None, "let me", new RuleMatch(Paths: ["~/.aws/credentials"]), RuleSource.Project);
        var rules = RuleSet.BuiltIn.With([rule]);
        var findings = Evaluate(rules, Fx.Read(Fx.Home + "/.aws/credentials"));
        Assert.Equal("secrets.cloud-credentials", findings[0].RuleId);
        Assert.Equal(Severity.Critical, findings[0].Severity);
        Assert.DoesNotContain(findings, f => f.RuleId == "repo.let-me");
    }

    [Fact]
    public void AProjectDenyTightens()
    {
        var rules = With(project: """{ "id": "repo.no-destroy", "decision": "deny", "reason": "never from an agent", "command": "terraform destroy*" }""");
        var effect = Fx.Bash(EffectKind.Run, "terraform destroy -auto-approve", detail: "terraform");
        Assert.Equal(Severity.Dangerous, Assert.Single(Evaluate(RuleSet.BuiltIn, effect)).Severity);
        var findings = Evaluate(rules, effect);
        Assert.Equal(2, findings.Count);
        Assert.Equal("repo.no-destroy", findings[0].RuleId);
        Assert.Equal(Severity.Critical, findings[0].Severity);
        Assert.Equal("never from an agent (terraform destroy -auto-approve)", findings[0].Reason);
    }

    [Fact]
    public void AUserAllowDoesNotSuppressUserOrProjectDenies()
    {
        var rules = With(
            user: """
                { "id": "my.kubectl", "decision": "allow", "program": "kubectl" },
                { "id": "my.no-delete", "decision": "deny", "command": "kubectl delete *" }
                """,
            project: """{ "id": "repo.no-apply", "decision": "ask", "command": "kubectl apply *" }""");
        Assert.Equal("my.no-delete", Evaluate(rules, Fx.Bash(EffectKind.Run, "kubectl delete ns prod"))[0].RuleId);
        Assert.Equal("repo.no-apply", Evaluate(rules, Fx.Bash(EffectKind.Run, "kubectl apply -f x.yaml"))[0].RuleId);
        Assert.Empty(Evaluate(rules, Fx.Bash(EffectKind.Run, "kubectl get pods")));
    }

    [Fact]
    public void AnAllowRuleThatSuppressesNothingAddsNoFinding()
    {
        var rules = With(user: """{ "id": "my.scratch", "decision": "allow", "effect": "delete", "path": "~/scratch/**" }""");
        Assert.Empty(Evaluate(rules, Fx.RecursiveDelete(Fx.Project + "/bin")));
        Assert.Equal(Severity.None, Evaluate(rules, Fx.RecursiveDelete(Fx.Home + "/scratch/old"))[0].Severity);
        Assert.Equal(Severity.Dangerous, Evaluate(rules, Fx.RecursiveDelete(Fx.Home + "/other"))[0].Severity);
    }

    [Fact]
    public void FindingsComeMostSevereFirstWithBuiltInsBeforeUserRulesOnTies()
    {
        var rules = With(user: """{ "id": "my.ask-rm", "decision": "ask", "reason": "rm asks", "program": "rm" }""");
        var invocation = Fx.Run("rm -rf /home/u/old /usr");
        Effect[] effects =
        [
            new(EffectKind.Delete, invocation, Fx.Home + "/old", Flags: EffectFlags.Recursive),
            new(EffectKind.Delete, invocation, "/usr", Flags: EffectFlags.Recursive),
        ];
        var findings = rules.Evaluate(effects, "Bash", Fx.Env);
        Assert.Equal(
            ["core.delete-system", "filesystem.delete-outside-project", "filesystem.delete-outside-project", "my.ask-rm"],
            findings.Select(f => f.RuleId));
        Assert.Equal([Severity.Catastrophic, Severity.Dangerous, Severity.Dangerous, Severity.Dangerous], findings.Select(f => f.Severity));
        Assert.Contains("~/old", findings[1].Reason, StringComparison.Ordinal);
        Assert.Contains("/usr", findings[2].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSameFindingTwiceIsReportedOnce()
    {
        var rules = With(user: """{ "id": "my.no-tf", "decision": "deny", "reason": "no terraform", "program": "terraform" }""");
        var invocation = Fx.Run("terraform apply");
        Effect[] effects = [new(EffectKind.Run, invocation), new(EffectKind.Network, invocation, Host: "registry.terraform.io")];
        var finding = Assert.Single(rules.Evaluate(effects, "Bash", Fx.Env));
        Assert.Equal("no terraform (terraform apply)", finding.Reason);
    }

    [Fact]
    public void ToolRulesSeeTheToolName()
    {
        var rules = With(user: """{ "id": "my.corp-fetch", "decision": "ask", "tool": "WebFetch", "host": "*.corp.example" }""");
        var fetch = new Effect(EffectKind.Network, null, Host: "wiki.corp.example", Detail: "https://wiki.corp.example/x");
        Assert.Equal("my.corp-fetch", Evaluate(rules, fetch, "WebFetch")[0].RuleId);
        Assert.Empty(Evaluate(rules, fetch, "Bash"));
        Assert.Equal("my.corp-fetch", Evaluate(rules, fetch, "webfetch")[0].RuleId);
    }

    [Fact]
    public void AnEffectKindTheRulesDoNotKnowStillMeetsRulesForEveryKind()
    {
        var rules = With(user: """{ "id": "my.any", "decision": "deny", "command": "evil*" }""");
        var findings = rules.Evaluate([new Effect((EffectKind)999, Fx.Run("evil thing"))], "Bash", Fx.Env);
        Assert.Equal("my.any", Assert.Single(findings).RuleId);
    }
}
