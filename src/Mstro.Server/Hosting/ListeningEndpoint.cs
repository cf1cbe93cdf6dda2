using System.Net;

namespace Mstro.Server.Hosting;

/// <summary>Where the server listens, known once Kestrel has bound (the port may have been 0 before).</summary>
public sealed class ListeningEndpoint
{
    private volatile int _port;

    public ListeningEndpoint(IPAddress bindAddress) => BindAddress = bindAddress;

    public IPAddress BindAddress { get; }

    /// <summary>0 until bound.</summary>
    public int Port => _port;

    /// <summary>The address clients connect to: the bind address, or 127.0.0.1 when bound to every interface.</summary>
    public IPAddress ClientAddress =>
        BindAddress.Equals(IPAddress.Any) ? IPAddress.Loopback
        : BindAddress.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback
        : BindAddress;

    internal void SetPort(int port) => _port = port;
}

/// <summary>The server embedded in another program (the console, the tests): no Ctrl+C / SIGTERM handling, the
/// embedding program decides when to stop.</summary>
internal sealed class EmbeddedHostLifetime : Microsoft.Extensions.Hosting.IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
