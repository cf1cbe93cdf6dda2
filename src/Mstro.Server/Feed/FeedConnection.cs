using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Mstro.Protocol;
using Mstro.Protocol.Feed;
using Mstro.Server.Events;
using Mstro.Server.Security;

namespace Mstro.Server.Feed;

/// <summary>One feed client. Auth by first message (within <see cref="ServerOptions.WebSocketAuthTimeout"/>, else
/// close 1008), then two loops: the send loop forwards the hub's events in sequence order (a slow reader loses the
/// oldest, with a <c>dropped</c> marker), the receive loop answers <c>resume</c> with the buffered events the client
/// missed. One send at a time (<see cref="_sendLock"/>); a resume swaps the subscription under that lock so the
/// stream the client sees after it is ordered and complete.</summary>
internal sealed class FeedConnection(
    WebSocket socket,
    EventHub hub,
    ICallerAuthenticator authenticator,
    ServerOptions options,
    ILogger<FeedConnection> logger,
    string connectionId) : IDisposable
{
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private EventSubscription? _subscription;

    public async Task RunAsync(CancellationToken aborted, CancellationToken stopping)
    {
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        using var onStopping = stopping.Register(() => _ = CloseForShutdownAsync());
        try
        {
            var auth = await AuthenticateAsync(lifetime.Token);
            if (auth is null) return;
            logger.FeedAuthenticated(connectionId, auth.Value.Role.ToString());

            // An afterSeq in the auth message subscribes and replays in one step: nothing published meanwhile is
            // sent twice or missed.
            _subscription = hub.Subscribe(options.ClientQueueCapacity, auth.Value.AfterSeq);
            await SendAsync(new FeedAuthenticated(FeedMessageTypes.Authenticated, _subscription.StartSeq, hub.OldestSeq, hub.StartedAt),
                ProtocolJsonContext.Default.FeedAuthenticated, lifetime.Token);
            if (auth.Value.AfterSeq is not null)
            {
                await _sendLock.WaitAsync(lifetime.Token);
                try
                {
                    await SendReplayCoreAsync(_subscription, lifetime.Token);
                }
                finally
                {
                    _sendLock.Release();
                }
            }

            var sending = SendLoopAsync(lifetime.Token);
            try
            {
                logger.FeedDisconnected(connectionId, await ReceiveLoopAsync(lifetime.Token));
            }
            finally
            {
                await lifetime.CancelAsync();
                await sending; // it swallows its own connection-end exceptions
            }
        }
        catch (Exception e) when (IsConnectionEnd(e))
        {
            logger.FeedDisconnected(connectionId, "connection lost");
        }
        finally
        {
            Volatile.Read(ref _subscription)?.Dispose();
        }
    }

    private async Task<(CallerRole Role, long? AfterSeq)?> AuthenticateAsync(CancellationToken cancellationToken)
    {
        var receive = ReceiveAsync(cancellationToken);
        var deadline = Task.Delay(options.WebSocketAuthTimeout, cancellationToken);
        if (await Task.WhenAny(receive, deadline) != receive)
        {
            await RefuseAsync("authentication timed out", receive);
            return null;
        }

        var message = await receive;
        if (message.Kind == MessageKind.Closed) return null;
        if (message.Kind != MessageKind.Text)
        {
            await RefuseAsync(message.Kind == MessageKind.TooBig ? "the auth message is too big" : "the auth message must be text", null);
            return null;
        }
        var parsed = Parse(message.Body);
        if (parsed?.Type != FeedMessageTypes.Auth || parsed.Token is null)
        {
            await RefuseAsync("the first message must be {\"type\":\"auth\",\"token\":\"…\"}", null);
            return null;
        }
        if (parsed.AfterSeq is < 0)
        {
            await RefuseAsync("afterSeq cannot be negative", null);
            return null;
        }
        var role = authenticator.Authenticate(parsed.Token);
        if (role is null)
        {
            await RefuseAsync("authentication failed", null);
            return null;
        }
        return (role.Value, parsed.AfterSeq);
    }

    private async Task RefuseAsync(string reason, Task<Message>? pendingReceive)
    {
        logger.FeedAuthFailed(connectionId, reason);
        await CloseAsync(WebSocketCloseStatus.PolicyViolation, reason);
        // Let the client answer the close handshake; then give up on it.
        pendingReceive ??= ReceiveAsync(CancellationToken.None);
        await Task.WhenAny(pendingReceive, Task.Delay(CloseGrace));
        if (!pendingReceive.IsCompleted) socket.Abort();
        try
        {
            await pendingReceive;
        }
        catch (Exception e) when (IsConnectionEnd(e))
        {
            // Aborted above, or the client dropped the connection: either way it is over.
        }
    }

    private async Task<string> ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var message = await ReceiveAsync(cancellationToken);
            switch (message.Kind)
            {
                case MessageKind.Closed:
                    await CloseAsync(WebSocketCloseStatus.NormalClosure, "bye");
                    return "closed by the client";
                case MessageKind.TooBig:
                    await CloseAsync(WebSocketCloseStatus.MessageTooBig, "message too big");
                    return "message too big";
                case MessageKind.Binary:
                    await SendErrorAsync("messages must be JSON text", cancellationToken);
                    continue;
            }

            var parsed = Parse(message.Body);
            if (parsed?.Type == FeedMessageTypes.Resume && parsed.AfterSeq is >= 0)
                await ResumeAsync(parsed.AfterSeq.Value, cancellationToken);
            else
                await SendErrorAsync("expected {\"type\":\"resume\",\"afterSeq\":N} with N >= 0", cancellationToken);
        }
    }

    private async Task SendLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var subscription = Volatile.Read(ref _subscription)!;
                var reader = subscription.Live;
                if (!await reader.WaitToReadAsync(cancellationToken))
                {
                    if (ReferenceEquals(subscription, Volatile.Read(ref _subscription))) return;
                    continue; // a resume replaced the subscription
                }
                while (reader.TryRead(out var serverEvent))
                {
                    await _sendLock.WaitAsync(cancellationToken);
                    try
                    {
                        // After a resume, the new subscription's replay already holds this event, in order.
                        if (!ReferenceEquals(subscription, _subscription)) break;
                        var dropped = subscription.TakeDroppedCount();
                        if (dropped > 0)
                            await SendCoreAsync(new FeedDropped(FeedMessageTypes.Dropped, dropped), ProtocolJsonContext.Default.FeedDropped, cancellationToken);
                        await socket.SendAsync(serverEvent.Json, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
                    }
                    finally
                    {
                        _sendLock.Release();
                    }
                }
            }
        }
        catch (Exception e) when (IsConnectionEnd(e))
        {
            // The connection is ending; RunAsync reports why.
        }
    }

    private async Task ResumeAsync(long afterSeq, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            var previous = _subscription;
            var next = hub.Subscribe(options.ClientQueueCapacity, afterSeq);
            Volatile.Write(ref _subscription, next);
            previous?.Dispose();
            await SendReplayCoreAsync(next, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>The gap marker if any, the buffered events, then replay-end. Call under the send lock.</summary>
    private async Task SendReplayCoreAsync(EventSubscription subscription, CancellationToken cancellationToken)
    {
        if (subscription.Gap is { } gap)
            await SendCoreAsync(new FeedGap(FeedMessageTypes.Gap, gap.AfterSeq, gap.NextSeq), ProtocolJsonContext.Default.FeedGap, cancellationToken);
        foreach (var serverEvent in subscription.Replay)
            await socket.SendAsync(serverEvent.Json, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        await SendCoreAsync(new FeedReplayEnd(FeedMessageTypes.ReplayEnd, subscription.StartSeq), ProtocolJsonContext.Default.FeedReplayEnd, cancellationToken);
    }

    private Task SendErrorAsync(string message, CancellationToken cancellationToken) =>
        SendAsync(new FeedError(FeedMessageTypes.Error, message), ProtocolJsonContext.Default.FeedError, cancellationToken);

    private async Task SendAsync<T>(T value, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await SendCoreAsync(value, typeInfo, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private Task SendCoreAsync<T>(T value, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken) =>
        socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    /// <summary>Server stopping: say so (1001), give the client a moment to answer, then cut it off so that shutdown
    /// never waits on a client.</summary>
    private async Task CloseForShutdownAsync()
    {
        await CloseAsync(WebSocketCloseStatus.EndpointUnavailable, "server stopping");
        await Task.Delay(CloseGrace);
        if (socket.State != WebSocketState.Closed) socket.Abort();
    }

    /// <summary>Starts the close handshake (at most once, whoever asks); aborts a client too stuck to take it.</summary>
    private async Task CloseAsync(WebSocketCloseStatus status, string description)
    {
        if (!await _sendLock.WaitAsync(CloseGrace))
        {
            socket.Abort(); // a send is stuck on a client that stopped reading
            return;
        }
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(CloseGrace);
                await socket.CloseOutputAsync(status, description, timeout.Token);
            }
        }
        catch (Exception e) when (IsConnectionEnd(e))
        {
            // Already gone.
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task<Message> ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[options.MaxClientMessageBytes];
        var total = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(total), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close) return new Message(MessageKind.Closed, default);
            total += result.Count;
            if (result.EndOfMessage)
            {
                return new Message(result.MessageType == WebSocketMessageType.Text ? MessageKind.Text : MessageKind.Binary,
                    buffer.AsMemory(0, total));
            }
            if (total == buffer.Length) return new Message(MessageKind.TooBig, default);
        }
    }

    private static FeedClientMessage? Parse(ReadOnlyMemory<byte> body)
    {
        try
        {
            return JsonSerializer.Deserialize(body.Span, ProtocolJsonContext.Default.FeedClientMessage);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Dispose() => _sendLock.Dispose();

    private static bool IsConnectionEnd(Exception e) =>
        e is OperationCanceledException or WebSocketException or ObjectDisposedException or IOException;

    private enum MessageKind
    {
        Text,
        Binary,
        TooBig,
        Closed,
    }

    private readonly record struct Message(MessageKind Kind, ReadOnlyMemory<byte> Body);
}
