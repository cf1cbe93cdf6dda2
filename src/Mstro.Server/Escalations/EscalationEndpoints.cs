using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Mstro.Protocol;
using Mstro.Protocol.Escalations;
using Mstro.Server.Api;
using Mstro.Server.Errors;
using Mstro.Server.Security;

namespace Mstro.Server.Escalations;

/// <summary>The escalation routes. Listing needs the session token (the agent already knows its own calls, and the feed
/// carries every escalation anyway); answering needs an approver: a person's paired terminal.</summary>
internal static class EscalationEndpoints
{
    private const int MaxAnswerBodyBytes = 16 * 1024;

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/escalations", List);
        var answers = api.MapGroup("/escalations").RequireCaller(CallerRole.Approver);
        answers.MapPost("/{id}/approve", (HttpContext context, string id, CancellationToken cancellationToken) =>
            AnswerAsync(context, id, approve: true, cancellationToken));
        answers.MapPost("/{id}/deny", (HttpContext context, string id, CancellationToken cancellationToken) =>
            AnswerAsync(context, id, approve: false, cancellationToken));
    }

    private static IResult List(HttpContext context)
    {
        var services = context.RequestServices;
        var queue = services.GetRequiredService<IEscalationAnswerer>();
        var presence = services.GetRequiredService<PersonPresence>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        return ApiResults.Json(StatusCodes.Status200OK, new EscalationList(now, presence.IsPresent, queue.Waiting()),
            ProtocolJsonContext.Default.EscalationList);
    }

    private static async Task<IResult> AnswerAsync(HttpContext context, string id, bool approve, CancellationToken cancellationToken)
    {
        AnswerRequest? body = null;
        var request = context.Request;
        if (request.ContentLength is > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0))
        {
            var (read, error) = await JsonBody.ReadAsync(request, ProtocolJsonContext.Default.AnswerRequest, MaxAnswerBodyBytes, cancellationToken);
            if (error is not null) return error;
            body = read;
        }

        var queue = context.RequestServices.GetRequiredService<IEscalationAnswerer>();
        var result = await queue.AnswerAsync(id, new EscalationAnswer(approve, body?.Remember), cancellationToken);
        return result.Status switch
        {
            AnswerStatus.Answered => ApiResults.Json(StatusCodes.Status200OK, result.Response!, ProtocolJsonContext.Default.AnswerResponse),
            AnswerStatus.NotFound => ApiResults.Error(StatusCodes.Status404NotFound, "not-found", result.Message),
            AnswerStatus.AlreadyResolved => ApiResults.Error(StatusCodes.Status409Conflict, "already-answered", result.Message),
            _ => ApiResults.Error(StatusCodes.Status422UnprocessableEntity, "remember-refused", result.Message),
        };
    }
}
