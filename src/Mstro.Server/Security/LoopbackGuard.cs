using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Mstro.Server.Errors;
using Mstro.Server.Hosting;

namespace Mstro.Server.Security;

/// <summary>DNS rebinding and cross-origin defence, before routing, on every request (the WebSocket upgrade included)
/// and whatever token it carries: the <c>Host</c> header must name this server by a loopback name and its port, and a
/// browser <c>Origin</c>, when present, must be <c>http://localhost:&lt;port&gt;</c> or <c>http://127.0.0.1:&lt;port&gt;</c>.
/// Requests without an Origin (curl, the hook, <c>mstro feed</c>) are fine.</summary>
internal sealed class LoopbackGuard(ListeningEndpoint endpoint, ILogger<LoopbackGuard> logger)
{
    private static readonly string[] LoopbackHostNames = ["127.0.0.1", "localhost", "[::1]"];

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var port = endpoint.Port;
        if (port == 0)
            return ApiResults.Write(context, StatusCodes.Status503ServiceUnavailable, "starting", "the server is starting");

        var request = context.Request;
        if (!IsAllowedHost(request.Host, port))
        {
            logger.ForeignHostRefused(request.Method, request.Path);
            return ApiResults.Write(context, StatusCodes.Status403Forbidden, "forbidden",
                "the Host header must name this server by a loopback name and its port");
        }

        var origins = request.Headers.Origin;
        if (origins.Count > 1 || (origins.Count == 1 && !IsAllowedOrigin(origins[0], port)))
        {
            logger.ForeignOriginRefused(request.Method, request.Path);
            return ApiResults.Write(context, StatusCodes.Status403Forbidden, "forbidden", "cross-origin requests are refused");
        }

        return next(context);
    }

    private bool IsAllowedHost(HostString host, int port)
    {
        if (!host.HasValue) return false;
        var hostPort = host.Port ?? 80;
        if (hostPort != port) return false;
        var name = host.Host;
        foreach (var allowed in LoopbackHostNames)
        {
            if (string.Equals(name, allowed, StringComparison.OrdinalIgnoreCase)) return true;
        }
        // Only reached with the explicit non-loopback opt-in: the bind address itself names this server.
        return !IPAddress.IsLoopback(endpoint.BindAddress)
               && !endpoint.BindAddress.Equals(IPAddress.Any) && !endpoint.BindAddress.Equals(IPAddress.IPv6Any)
               && IPAddress.TryParse(name.Trim('[', ']'), out var literal) && literal.Equals(endpoint.BindAddress);
    }

    private static bool IsAllowedOrigin(string? origin, int port) =>
        string.Equals(origin, $"http://localhost:{port}", StringComparison.OrdinalIgnoreCase)
        || string.Equals(origin, $"http://127.0.0.1:{port}", StringComparison.OrdinalIgnoreCase);
}
