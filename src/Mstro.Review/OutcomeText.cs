using System.Globalization;
using Mstro.Bouncer;

namespace Mstro.Review;

/// <summary>The one line the feed and the audit log show for an outcome.</summary>
internal static class OutcomeText
{
    public static string Reason(
        PolicyResult result, Severity layer1Severity, ModelVerdict? verdict, ReviewFailureKind failure, string detail, bool fromCache, double minAllowConfidence)
    {
        var cached = fromCache ? ", cached verdict" : string.Empty;
        return result.Adjustment switch
        {
            PolicyAdjustment.Layer1DenyIsFinal => "Layer 1 denied this call; AI review never overrules a deny.",
            PolicyAdjustment.Layer1AllowNotReviewed => "Layer 1 allowed this call; there was nothing for AI review to judge.",
            PolicyAdjustment.FailedToPerson when failure == ReviewFailureKind.NotConfigured => $"AI review is off ({detail}), so a person decides.",
            PolicyAdjustment.FailedToPerson => $"AI review failed ({Describe(failure)}: {detail}), so a person decides.",
            PolicyAdjustment.DangerousNeedsPerson => Invariant(
                $"AI review would allow it (confidence {verdict!.Confidence:0.00}{cached}: {verdict.Reason}), but Layer 1 rated it {layer1Severity}, so a person decides."),
            PolicyAdjustment.LowConfidence => Invariant(
                $"AI review leaned allow with confidence {verdict!.Confidence:0.00}, below {minAllowConfidence:0.00}{cached}, so a person decides: {verdict.Reason}"),
            _ => Invariant($"AI review {Verb(verdict!.Verdict)} (confidence {verdict.Confidence:0.00}{cached}): {verdict.Reason}"),
        };
    }

    private static string Verb(ReviewDecision decision) => decision switch
    {
        ReviewDecision.Allow => "allowed it",
        ReviewDecision.Deny => "denied it",
        _ => "asks a person",
    };

    private static string Describe(ReviewFailureKind failure) => failure switch
    {
        ReviewFailureKind.Timeout => "timeout",
        ReviewFailureKind.Unauthorized => "bad API key",
        ReviewFailureKind.RateLimited => "rate limited",
        ReviewFailureKind.ServerError => "API error",
        ReviewFailureKind.HttpError => "HTTP error",
        ReviewFailureKind.NetworkError => "network error",
        ReviewFailureKind.Malformed => "malformed answer",
        _ => "internal error",
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
