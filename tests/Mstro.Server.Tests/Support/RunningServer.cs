using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Mstro.Protocol.Runtime;
using Mstro.Review;

namespace Mstro.Server.Tests.Support;

/// <summary>A real mstro server on 127.0.0.1:0 in a temp HOME, with its log captured.</summary>
public sealed class RunningServer : IAsyncDisposable
{
    private readonly bool _ownsHome;

    private RunningServer(MstroServer server, TempHome home, bool ownsHome, CapturedLog log)
    {
        Server = server;
        Home = home;
        _ownsHome = ownsHome;
        Log = log;
    }

    public MstroServer Server { get; }
    public TempHome Home { get; }
    public CapturedLog Log { get; }

    /// <summary>The runtime file as written (the token comes from there, as for any local client).</summary>
    public RuntimeInfo Runtime => RuntimeFile.TryRead(Home.RuntimeFile, out var problem)
                                  ?? throw new InvalidOperationException($"no runtime file: {problem}");

    public int Port => Server.Port;

    public Uri BaseAddress => Server.BaseAddress;

    public Uri WebSocketUri => new($"ws://127.0.0.1:{Port}/ws");

    public static async Task<RunningServer> StartAsync(
        Action<ServerOptions>? configure = null, MstroServerSetup? setup = null, TempHome? home = null)
    {
        var ownsHome = home is null;
        home ??= new TempHome();
        var log = new CapturedLog();
        var options = new ServerOptions
        {
            Port = 0,
            MstroDirectory = home.MstroDirectory,
            ClaudeConfigDirectory = Path.Combine(home.Path, ".claude"),
            // Never the developer's own ANTHROPIC_API_KEY: AI review is off unless a test points it at the fake API.
            ReviewerEnvironment = new ReviewerEnvironment(home.Path, new Dictionary<string, string>()),
        };
        configure?.Invoke(options);
        var server = MstroServer.Create(options, new MstroServerSetup
        {
            ConfigureLogging = logging =>
            {
                logging.AddProvider(log);
                logging.SetMinimumLevel(LogLevel.Debug);
                setup?.ConfigureLogging?.Invoke(logging);
            },
            ConfigureServices = setup?.ConfigureServices,
            MapApi = setup?.MapApi,
        });
        try
        {
            await server.StartAsync();
        }
        catch
        {
            await server.DisposeAsync();
            if (ownsHome) home.Dispose();
            throw;
        }
        return new RunningServer(server, home, ownsHome, log);
    }

    /// <summary>An HttpClient for this server, without credentials.</summary>
    public HttpClient Client() => new(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>An HttpClient that sends the runtime file's token as a bearer token.</summary>
    public HttpClient AuthorizedClient()
    {
        var client = Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Runtime.Token);
        return client;
    }

    /// <summary>An HttpClient over the approver socket (Unix-domain), with the runtime file's token: this process is the
    /// caller the kernel names to the server.</summary>
    public HttpClient SocketClient()
    {
        var socket = Server.SocketPath ?? throw new InvalidOperationException("the server has no approver socket");
        var client = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectCallback = async (_, cancellationToken) =>
            {
                var unix = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
                await unix.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(socket), cancellationToken);
                return new System.Net.Sockets.NetworkStream(unix, ownsSocket: true);
            },
        })
        { BaseAddress = new Uri($"http://localhost:{Port}/"), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Runtime.Token);
        return client;
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        if (_ownsHome) Home.Dispose();
    }
}
