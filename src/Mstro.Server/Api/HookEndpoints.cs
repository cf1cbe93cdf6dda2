using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mstro.Bouncer;
using Mstro.Protocol;
using Mstro.Protocol.Events;
using Mstro.Server.Decisions;
using Mstro.Server.Errors;
using Mstro.Server.Events;
using Mstro.Server.Sessions;

namespace Mstro.Server.Api;

/// <summary><c>POST /api/hook</c> and <c>POST /api/events</c>: what <c>mstro hook</c> forwards.</summary>
internal static class HookEndpoints
{
    /// <summary>A PreToolUse call and its Layer-1 verdict → the decision for Claude Code. Layer 1's allow and deny
    /// stand; its ask goes to the <see cref="IAmbiguousCallHandler"/>. Every decision is published as a verdict event.</summary>
    public static async Task<IResult> HandleHookAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<ServerOptions>>().Value;
        var (request, error) = await JsonBody.ReadAsync(context.Request, ProtocolJsonContext.Default.HookRequest,
            options.MaxRequestBodyBytes, cancellationToken);
        if (error is not null) return error;

        var payload = PayloadReader.Read(request!.Payload, out var problem);
        if (payload is null) return ApiResults.BadRequest(problem!);
        if (!payload.IsPreToolUse)
            return ApiResults.BadRequest(
                $"payload.hook_event_name is \"{payload.HookEventName}\": only PreToolUse goes to /api/hook; send other events to /api/events");
        if (request.Verdict is null) return ApiResults.BadRequest("field \"verdict\" is missing");
        if (request.Verdict.Validate("verdict") is { } invalid) return ApiResults.BadRequest(invalid);

        var layer1 = request.Verdict.ToVerdict();
        var sessions = services.GetRequiredService<SessionRegistry>();
        sessions.RecordToolCall(payload);

        var projectDir = request.ProjectDir is { Length: > 0 } given && Path.IsPathFullyQualified(given) ? given : null;
        var decision = layer1.Decision == Decision.Ask
            ? await DecideAmbiguousAsync(services, new AmbiguousCall(payload, layer1,
                payload.SessionId is { } id ? sessions.LatestPrompt(id) : null) { ProjectDir = projectDir }, cancellationToken)
            : new CallDecision(layer1.Decision, layer1.Layer, layer1.RuleId, layer1.Reason);

        var published = services.GetRequiredService<EventHub>().Publish(new VerdictEventData(
            payload.SessionId,
            payload.ToolUseId,
            payload.ToolName ?? "",
            payload.Cwd,
            CallSummary.Of(payload),
            decision.Decision,
            decision.Layer,
            decision.RuleId,
            decision.Reason,
            request.Verdict with { Findings = request.Verdict.Findings ?? [] },
            decision.Review,
            decision.EscalationId));
        services.GetRequiredService<ILogger<EventHub>>().VerdictPublished(published.Seq,
            decision.Decision.ToWireString(), JsonNamingPolicy.KebabCaseLower.ConvertName(decision.Layer.ToString()), decision.RuleId, payload.ToolName ?? "");

        return ApiResults.Json(StatusCodes.Status200OK,
            new HookResponse(decision.Decision, decision.Reason, decision.Layer, decision.RuleId, published.Seq),
            ProtocolJsonContext.Default.HookResponse);
    }

    /// <summary>A non-PreToolUse hook event → a session event (202).</summary>
    public static async Task<IResult> HandleEventAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<ServerOptions>>().Value;
        var (request, error) = await JsonBody.ReadAsync(context.Request, ProtocolJsonContext.Default.EventRequest,
            options.MaxRequestBodyBytes, cancellationToken);
        if (error is not null) return error;

        var payload = PayloadReader.Read(request!.Payload, out var problem);
        if (payload is null) return ApiResults.BadRequest(problem!);
        if (payload.IsPreToolUse)
            return ApiResults.BadRequest("payload.hook_event_name is \"PreToolUse\": PreToolUse calls go to /api/hook with their verdict");

        var data = services.GetRequiredService<SessionRegistry>().Record(payload, request.Payload);
        var published = services.GetRequiredService<EventHub>().Publish(data);
        return ApiResults.Json(StatusCodes.Status202Accepted, new EventAccepted(published.Seq), ProtocolJsonContext.Default.EventAccepted);
    }

    private static async Task<CallDecision> DecideAmbiguousAsync(IServiceProvider services, AmbiguousCall call, CancellationToken requestAborted)
    {
        var stopping = services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, stopping);
        try
        {
            return await services.GetRequiredService<IAmbiguousCallHandler>().DecideAsync(call, linked.Token);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested && !requestAborted.IsCancellationRequested)
        {
            return new CallDecision(Decision.Ask, call.Layer1.Layer, call.Layer1.RuleId,
                $"{call.Layer1.Reason} (mstro is shutting down, so Claude Code asks instead.)");
        }
    }
}
