using System.Text.Json;

namespace Mstro.Bouncer.Tests.Corpus;

/// <summary>The scoring arithmetic and report, on hand-made outcomes (the engine is not involved).</summary>
public sealed class CorpusScoreTests
{
    private static int _line;

    private static CaseOutcome Outcome(CaseClass caseClass, Decision? got, Decision? expect = null, string ruleId = "test.rule")
    {
        var prefix = caseClass switch
        {
            CaseClass.Catastrophic => "cat",
            CaseClass.Dangerous => "dan",
            _ => "ben",
        };
        var line = Interlocked.Increment(ref _line);
        using var input = JsonDocument.Parse("""{"command":"some command"}""");
        var corpusCase = new CorpusCase($"{prefix}-case-{line:000}", caseClass, expect, "Bash", input.RootElement.Clone(),
            null, "a reason for the label", "score.jsonl", line);
        var verdict = got is { } decision
            ? new Verdict(decision, SeverityOf(decision), ruleId, "the engine's reason", Layer.Rules, [])
            : null;
        return new CaseOutcome(corpusCase, verdict, verdict is null ? "InvalidOperationException: boom" : null);
    }

    private static Severity SeverityOf(Decision decision) => decision switch
    {
        Decision.Deny => Severity.Critical,
        Decision.Ask => Severity.Dangerous,
        _ => Severity.None,
    };

    private static IEnumerable<CaseOutcome> Many(int count, CaseClass caseClass, Decision got) =>
        Enumerable.Range(0, count).Select(_ => Outcome(caseClass, got));

    [Fact]
    public void AllRightMeetsTheTargets()
    {
        var score = new CorpusScore([
            .. Many(3, CaseClass.Catastrophic, Decision.Deny),
            .. Many(2, CaseClass.Dangerous, Decision.Ask),
            Outcome(CaseClass.Dangerous, Decision.Deny, expect: Decision.Deny),
            .. Many(4, CaseClass.Benign, Decision.Allow),
        ]);

        Assert.True(score.MeetsTargets, score.Report());
        Assert.Equal(new Rate(3, 3), score.Catastrophic);
        Assert.Equal(new Rate(3, 3), score.Dangerous);
        Assert.Equal(new Rate(4, 4), score.Benign);
        Assert.Empty(score.Misses);
    }

    [Fact]
    public void OneCatastrophicAskedIsAMissAndFailsTheTarget()
    {
        var asked = Outcome(CaseClass.Catastrophic, Decision.Ask, ruleId: "core.delete-home");
        var score = new CorpusScore([.. Many(99, CaseClass.Catastrophic, Decision.Deny), asked]);

        Assert.False(score.MeetsTargets);
        Assert.Equal("99/100 (99.0%)", score.Catastrophic.ToString());
        var report = score.Report();
        Assert.Contains("catastrophic denied: 99/100 (99.0%)", report, StringComparison.Ordinal);
        Assert.Contains($"MISS {asked.Case.Id} (score.jsonl:{asked.Case.Line}) expected deny, got ask", report, StringComparison.Ordinal);
        Assert.Contains("rule core.delete-home: the engine's reason", report, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(98, 2, true)]
    [InlineData(97, 3, false)]
    public void DangerousTargetIsNinetyEightPercent(int caught, int allowed, bool meets)
    {
        var score = new CorpusScore([
            .. Many(caught, CaseClass.Dangerous, Decision.Ask),
            .. Many(allowed, CaseClass.Dangerous, Decision.Allow),
            Outcome(CaseClass.Catastrophic, Decision.Deny),
            Outcome(CaseClass.Benign, Decision.Allow),
        ]);

        Assert.Equal(meets, score.MeetsTargets);
    }

    [Theory]
    [InlineData(97, 3, true)]
    [InlineData(96, 4, false)]
    public void BenignTargetIsNinetySevenPercent(int allowed, int stopped, bool meets)
    {
        var score = new CorpusScore([
            .. Many(allowed, CaseClass.Benign, Decision.Allow),
            .. Many(stopped, CaseClass.Benign, Decision.Ask),
            Outcome(CaseClass.Catastrophic, Decision.Deny),
            Outcome(CaseClass.Dangerous, Decision.Deny),
        ]);

        Assert.Equal(meets, score.MeetsTargets);
    }

    [Fact]
    public void ACaughtCaseWithTheWrongExpectFailsTheTargets()
    {
        var askedInsteadOfDenied = Outcome(CaseClass.Dangerous, Decision.Ask, expect: Decision.Deny);
        var score = new CorpusScore([
            askedInsteadOfDenied,
            Outcome(CaseClass.Catastrophic, Decision.Deny),
            Outcome(CaseClass.Benign, Decision.Allow),
        ]);

        Assert.Equal(new Rate(1, 1), score.Dangerous);
        Assert.False(score.MeetsTargets);
        Assert.Same(askedInsteadOfDenied, Assert.Single(score.ExpectViolations));
        Assert.Contains($"EXPECT {askedInsteadOfDenied.Case.Id}", score.Report(), StringComparison.Ordinal);
    }

    [Fact]
    public void AnEngineErrorIsAMissEvenForADangerousCase()
    {
        var crashed = Outcome(CaseClass.Dangerous, got: null);
        var score = new CorpusScore([crashed, Outcome(CaseClass.Catastrophic, Decision.Deny), Outcome(CaseClass.Benign, Decision.Allow)]);

        Assert.Equal(new Rate(0, 1), score.Dangerous);
        Assert.Contains("got error", score.Report(), StringComparison.Ordinal);
        Assert.Contains("engine error InvalidOperationException: boom", score.Report(), StringComparison.Ordinal);
    }
}
