using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Mstro.Server.Tests.Support;

/// <summary>A real TCP server on 127.0.0.1 that plays a broken mstro server: it answers every request with a canned
/// raw HTTP response, or never answers at all.</summary>
public sealed class RawHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly List<TcpClient> _clients = [];

    /// <param name="response">The raw response, or null to accept connections and never answer.</param>
    /// <param name="delay">How long to wait after reading a request before answering it.</param>
    public RawHttpServer(string? response, TimeSpan delay = default)
    {
        _listener.Start();
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                lock (_clients) _clients.Add(client);
                if (response is null) continue;
                var stream = client.GetStream();
                await ReadRequestAsync(stream, _stop.Token);
                if (delay > TimeSpan.Zero) await Task.Delay(delay, _stop.Token);
                await stream.WriteAsync(Encoding.ASCII.GetBytes(response), _stop.Token);
                client.Close();
            }
        });
    }

    /// <summary>Reads the headers and the Content-Length body, so that closing never resets an unread request.</summary>
    private static async Task ReadRequestAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var received = new List<byte>();
        var buffer = new byte[8192];
        int headerEnd;
        while ((headerEnd = IndexOfHeaderEnd(received)) < 0)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            if (read == 0) return;
            received.AddRange(buffer.AsSpan(0, read));
        }
        var headers = Encoding.ASCII.GetString([.. received.Take(headerEnd)]);
        var lengthLine = headers.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        var length = lengthLine is null ? 0 : int.Parse(lengthLine["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var remaining = length - (received.Count - headerEnd - 4);
        while (remaining > 0)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            if (read == 0) return;
            remaining -= read;
        }
    }

    private static int IndexOfHeaderEnd(List<byte> bytes)
    {
        for (var i = 0; i + 3 < bytes.Count; i++)
        {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') return i;
        }
        return -1;
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public static string Response(int status, string body) =>
        $"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}";

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
        lock (_clients) _clients.ForEach(c => c.Dispose());
        _stop.Dispose();
    }
}
