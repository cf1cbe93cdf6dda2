namespace Mstro.Review;

/// <summary>Layer 2: the AI review the server calls for every call Layer 1 answered <c>ask</c>.</summary>
public interface IAiReviewer
{
    /// <summary>True when an API key is configured; otherwise every review escalates at once with <see cref="ReviewFailureKind.NotConfigured"/>.</summary>
    bool IsConfigured { get; }

    /// <summary>What the reviewer uses, for the TUI and <c>mstro serve</c>'s banner; the key is masked.</summary>
    ReviewerDescription Describe();

    /// <summary>
    /// Reviews one call. Never throws for an API, network, answer or configuration problem: those come back as
    /// <see cref="ReviewDecision.Escalate"/> with a <see cref="ReviewFailureKind"/>. Throws
    /// <see cref="OperationCanceledException"/> only when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    Task<ReviewOutcome> ReviewAsync(ReviewRequest request, CancellationToken cancellationToken = default);
}

/// <summary>What the reviewer is set up with, safe to show: the key appears masked (<c>sk-ant-…a1b2</c>).</summary>
/// <param name="Configured">True when reviews call the model.</param>
/// <param name="Model">The model asked.</param>
/// <param name="BaseUrl">The API base URL.</param>
/// <param name="MaskedKey">The key, masked, or null when none.</param>
/// <param name="KeySource">Where the key came from (<c>ANTHROPIC_API_KEY</c>, the credentials file) or why there is none.</param>
public sealed record ReviewerDescription(bool Configured, string Model, string BaseUrl, string? MaskedKey, string KeySource)
{
    public override string ToString() => Configured
        ? $"AI review: on ({Model} at {BaseUrl}, key {MaskedKey} from {KeySource})"
        : $"AI review: off ({KeySource})";
}
