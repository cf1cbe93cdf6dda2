using System.Buffers.Text;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Mstro.Hook.Bridge;

/// <summary>Just enough HTTP/1.1 to post one JSON body to mstro's own server on loopback and read its answer: one
/// socket, <c>Connection: close</c>, the whole answer read until the server closes, bounded in size and time.
/// <para>Why not <see cref="HttpClient"/>: <c>mstro hook</c> is a new process for every tool call, and the first request
/// through the HTTP stack costs a few hundred milliseconds of JIT compilation before native AOT; this path costs a
/// small fraction of that. It talks only to the address in the runtime file, never through a proxy.</para>
/// <para>Why blocking sockets: the hook makes one request and waits for it. Asynchronous sockets would start the socket
/// event thread, thread-pool workers and a timer thread in every hook process (measured: ~2 ms of a ~5 ms call);
/// a blocking socket with a deadline on every step starts none.</para></summary>
internal static class LoopbackHttpClient
{
    public const int MaxResponseBytes = 64 * 1024;

    /// <summary>The body of a 2xx answer; null for any other status, a malformed or oversized answer, or a timeout.
    /// Blocks the calling thread for at most <paramref name="timeout"/> (the connect for at most
    /// <paramref name="connectTimeout"/> of it).</summary>
    public static byte[]? PostJson(IPAddress address, int port, string path, string bearerToken,
        ReadOnlySpan<byte> body, TimeSpan connectTimeout, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(bearerToken);
        if (!IsHeaderSafe(bearerToken)) return null;
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (!Connect(socket, new IPEndPoint(address, port), Min(connectTimeout, Remaining(deadline)))) return null;

            var host = address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
            var head = Encoding.ASCII.GetBytes(
                $"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAuthorization: Bearer {bearerToken}\r\n" +
                $"Content-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
            if (!SendAll(socket, head, deadline) || !SendAll(socket, body, deadline)) return null;

            var answer = new byte[MaxResponseBytes + 1];
            var total = 0;
            while (true)
            {
                if (!SetTimeout(socket, deadline, receive: true)) return null;
                var read = socket.Receive(answer, total, answer.Length - total, SocketFlags.None);
                if (read == 0) break;
                total += read;
                if (total > MaxResponseBytes) return null;
            }
            return SuccessBody(answer.AsSpan(0, total));
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return null;
        }
    }

    /// <summary>A non-blocking connect waited on for at most <paramref name="timeout"/> (a blocking connect to a server
    /// whose backlog is full could hang for minutes), then back to blocking mode with per-call timeouts.</summary>
    private static bool Connect(Socket socket, IPEndPoint endpoint, TimeSpan timeout)
    {
        socket.Blocking = false;
        try
        {
            socket.Connect(endpoint);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
        {
            var microseconds = (int)Math.Clamp(timeout.TotalMicroseconds, 1, int.MaxValue);
            if (!socket.Poll(microseconds, SelectMode.SelectWrite)) return false;
            if (socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error) is not 0) return false;
        }
        socket.Blocking = true;
        return true;
    }

    private static bool SendAll(Socket socket, ReadOnlySpan<byte> bytes, long deadline)
    {
        while (!bytes.IsEmpty)
        {
            if (!SetTimeout(socket, deadline, receive: false)) return false;
            bytes = bytes[socket.Send(bytes, SocketFlags.None)..];
        }
        return true;
    }

    /// <summary>Gives the next blocking call what is left of the deadline; false when nothing is left.</summary>
    private static bool SetTimeout(Socket socket, long deadline, bool receive)
    {
        var left = Remaining(deadline);
        if (left <= TimeSpan.Zero) return false;
        var milliseconds = (int)Math.Clamp(Math.Ceiling(left.TotalMilliseconds), 1, int.MaxValue);
        if (receive) socket.ReceiveTimeout = milliseconds;
        else socket.SendTimeout = milliseconds;
        return true;
    }

    private static TimeSpan Remaining(long deadline) => Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>The body of a complete <c>HTTP/1.x 2xx</c> answer with a Content-Length; null otherwise.</summary>
    internal static byte[]? SuccessBody(ReadOnlySpan<byte> response)
    {
        var headerEnd = response.IndexOf("\r\n\r\n"u8);
        if (headerEnd < 0) return null;
        var head = response[..headerEnd];
        var lineEnd = head.IndexOf("\r\n"u8);
        var statusLine = lineEnd < 0 ? head : head[..lineEnd];
        if (!statusLine.StartsWith("HTTP/1."u8) || statusLine.Length < 12 || statusLine[8] != (byte)' ') return null;
        if (!Utf8Parser.TryParse(statusLine.Slice(9, 3), out int status, out var consumed) || consumed != 3) return null;
        if (status is < 200 or > 299) return null;

        long? contentLength = null;
        var headers = lineEnd < 0 ? [] : head[(lineEnd + 2)..];
        while (!headers.IsEmpty)
        {
            var end = headers.IndexOf("\r\n"u8);
            var line = end < 0 ? headers : headers[..end];
            headers = end < 0 ? [] : headers[(end + 2)..];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0) return null;
            var name = line[..colon];
            var value = line[(colon + 1)..].Trim((byte)' ');
            if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8)) return null; // our server always sends a length
            if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                if (contentLength is not null || !Utf8Parser.TryParse(value, out long length, out var used) || used != value.Length || length < 0)
                    return null;
                contentLength = length;
            }
        }

        var body = response[(headerEnd + 4)..];
        if (contentLength is not { } expected || body.Length != expected) return null;
        return body.ToArray();
    }

    /// <summary>The token goes into a header line: nothing that could end the line or the header block.</summary>
    private static bool IsHeaderSafe(string token)
    {
        foreach (var c in token)
        {
            if (c is < '!' or > '~') return false;
        }
        return token.Length > 0;
    }
}
