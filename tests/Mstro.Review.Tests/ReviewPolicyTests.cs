using Mstro.Bouncer;

namespace Mstro.Review.Tests;

public sealed class ReviewPolicyTests
{
    private const double Threshold = 0.7;

    private static ModelVerdict Said(ReviewDecision verdict, double confidence = 0.95) => new(verdict, confidence, "reason");

    [Theory]
    [InlineData(ReviewDecision.Allow)]
    [InlineData(ReviewDecision.Deny)]
    [InlineData(ReviewDecision.Escalate)]
    public void Layer1DenyIsFinalWhateverTheModelSaid(ReviewDecision said)
    {
        foreach (var severity in Enum.GetValues<Severity>())
        {
            var result = ReviewPolicy.Decide(Decision.Deny, severity, userRuleAllowsDangerous: true, Said(said, 1.0), ReviewFailureKind.None, Threshold);
            Assert.Equal(new PolicyResult(ReviewDecision.Deny, PolicyAdjustment.Layer1DenyIsFinal), result);
        }
    }

    [Fact]
    public void OnlyAskNeedsTheModel()
    {
        Assert.True(ReviewPolicy.NeedsModel(Decision.Ask));
        Assert.False(ReviewPolicy.NeedsModel(Decision.Deny));
        Assert.False(ReviewPolicy.NeedsModel(Decision.Allow));
    }

    [Fact]
    public void Layer1AllowIsNotTightenedOrLoosened()
    {
        var result = ReviewPolicy.Decide(Decision.Allow, Severity.None, false, Said(ReviewDecision.Deny), ReviewFailureKind.None, Threshold);
        Assert.Equal(new PolicyResult(ReviewDecision.Allow, PolicyAdjustment.Layer1AllowNotReviewed), result);
    }

    [Theory]
    [InlineData(Severity.Dangerous)]
    [InlineData(Severity.Critical)]
    [InlineData(Severity.Catastrophic)]
    public void AiAllowOfDangerousOrWorseEscalates(Severity severity)
    {
        var result = ReviewPolicy.Decide(Decision.Ask, severity, userRuleAllowsDangerous: false, Said(ReviewDecision.Allow, 1.0), ReviewFailureKind.None, Threshold);
        Assert.Equal(new PolicyResult(ReviewDecision.Escalate, PolicyAdjustment.DangerousNeedsPerson), result);
    }

    [Theory]
    [InlineData(Severity.Dangerous, ReviewDecision.Allow, PolicyAdjustment.None)]
    [InlineData(Severity.Critical, ReviewDecision.Allow, PolicyAdjustment.None)]
    [InlineData(Severity.Catastrophic, ReviewDecision.Escalate, PolicyAdjustment.DangerousNeedsPerson)]
    public void UsersRuleLetsAnAiAllowStandExceptForCatastrophic(Severity severity, ReviewDecision expected, PolicyAdjustment adjustment)
    {
        var result = ReviewPolicy.Decide(Decision.Ask, severity, userRuleAllowsDangerous: true, Said(ReviewDecision.Allow), ReviewFailureKind.None, Threshold);
        Assert.Equal(new PolicyResult(expected, adjustment), result);
    }

    [Theory]
    [InlineData(0.7, ReviewDecision.Allow, PolicyAdjustment.None)]
    [InlineData(0.95, ReviewDecision.Allow, PolicyAdjustment.None)]
    [InlineData(1.0, ReviewDecision.Allow, PolicyAdjustment.None)]
    [InlineData(0.69, ReviewDecision.Escalate, PolicyAdjustment.LowConfidence)]
    [InlineData(0.0, ReviewDecision.Escalate, PolicyAdjustment.LowConfidence)]
    [InlineData(double.NaN, ReviewDecision.Escalate, PolicyAdjustment.LowConfidence)]
    public void AmbiguousCallAllowedOnlyWithEnoughConfidence(double confidence, ReviewDecision expected, PolicyAdjustment adjustment)
    {
        var result = ReviewPolicy.Decide(Decision.Ask, Severity.Ambiguous, false, Said(ReviewDecision.Allow, confidence), ReviewFailureKind.None, Threshold);
        Assert.Equal(new PolicyResult(expected, adjustment), result);
    }

    [Theory]
    [InlineData(ReviewDecision.Deny, 0.2)]
    [InlineData(ReviewDecision.Deny, 0.99)]
    [InlineData(ReviewDecision.Escalate, 0.1)]
    [InlineData(ReviewDecision.Escalate, 0.99)]
    public void DenyAndEscalateStandAtAnyConfidence(ReviewDecision said, double confidence)
    {
        foreach (var severity in new[] { Severity.Ambiguous, Severity.Dangerous })
        {
            var result = ReviewPolicy.Decide(Decision.Ask, severity, false, Said(said, confidence), ReviewFailureKind.None, Threshold);
            Assert.Equal(new PolicyResult(said, PolicyAdjustment.None), result);
        }
    }

    [Fact]
    public void EveryFailureKindEscalatesEvenWithAVerdictAtHand()
    {
        foreach (var failure in Enum.GetValues<ReviewFailureKind>().Where(kind => kind != ReviewFailureKind.None))
        {
            foreach (var verdict in new[] { null, Said(ReviewDecision.Allow, 1.0) })
            {
                var result = ReviewPolicy.Decide(Decision.Ask, Severity.Ambiguous, true, verdict, failure, Threshold);
                Assert.Equal(new PolicyResult(ReviewDecision.Escalate, PolicyAdjustment.FailedToPerson), result);
            }
        }
    }

    [Fact]
    public void NoVerdictAndNoFailureStillEscalates()
    {
        var result = ReviewPolicy.Decide(Decision.Ask, Severity.Ambiguous, false, null, ReviewFailureKind.None, Threshold);
        Assert.Equal(ReviewDecision.Escalate, result.Decision);
    }

    [Fact]
    public void AnEscalationBecomesAskWhenNoPersonIsThere()
    {
        static ReviewOutcome With(ReviewDecision decision) =>
            new(decision, "r", ReviewFailureKind.None, PolicyAdjustment.None, null, false, "m", 0, TimeSpan.Zero);
        Assert.Equal(Decision.Ask, With(ReviewDecision.Escalate).WithoutPerson);
        Assert.Equal(Decision.Allow, With(ReviewDecision.Allow).WithoutPerson);
        Assert.Equal(Decision.Deny, With(ReviewDecision.Deny).WithoutPerson);
    }
}
