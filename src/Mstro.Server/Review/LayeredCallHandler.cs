using System.Text.Json;
using Microsoft.Extensions.Logging;
using Mstro.Bouncer;
using Mstro.Protocol.Events;
using Mstro.Review;
using Mstro.Server.Decisions;
using Mstro.Server.Escalations;

namespace Mstro.Server.Review;

/// <summary>What the server does with a call Layer 1 left ambiguous: Layer 2 (AI review) first; its allow or deny
/// decides (layer 2); what it escalates (unsure, risky, failed, or AI review off) waits for a person in the escalation
/// queue (layer 3) when someone can answer, and is <c>ask</c> otherwise. Layer 2 never loosens Layer 1: only <c>ask</c>
/// calls come here, and <see cref="ReviewPolicy"/> sends an AI allow of a dangerous call to a person unless the user's
/// own rules say otherwise (<see cref="UserRuleAllowance"/>).</summary>
internal sealed class LayeredCallHandler(
    IAiReviewer reviewer,
    EscalationQueue queue,
    PersonPresence presence,
    ServerOptions options,
    ILogger<LayeredCallHandler> logger) : IAmbiguousCallHandler
{
    public const string AiAllowRuleId = "ai.allow";
    public const string AiDenyRuleId = "ai.deny";
    public const string AiEscalateRuleId = "ai.escalate";

    public async ValueTask<CallDecision> DecideAsync(AmbiguousCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var payload = call.Payload;
        var request = new ReviewRequest
        {
            ToolName = payload.ToolName ?? "",
            ToolInput = payload.ToolInput,
            Cwd = payload.Cwd ?? "/",
            Layer1 = call.Layer1,
            UserPrompt = call.LatestPrompt,
            TranscriptTail = TranscriptTail.Read(payload.TranscriptPath, options.ClaudeConfigDirectory, options.TranscriptTailBytes),
            UserRuleAllowsDangerous = UserRuleAllowance.LetsAiDecide(call.Layer1, options.UserRulesFile),
        };
        var outcome = await reviewer.ReviewAsync(request, cancellationToken).ConfigureAwait(false);
        var info = Info(outcome);
        logger.AiReviewed(info.Decision, info.Failure, info.FromCache, info.ElapsedMs, payload.ToolName ?? "");

        switch (outcome.Decision)
        {
            case ReviewDecision.Allow:
                return new CallDecision(Decision.Allow, Layer.AiReview, AiAllowRuleId, outcome.Reason) { Review = info };
            case ReviewDecision.Deny:
                return new CallDecision(Decision.Deny, Layer.AiReview, AiDenyRuleId, outcome.Reason) { Review = info };
        }

        var consulted = outcome.Failure != ReviewFailureKind.NotConfigured;
        if (presence.IsPresent)
        {
            var why = consulted ? outcome.Reason : $"{call.Layer1.Reason} (AI review is off, so a person decides.)";
            return await queue.EscalateAsync(call, info, why, cancellationToken).ConfigureAwait(false);
        }
        // No one can answer: Claude Code's own prompt takes over (a headless run treats it as a denial), never an allow.
        return consulted
            ? new CallDecision(Decision.Ask, Layer.AiReview, AiEscalateRuleId, $"{outcome.Reason} No one is watching mstro, so Claude Code asks.") { Review = info }
            : new CallDecision(Decision.Ask, call.Layer1.Layer, call.Layer1.RuleId, call.Layer1.Reason) { Review = info };
    }

    /// <summary>The outcome as the feed shows it (enum names in kebab case, like the rest of the wire).</summary>
    internal static AiReviewInfo Info(ReviewOutcome outcome) => new(
        Kebab(outcome.Decision.ToString()),
        outcome.Reason,
        Kebab(outcome.Failure.ToString()),
        Kebab(outcome.Adjustment.ToString()),
        outcome.FromCache,
        outcome.Model,
        outcome.ModelVerdict is { } verdict ? Kebab(verdict.Verdict.ToString()) : null,
        outcome.ModelVerdict?.Confidence,
        (long)outcome.Elapsed.TotalMilliseconds);

    private static string Kebab(string name) => JsonNamingPolicy.KebabCaseLower.ConvertName(name);
}

/// <summary>Stands in for the reviewer when its settings could not be used (a bad <c>ANTHROPIC_BASE_URL</c>): every
/// review says AI review is off, and the call goes to a person.</summary>
internal sealed class DisabledReviewer(string model, string why) : IAiReviewer
{
    public bool IsConfigured => false;

    public ReviewerDescription Describe() => new(false, model, "", null, why);

    public Task<ReviewOutcome> ReviewAsync(ReviewRequest request, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(new ReviewOutcome(ReviewDecision.Escalate, $"AI review is off ({why}), so a person decides.",
            ReviewFailureKind.NotConfigured, PolicyAdjustment.FailedToPerson, null, false, model, 0, TimeSpan.Zero));
    }
}
