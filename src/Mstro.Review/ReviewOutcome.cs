using Mstro.Bouncer;

namespace Mstro.Review;

/// <summary>What Layer 2 concluded.</summary>
public enum ReviewDecision
{
    /// <summary>Let the call run.</summary>
    Allow,
    /// <summary>Block the call.</summary>
    Deny,
    /// <summary>A person decides (Layer 3); when no one is watching, Claude Code asks (<see cref="Decision.Ask"/>).</summary>
    Escalate,
}

/// <summary>Why the model's verdict could not be used. Every kind other than <see cref="None"/> ends in <see cref="ReviewDecision.Escalate"/>.</summary>
public enum ReviewFailureKind
{
    /// <summary>No failure: the model answered (now or from the cache), or Layer 1 settled the call.</summary>
    None,
    /// <summary>AI review is off: no API key configured, or the credentials file was refused.</summary>
    NotConfigured,
    /// <summary>No answer within the time budget.</summary>
    Timeout,
    /// <summary>401/403: the API key was rejected or lacks permission.</summary>
    Unauthorized,
    /// <summary>429: rate limited, and a retry did not fit in the time budget (or failed again).</summary>
    RateLimited,
    /// <summary>5xx (including 529 overloaded).</summary>
    ServerError,
    /// <summary>Any other HTTP error status (400, 404...).</summary>
    HttpError,
    /// <summary>The API could not be reached (connection refused, DNS, TLS, reset).</summary>
    NetworkError,
    /// <summary>The answer was not exactly one valid <c>submit_verdict</c> tool call, or not a valid message at all.</summary>
    Malformed,
    /// <summary>An unexpected error inside mstro or the SDK.</summary>
    Internal,
}

/// <summary>Where a policy rule changed or short-circuited the model's verdict.</summary>
public enum PolicyAdjustment
{
    /// <summary>The model's verdict stands as it is.</summary>
    None,
    /// <summary>Layer 1 denied the call: final, the model was not asked.</summary>
    Layer1DenyIsFinal,
    /// <summary>Layer 1 allowed the call: nothing to review, the model was not asked.</summary>
    Layer1AllowNotReviewed,
    /// <summary>The model allowed a call Layer 1 rated Dangerous or worse: a person decides.</summary>
    DangerousNeedsPerson,
    /// <summary>The model allowed with a confidence below the threshold: a person decides.</summary>
    LowConfidence,
    /// <summary>The model gave no usable verdict (see <see cref="ReviewOutcome.Failure"/>): a person decides.</summary>
    FailedToPerson,
}

/// <summary>The model's answer, exactly as submitted through the <c>submit_verdict</c> tool (before the policy rules).</summary>
/// <param name="Verdict">allow / deny / escalate.</param>
/// <param name="Confidence">0..1.</param>
/// <param name="Reason">One short line by the model, control characters removed. Model output: display it, never act on it.</param>
public sealed record ModelVerdict(ReviewDecision Verdict, double Confidence, string Reason);

/// <summary>Layer 2's outcome for one call: the decision after the policy rules, and how it was reached.</summary>
/// <param name="Decision">The decision to act on.</param>
/// <param name="Reason">One line for the feed and the audit log. Never holds a secret.</param>
/// <param name="Failure">Why the model's verdict was unusable, or <see cref="ReviewFailureKind.None"/>.</param>
/// <param name="Adjustment">Which policy rule shaped the decision.</param>
/// <param name="ModelVerdict">What the model said, when it said something valid (fresh or cached).</param>
/// <param name="FromCache">True when the model's verdict was reused from an identical recent call (the feed marks it).</param>
/// <param name="Model">The model that was (or would have been) asked.</param>
/// <param name="Attempts">HTTP requests sent for this review (0 for a cache hit or a short-circuit).</param>
/// <param name="Elapsed">Time spent in Layer 2.</param>
public sealed record ReviewOutcome(
    ReviewDecision Decision,
    string Reason,
    ReviewFailureKind Failure,
    PolicyAdjustment Adjustment,
    ModelVerdict? ModelVerdict,
    bool FromCache,
    string Model,
    int Attempts,
    TimeSpan Elapsed)
{
    /// <summary>True when the decision rests on a model verdict (fresh or cached) rather than on Layer 1 or a failure.</summary>
    public bool DecidedByModel => ModelVerdict is not null && Adjustment is PolicyAdjustment.None;

    /// <summary>The hook decision when no person can answer: an escalation becomes Claude Code's own prompt, never an allow.</summary>
    public Decision WithoutPerson => Decision switch
    {
        ReviewDecision.Allow => Bouncer.Decision.Allow,
        ReviewDecision.Deny => Bouncer.Decision.Deny,
        _ => Bouncer.Decision.Ask,
    };
}
