using Mstro.Bouncer;
using Mstro.Bouncer.Hook;
using Mstro.Protocol.Events;

namespace Mstro.Server.Decisions;

/// <summary>A PreToolUse call Layer 1 answered <c>ask</c>: what it is, what Layer 1 found, and the context a later
/// layer needs.</summary>
/// <param name="Payload">The hook payload.</param>
/// <param name="Layer1">Layer 1's verdict (decision ask), with its findings.</param>
/// <param name="LatestPrompt">The user's latest prompt in the session, when the server saw one.</param>
public sealed record AmbiguousCall(HookPayload Payload, Verdict Layer1, string? LatestPrompt)
{
    /// <summary>The call's project directory as the hook saw it (null: unknown, the cwd stands for it).</summary>
    public string? ProjectDir { get; init; }
}

/// <summary>The decision for Claude Code, and who made it.</summary>
public sealed record CallDecision(Decision Decision, Layer Layer, string RuleId, string Reason)
{
    /// <summary>What AI review concluded, when the call went to it (for the feed).</summary>
    public AiReviewInfo? Review { get; init; }

    /// <summary>The escalation the call waited in, when it went to a person.</summary>
    public string? EscalationId { get; init; }
}

/// <summary>Decides what Layer 1 left ambiguous. The server registers <see cref="Review.LayeredCallHandler"/>: AI
/// review, then the human escalation queue. The cancellation token fires when the hook process goes away (Claude Code's
/// timeout) or the server stops: the handler must then give up.</summary>
public interface IAmbiguousCallHandler
{
    ValueTask<CallDecision> DecideAsync(AmbiguousCall request, CancellationToken cancellationToken);
}

/// <summary>No later layer: the call stays <c>ask</c>, and Claude Code asks its user.</summary>
public sealed class DeferToClaudeCodeHandler : IAmbiguousCallHandler
{
    public ValueTask<CallDecision> DecideAsync(AmbiguousCall request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ValueTask.FromResult(new CallDecision(Decision.Ask, request.Layer1.Layer, request.Layer1.RuleId, request.Layer1.Reason));
    }
}
