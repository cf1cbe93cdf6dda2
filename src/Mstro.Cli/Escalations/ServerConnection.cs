using System.Net.Http.Headers;
using System.Net.Sockets;
using Mstro.Protocol.Runtime;

namespace Mstro.Cli.Escalations;

/// <summary>The running server, as a client reaches it: TCP on loopback for what the runtime file's token may do
/// (listing), and the Unix-domain approver socket for answers and pairing (there the server learns from the kernel which
/// terminal session is calling). Both carry the token in a header, never in a URL, and never go through a proxy.</summary>
internal sealed class ServerConnection : IDisposable
{
    private ServerConnection(RuntimeInfo runtime, HttpClient loopback, HttpClient? approver)
    {
        Runtime = runtime;
        Loopback = loopback;
        Approver = approver;
    }

    public RuntimeInfo Runtime { get; }

    /// <summary>HTTP over 127.0.0.1 (the runtime file's address and port).</summary>
    public HttpClient Loopback { get; }

    /// <summary>HTTP over the approver socket, or null when the server has none.</summary>
    public HttpClient? Approver { get; }

    /// <summary>The server of <paramref name="mstroDirectory"/>, or null with a message saying why there is none.</summary>
    public static ServerConnection? Open(string mstroDirectory, out string problem)
    {
        var path = ServerFiles.RuntimeFile(mstroDirectory);
        var runtime = RuntimeFile.TryRead(path, out var unreadable);
        if (runtime is null)
        {
            problem = unreadable ?? "mstro is not running (no server to ask); start it with `mstro serve` or the console";
            return null;
        }
        if (!ProcessProbe.IsAlive(runtime.Pid))
        {
            problem = $"mstro is not running ({path} is stale: pid {runtime.Pid} is gone); start it with `mstro serve`";
            return null;
        }
        problem = "";
        var host = runtime.Address.Contains(':', StringComparison.Ordinal) ? $"[{runtime.Address}]" : runtime.Address;
        var loopback = Client(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }, $"http://{host}:{runtime.Port}/", runtime.Token);
        HttpClient? approver = null;
        if (runtime.Socket is { } socket)
        {
            approver = Client(new SocketsHttpHandler
            {
                UseProxy = false,
                AllowAutoRedirect = false,
                ConnectCallback = async (_, cancellationToken) =>
                {
                    var unix = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    try
                    {
                        await unix.ConnectAsync(new UnixDomainSocketEndPoint(socket), cancellationToken);
                        return new NetworkStream(unix, ownsSocket: true);
                    }
                    catch
                    {
                        unix.Dispose();
                        throw;
                    }
                },
            }, $"http://localhost:{runtime.Port}/", runtime.Token);
        }
        return new ServerConnection(runtime, loopback, approver);
    }

    private static HttpClient Client(SocketsHttpHandler handler, string baseAddress, string token)
    {
        var client = new HttpClient(handler) { BaseAddress = new Uri(baseAddress), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public void Dispose()
    {
        Loopback.Dispose();
        Approver?.Dispose();
    }
}
