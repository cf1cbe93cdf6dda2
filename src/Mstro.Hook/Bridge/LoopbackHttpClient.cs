using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Mstro.Hook.Bridge;

/// <summary>Just enough HTTP/1.1 to post one JSON body to mstro's own server on loopback and read its answer: one
/// socket, <c>Connection: close</c>, the whole answer read until the server closes, bounded in size and time.
/// <para>Why not <see cref="HttpClient"/>: <c>mstro hook</c> is a new process for every tool call, and the first request
/// through the HTTP stack costs a few hundred milliseconds of JIT compilation before native AOT; this path costs a
/// small fraction of that. It talks only to the address in the runtime file, never through a proxy.</para></summary>
internal static class LoopbackHttpClient
{
    public const int MaxResponseBytes = 64 * 1024;

    /// <summary>The body of a 2xx answer; null for any other status, a malformed or oversized answer, or a timeout.</summary>
    public static async Task<byte[]?> PostJsonAsync(IPAddress address, int port, string path, string bearerToken,
        ReadOnlyMemory<byte> body, TimeSpan connectTimeout, TimeSpan timeout)
    {
        if (!IsHeaderSafe(bearerToken)) return null;
        using var deadline = new CancellationTokenSource(timeout);
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using (var connect = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token))
            {
                connect.CancelAfter(connectTimeout);
                await socket.ConnectAsync(new IPEndPoint(address, port), connect.Token);
            }

            var host = address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
            var head = Encoding.ASCII.GetBytes(
                $"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAuthorization: Bearer {bearerToken}\r\n" +
                $"Content-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
            await SendAllAsync(socket, head, deadline.Token);
            await SendAllAsync(socket, body, deadline.Token);

            var answer = new byte[MaxResponseBytes + 1];
            var total = 0;
            int read;
            while ((read = await socket.ReceiveAsync(answer.AsMemory(total), SocketFlags.None, deadline.Token)) > 0)
            {
                total += read;
                if (total > MaxResponseBytes) return null;
            }
            return SuccessBody(answer.AsSpan(0, total));
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            return null;
        }
    }

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

    private static async Task SendAllAsync(Socket socket, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        while (!bytes.IsEmpty)
        {
            var sent = await socket.SendAsync(bytes, SocketFlags.None, cancellationToken);
            bytes = bytes[sent..];
        }
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
