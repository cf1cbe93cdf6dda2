using System.CommandLine;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Mstro.Protocol;
using Mstro.Protocol.Feed;
using Mstro.Protocol.Runtime;

namespace Mstro.Cli.ServerCommands;

/// <summary><c>mstro feed [--follow]</c>: the server's event stream as JSON lines on stdout (pipe it into jq or a log
/// shipper). Connects to <c>/ws</c> with the runtime file, authenticates by message (never in the URL) asking for the
/// buffered events in the same message, and with <c>--follow</c> keeps printing live ones, reconnecting (and resuming
/// where it stopped) if the connection drops.</summary>
internal static class FeedCommand
{
    private const int MaxMessageBytes = 4 * 1024 * 1024;
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(1);

    public static Command Create()
    {
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing live events after the buffered ones." };
        var command = new Command("feed", "Print mstro's event stream (verdicts, sessions, escalations) as JSON lines.") { follow };
        command.SetAction((parse, cancellationToken) =>
            RunAsync(ServerFiles.MstroDirectory(), parse.GetValue(follow), Console.Out, Console.Error, cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(string mstroDirectory, bool follow, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var path = ServerFiles.RuntimeFile(mstroDirectory);
        var server = FindServer(path, out var problem);
        if (server is null)
        {
            await stderr.WriteLineAsync($"mstro feed: {problem}");
            return 1;
        }

        long lastSeq = 0;
        while (true)
        {
            var outcome = await StreamAsync(server, follow, lastSeq, seq => lastSeq = seq, stdout, stderr, cancellationToken);
            if (outcome != Outcome.Lost || !follow || cancellationToken.IsCancellationRequested)
                return outcome == Outcome.Refused ? 1 : 0;

            await stderr.WriteLineAsync("mstro feed: connection lost; reconnecting…");
            while (true)
            {
                try
                {
                    await Task.Delay(ReconnectDelay, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return 0;
                }
                var next = FindServer(path, out _);
                if (next is null) continue;
                // A restarted server numbers its events from 1 again.
                if (next.StartedAt != server.StartedAt || next.Pid != server.Pid) lastSeq = 0;
                server = next;
                break;
            }
        }
    }

    private static RuntimeInfo? FindServer(string path, out string problem)
    {
        var info = RuntimeFile.TryRead(path, out var unreadable);
        if (info is null)
        {
            problem = unreadable ?? $"mstro is not running (no {path}); start it with `mstro serve` or the console";
            return null;
        }
        if (!ProcessProbe.IsAlive(info.Pid))
        {
            problem = $"mstro is not running ({path} is stale: pid {info.Pid} is gone)";
            return null;
        }
        problem = "";
        return info;
    }

    private enum Outcome
    {
        Done,
        Lost,
        Refused,
    }

    private static async Task<Outcome> StreamAsync(RuntimeInfo server, bool follow, long afterSeq, Action<long> seen,
        TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        using var socket = new ClientWebSocket();
        socket.Options.Proxy = null; // the token must never go to a proxy
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(30);
        var host = server.Address.Contains(':', StringComparison.Ordinal) ? $"[{server.Address}]" : server.Address;
        try
        {
            using (var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                connect.CancelAfter(ConnectTimeout);
                await socket.ConnectAsync(new Uri($"ws://{host}:{server.Port}/ws"), connect.Token);
            }
            await SendAsync(socket, new FeedClientMessage { Type = FeedMessageTypes.Auth, Token = server.Token, AfterSeq = afterSeq }, cancellationToken);

            var buffer = new MemoryStream();
            var authenticated = false;
            var lastPrinted = afterSeq;
            while (true)
            {
                var text = await ReceiveTextAsync(socket, buffer, cancellationToken);
                if (text is null)
                {
                    if (!authenticated)
                    {
                        await stderr.WriteLineAsync($"mstro feed: the server refused the connection ({socket.CloseStatusDescription ?? "closed"})");
                        return Outcome.Refused;
                    }
                    return Outcome.Lost;
                }
                var header = JsonSerializer.Deserialize(text, ProtocolJsonContext.Default.FeedMessageHeader);
                switch (header?.Type)
                {
                    case FeedMessageTypes.Authenticated:
                        authenticated = true;
                        continue;
                    case FeedMessageTypes.ReplayEnd when !follow:
                        await CloseAsync(socket);
                        return Outcome.Done;
                    case FeedMessageTypes.ReplayEnd:
                        continue;
                    case FeedMessageTypes.Error:
                        await stderr.WriteLineAsync($"mstro feed: {text}");
                        continue;
                }
                if (header?.Seq is { } seq)
                {
                    if (seq <= lastPrinted) continue; // already printed (a resume restarts the stream at its afterSeq)
                    lastPrinted = seq;
                    seen(seq);
                }
                await stdout.WriteLineAsync(text);
                await stdout.FlushAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Outcome.Done; // Ctrl+C
        }
        catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException or JsonException)
        {
            return Outcome.Lost;
        }
    }

    private static Task SendAsync(ClientWebSocket socket, FeedClientMessage message, CancellationToken cancellationToken) =>
        socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message, ProtocolJsonContext.Default.FeedClientMessage),
            WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    /// <summary>One whole text message, or null when the server closed the connection.</summary>
    private static async Task<string?> ReceiveTextAsync(ClientWebSocket socket, MemoryStream buffer, CancellationToken cancellationToken)
    {
        buffer.SetLength(0);
        var chunk = new byte[16 * 1024];
        while (true)
        {
            var result = await socket.ReceiveAsync(chunk, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close) return null;
            buffer.Write(chunk, 0, result.Count);
            if (buffer.Length > MaxMessageBytes) throw new WebSocketException("a feed message is larger than 4 MiB");
            if (result.EndOfMessage) return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
    }

    private static async Task CloseAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The server went first; nothing left to close.
        }
    }
}
