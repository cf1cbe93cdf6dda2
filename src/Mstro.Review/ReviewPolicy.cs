using Mstro.Bouncer;

namespace Mstro.Review;

/// <summary>The decision after the policy rules, and the rule that shaped it.</summary>
public readonly record struct PolicyResult(ReviewDecision Decision, PolicyAdjustment Adjustment);

/// <summary>
/// The rules that bound what Layer 2 may do, as one pure function so that no caller can get them wrong:
/// Layer 2 never loosens Layer 1, an AI allow never lets a Dangerous call through on its own, an unsure allow
/// goes to a person, and every failure goes to a person.
/// </summary>
public static class ReviewPolicy
{
    /// <summary>True when the model should be asked at all: only for what Layer 1 answered <c>ask</c>.</summary>
    public static bool NeedsModel(Decision layer1Decision) => layer1Decision == Decision.Ask;

    /// <summary>Decides from Layer 1's verdict and the model's answer (<paramref name="verdict"/> null when there is none).</summary>
    /// <param name="layer1Decision">Layer 1's decision.</param>
    /// <param name="layer1Severity">Layer 1's most severe finding.</param>
    /// <param name="userRuleAllowsDangerous">The user's own rule lets an AI allow stand for this Dangerous/Critical call.</param>
    /// <param name="verdict">The model's valid verdict, or null.</param>
    /// <param name="failure">Why there is no usable verdict, or <see cref="ReviewFailureKind.None"/>.</param>
    /// <param name="minAllowConfidence">An allow below this confidence goes to a person.</param>
    public static PolicyResult Decide(
        Decision layer1Decision,
        Severity layer1Severity,
        bool userRuleAllowsDangerous,
        ModelVerdict? verdict,
        ReviewFailureKind failure,
        double minAllowConfidence)
    {
        if (layer1Decision == Decision.Deny)
        {
            return new(ReviewDecision.Deny, PolicyAdjustment.Layer1DenyIsFinal);
        }

        if (layer1Decision == Decision.Allow)
        {
            return new(ReviewDecision.Allow, PolicyAdjustment.Layer1AllowNotReviewed);
        }

        if (failure != ReviewFailureKind.None || verdict is null)
        {
            return new(ReviewDecision.Escalate, PolicyAdjustment.FailedToPerson);
        }

        if (verdict.Verdict != ReviewDecision.Allow)
        {
            return new(verdict.Verdict, PolicyAdjustment.None);
        }

        var userRuleLoosens = userRuleAllowsDangerous && layer1Severity < Severity.Catastrophic;
        if (layer1Severity >= Severity.Dangerous && !userRuleLoosens)
        {
            return new(ReviewDecision.Escalate, PolicyAdjustment.DangerousNeedsPerson);
        }

        // NaN fails every comparison, so it is treated as "not confident".
        if (!(verdict.Confidence >= minAllowConfidence))
        {
            return new(ReviewDecision.Escalate, PolicyAdjustment.LowConfidence);
        }

        return new(ReviewDecision.Allow, PolicyAdjustment.None);
    }
}
