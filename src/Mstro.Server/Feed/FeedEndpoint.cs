using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mstro.Server.Errors;
using Mstro.Server.Events;
using Mstro.Server.Security;

namespace Mstro.Server.Feed;

/// <summary><c>GET /ws</c>: the live event stream. The token never travels in the URL: the upgrade is accepted
/// without a credential (Host and Origin are checked before, like every request) and the first message must
/// authenticate. A plain HTTP request here has no way to authenticate: 401.</summary>
internal static class FeedEndpoint
{
    public static async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await ApiResults.Unauthorized("/ws takes a WebSocket that authenticates with its first message").ExecuteAsync(context);
            return;
        }

        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<ServerOptions>>().Value;
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            KeepAliveInterval = options.WebSocketKeepAliveInterval,
            DangerousEnableCompression = false,
        });
        using var connection = new FeedConnection(
            socket,
            services.GetRequiredService<EventHub>(),
            services.GetRequiredService<ICallerAuthenticator>(),
            options,
            services.GetRequiredService<ILogger<FeedConnection>>(),
            context.Connection.Id);
        await connection.RunAsync(context.RequestAborted, services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
    }
}
