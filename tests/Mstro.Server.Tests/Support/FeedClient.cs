using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Mstro.Server.Tests.Support;

/// <summary>A real ClientWebSocket on the server's /ws, with helpers to speak the feed protocol.</summary>
public sealed class FeedClient : IAsyncDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private FeedClient(ClientWebSocket socket) => Socket = socket;

    public ClientWebSocket Socket { get; }

    public static async Task<FeedClient> ConnectAsync(Uri uri, Action<ClientWebSocketOptions>? configure = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.Proxy = null;
        configure?.Invoke(socket.Options);
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        await socket.ConnectAsync(uri, timeout.Token);
        return new FeedClient(socket);
    }

    /// <summary>Connects and authenticates; returns once the server said "authenticated".</summary>
    public static async Task<FeedClient> ConnectAuthenticatedAsync(RunningServer server)
    {
        var client = await ConnectAsync(server.WebSocketUri);
        await client.SendAsync($$"""{"type":"auth","token":"{{server.Runtime.Token}}"}""");
        var first = await client.ReceiveAsync();
        Assert.Equal("authenticated", first.GetProperty("type").GetString());
        return client;
    }

    public Task SendAsync(string text) =>
        Socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    /// <summary>The next message as JSON; fails the test when the socket closes or nothing comes in time.</summary>
    public async Task<JsonElement> ReceiveAsync(TimeSpan? timeout = null)
    {
        var text = await ReceiveTextAsync(timeout) ?? throw new Xunit.Sdk.XunitException(
            $"the server closed the feed ({Socket.CloseStatus}: {Socket.CloseStatusDescription})");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The next text message, or null when the server closed the socket.</summary>
    public async Task<string?> ReceiveTextAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? DefaultTimeout);
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        while (true)
        {
            var result = await Socket.ReceiveAsync(chunk, cancel.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await AnswerCloseAsync();
                return null;
            }
            buffer.Write(chunk, 0, result.Count);
            if (result.EndOfMessage) return Encoding.UTF8.GetString(buffer.ToArray());
        }
    }

    /// <summary>Reads until the server closes; returns the close status.</summary>
    public async Task<WebSocketCloseStatus?> WaitForCloseAsync(TimeSpan timeout)
    {
        while (await ReceiveTextAsync(timeout) is not null)
        {
        }
        return Socket.CloseStatus;
    }

    /// <summary>A well-behaved client completes the close handshake the server started.</summary>
    private async Task AnswerCloseAsync()
    {
        if (Socket.State != WebSocketState.CloseReceived) return;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "test done", timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
            }
        }
        Socket.Dispose();
    }
}
