using Mstro.Bouncer;
using Mstro.Bouncer.Policy;
using Mstro.Hook.Hosting;
using Mstro.Hook.Rules;

namespace Mstro.Cli.Tests.Rules;

public class RulesInForceTests
{
    private static readonly MstroPaths Paths = new("/home/u", "/home/u/.claude", "/home/u/.mstro");
    private static readonly Verdict Allowed = new(Decision.Allow, Severity.None, "default.allow", "nothing dangerous", Layer.Rules, []);

    [Fact]
    public void ABrokenRulesFileTurnsAnAllowIntoAnAskNamingFileLineAndField()
    {
        RuleFileError[] errors = [new("/home/u/.mstro/bouncer.json", 4, "rules[0].decision", "\"maybe\" is not one of allow, ask, deny")];

        var verdict = RulesInForce.GuardAgainstBrokenFiles(Allowed, errors, Paths);

        Assert.Equal(Decision.Ask, verdict.Decision);
        Assert.Equal(RulesInForce.BrokenRulesFileRuleId, verdict.RuleId);
        Assert.Equal(
            "your rules file ~/.mstro/bouncer.json line 4 rules[0].decision: \"maybe\" is not one of allow, ask, deny — fix it; until then mstro asks",
            verdict.Reason);
    }

    [Fact]
    public void FurtherErrorsAreCountedAndAFileOutsideHomeKeepsItsPath()
    {
        RuleFileError[] errors =
        [
            new("/work/p/.mstro/bouncer.json", 0, "", "the file is not valid JSON"),
            new("/work/p/.mstro/bouncer.json", 9, "version", "must be 1"),
            new("/home/u/.mstro/bouncer.json", 2, "rules", "must be an array"),
        ];

        var verdict = RulesInForce.GuardAgainstBrokenFiles(Allowed, errors, Paths);

        Assert.Equal(
            "your rules file /work/p/.mstro/bouncer.json: the file is not valid JSON (and 2 more errors) — fix it; until then mstro asks",
            verdict.Reason);
    }

    [Theory]
    [InlineData(Decision.Ask)]
    [InlineData(Decision.Deny)]
    public void AVerdictStricterThanAllowStands(Decision decision)
    {
        var strict = new Verdict(decision, Severity.Critical, "core.x", "bad", Layer.Rules, []);

        var verdict = RulesInForce.GuardAgainstBrokenFiles(strict, [new("/f", 1, "x", "y")], Paths);

        Assert.Same(strict, verdict);
    }

    [Fact]
    public void WithoutErrorsTheVerdictIsUntouched() =>
        Assert.Same(Allowed, RulesInForce.GuardAgainstBrokenFiles(Allowed, [], Paths));
}
