using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mstro.Server.Errors;

/// <summary>The outermost middleware. An unhandled exception answers <c>500 {"error":"internal","errorId":"…"}</c>
/// and the full exception goes to the log under that id; a request Kestrel could not read (body over the cap,
/// malformed framing) keeps its 4xx. No exception text, stack trace or path ever reaches a response.</summary>
internal sealed class ErrorHandling(ILogger<ErrorHandling> logger)
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        AddHeaders(context.Response);
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            logger.BadRequest(context.Request.Method, context.Request.Path, e.StatusCode, e.Message);
            context.Response.Clear();
            AddHeaders(context.Response);
            if (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
                await ApiResults.Write(context, e.StatusCode, "payload-too-large", "the request body is larger than the server accepts");
            else
                await ApiResults.Write(context, e.StatusCode, "bad-request", "the request could not be read");
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away (a hook killed by Claude Code's timeout): nothing to answer.
        }
#pragma warning disable CA1031 // This is the last line of defence: every exception must become an error id.
        catch (Exception e)
#pragma warning restore CA1031
        {
            var errorId = ErrorIds.New();
            logger.UnhandledException(e, errorId, context.Request.Method, context.Request.Path);
            if (context.Response.HasStarted)
            {
                context.Abort();
                return;
            }
            context.Response.Clear();
            AddHeaders(context.Response);
            await ApiResults.Write(context, StatusCodes.Status500InternalServerError, "internal", message: null, errorId);
        }
    }

    private static void AddHeaders(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
    }
}
