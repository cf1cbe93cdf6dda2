using Mstro.Bouncer.Analysis;
using Mstro.Bouncer.Hook;
using Mstro.Bouncer.Policy;
using Mstro.Bouncer.Tests.Corpus;

namespace Mstro.Bouncer.Tests.Policy;

/// <summary>A rule set evaluates an effect kind rule by rule until it has seen a few effects of it, then through the kind's
/// indexes (rules by program, path globs by slot). Both ways must give the same findings, in the same order.</summary>
public class RuleIndexTests
{
    [Fact]
    public void TheIndexesFindWhatRuleByRuleFindsForEveryCorpusCase()
    {
        var ruleByRule = BuiltInPacks.Load(effectsBeforeTheIndexes: int.MaxValue);
        var indexed = BuiltInPacks.Load(effectsBeforeTheIndexes: 0);
        var analyzer = new CallAnalyzer(new UnresolvedFileSystemView());
        var cases = CorpusLoader.LoadDirectory(CorpusLoader.DefaultDirectory).Cases;
        var withFindings = 0;
        foreach (var corpusCase in cases)
        {
            var payload = HookPayload.Parse(CorpusRunner.ToPayloadJson(corpusCase));
            var environment = CorpusEnvironment.For(corpusCase.Cwd);
            var effects = analyzer.Analyze(payload, environment);
            var expected = ruleByRule.Evaluate(effects, payload.ToolName!, environment);
            var actual = indexed.Evaluate(effects, payload.ToolName!, environment);
            Assert.True(expected.SequenceEqual(actual), $"{corpusCase.Id}: rule by rule [{string.Join("; ", expected)}], indexed [{string.Join("; ", actual)}]");
            if (expected.Count > 0) withFindings++;
        }
        Assert.True(withFindings > cases.Count / 3, $"{withFindings} of {cases.Count} cases have findings");
    }

    [Fact]
    public void ASetSwitchesToItsIndexesAfterAFewEffectsOfAKind()
    {
        var rules = BuiltInPacks.Load();
        var environment = CorpusEnvironment.For(null);
        var read = new Effect(EffectKind.Read, null, CorpusEnvironment.Home + "/.ssh/id_rsa");
        for (var i = 0; i < RuleSet.EffectsBeforeTheIndexes + 4; i++)
            Assert.Contains(rules.Evaluate([read], "Read", environment), finding => finding.RuleId == "secrets.ssh-private-key");
        Assert.True(rules.HasIndexes(EffectKind.Read));
        Assert.False(rules.HasIndexes(EffectKind.Delete));
    }
}
