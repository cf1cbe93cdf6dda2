using Mstro.Bouncer.Policy;

namespace Mstro.Bouncer.Tests.Policy;

public class BuiltInPackTests
{
    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var (pack, cases) in PackFixtures.All)
            for (var i = 0; i < cases.Length; i++)
                data.Add(pack, i);
        return data;
    }

    private static PackCase CaseOf(string pack, int index) => PackFixtures.All.Single(p => p.Pack == pack).Cases[index];

    private static IReadOnlyList<Finding> Evaluate(PackCase fixture) =>
        RuleSet.BuiltIn.Evaluate([fixture.Effect], fixture.Tool, fixture.Environment ?? Fx.Env);

    [Theory]
    [MemberData(nameof(Cases))]
    public void EachFixtureGetsItsExpectedVerdict(string pack, int index)
    {
        var fixture = CaseOf(pack, index);
        var findings = Evaluate(fixture);
        if (fixture.IsBenign)
        {
            Assert.True(findings.Count == 0,
                $"{fixture.Name}: expected no finding, got {string.Join("; ", findings.Select(f => $"{f.RuleId}: {f.Reason}"))}");
            return;
        }
        Assert.True(findings.Count > 0, $"{fixture.Name}: expected {fixture.RuleId}, got no finding");
        Assert.True(fixture.RuleId == findings[0].RuleId && fixture.Expected == findings[0].Severity,
            $"{fixture.Name}: expected {fixture.RuleId} ({fixture.Expected}), got " +
            string.Join("; ", findings.Select(f => $"{f.RuleId} ({f.Severity})")));
        Assert.StartsWith(pack + ".", findings[0].RuleId, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', findings[0].Reason);
        Assert.Equal(fixture.Effect.Evidence, findings[0].Evidence);
    }

    [Fact]
    public void EveryBuiltInRuleHasAFixtureThatTriggersIt()
    {
        var triggered = PackFixtures.All.SelectMany(p => p.Cases).Where(c => !c.IsBenign)
            .SelectMany(c => Evaluate(c).Select(f => f.RuleId)).ToHashSet();
        var untested = RuleSet.BuiltIn.Rules.Select(r => r.Id).Where(id => !triggered.Contains(id)).ToList();
        Assert.True(untested.Count == 0, "rules without a fixture: " + string.Join(", ", untested));
    }

    [Fact]
    public void EveryPackHasMatchingAndBenignFixtures()
    {
        Assert.Equal(BuiltInPacks.Names, PackFixtures.All.Select(p => p.Pack));
        foreach (var (pack, cases) in PackFixtures.All)
        {
            Assert.Contains(cases, c => !c.IsBenign);
            Assert.Contains(cases, c => c.IsBenign);
        }
    }

    [Fact]
    public void EveryBuiltInRuleIdIsUniqueNamedAfterItsPackAndHasAReason()
    {
        var rules = RuleSet.BuiltIn.Rules;
        Assert.True(rules.Count > 50);
        Assert.Equal(rules.Count, rules.Select(r => r.Id).Distinct(StringComparer.Ordinal).Count());
        foreach (var rule in rules)
        {
            Assert.Equal(RuleSource.BuiltIn, rule.Source);
            Assert.False(rule.IsAllow, rule.Id);
            Assert.False(string.IsNullOrWhiteSpace(rule.Reason), rule.Id);
            Assert.Contains(BuiltInPacks.Names, pack => rule.Id.StartsWith(pack + ".", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void ReasonsNameWhatWasSeen()
    {
        string ReasonFor(Mstro.Bouncer.Analysis.Effect effect) => RuleSet.BuiltIn.Evaluate([effect], "Bash", Fx.Env)[0].Reason;
        Assert.Equal("recursive delete of /usr: the root, a home or a system directory", ReasonFor(Fx.RecursiveDelete("/usr")));
        Assert.Equal("recursive delete of ~: the root, a home or a system directory", ReasonFor(Fx.RecursiveDelete(Fx.Home)));
        Assert.Equal("read of ~/.ssh/id_rsa: an SSH private key (public keys, config and known_hosts are fine)",
            ReasonFor(Fx.Read(Fx.Home + "/.ssh/id_rsa")));
        Assert.Equal("contacts 169.254.169.254: a cloud metadata endpoint, which hands out this machine's cloud credentials",
            ReasonFor(Fx.Network("169.254.169.254")));
    }

    [Fact]
    public void TheBuiltInSetIsLoadedOnce() => Assert.Same(RuleSet.BuiltIn, RuleSet.BuiltIn);
}
