using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mstro.Protocol;
using Mstro.Protocol.Runtime;
using Mstro.Review;
using Mstro.Server.Api;
using Mstro.Server.Approvers;
using Mstro.Server.Decisions;
using Mstro.Server.Escalations;
using Mstro.Server.Errors;
using Mstro.Server.Events;
using Mstro.Server.Feed;
using Mstro.Server.Hosting;
using Mstro.Server.Remember;
using Mstro.Server.Review;
using Mstro.Server.Runtime;
using Mstro.Server.Security;
using Mstro.Server.Sessions;

namespace Mstro.Server;

/// <summary>mstro's loopback server, built in one place for <c>mstro serve</c>, the console and the tests: minimal APIs
/// on Kestrel, one instance per user (lock + runtime file), a fresh session token per start.</summary>
public sealed class MstroServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ServerOptions _options;
    private readonly SessionToken _token;
    private readonly ListeningEndpoint _endpoint;
    private readonly ILogger _logger;
    private InstanceLock? _lock;
    private string? _socketPath;
    private RuntimeInfo? _runtime;
    private int _state; // 0 created, 1 started, 2 stopped

    private MstroServer(WebApplication app, ServerOptions options, SessionToken token, ListeningEndpoint endpoint)
    {
        _app = app;
        _options = options;
        _token = token;
        _endpoint = endpoint;
        _logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Mstro.Server");
    }

    /// <summary>Builds the server (nothing is bound yet). Throws <see cref="OptionsValidationException"/> listing every
    /// bad option.</summary>
    public static MstroServer Create(ServerOptions options, MstroServerSetup? setup = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        setup ??= new MstroServerSetup();
        options = options.Clone();
        var validation = new ServerOptionsValidator().Validate(Options.DefaultName, options);
        if (validation.Failed) throw new OptionsValidationException(Options.DefaultName, typeof(ServerOptions), validation.Failures);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = "mstro",
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        // Nothing from the working directory or the environment may reconfigure the server (an appsettings.json in a
        // repository, ASPNETCORE_URLS, a Kestrel:Endpoints section): its options come from the caller only.
        builder.Configuration.Sources.Clear();

        builder.Logging.ClearProviders();
        // Hosting's request lines carry full URLs; a credential wrongly put in a query string must not reach the log.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        setup.ConfigureLogging?.Invoke(builder.Logging);

        var bindAddress = options.ParsedBindAddress();
        var endpoint = new ListeningEndpoint(bindAddress);
        var token = SessionToken.Create();
        var socketPath = ApproverSocketPath(options, out var noSocket);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            kestrel.Listen(bindAddress, options.Port);
            // The approver socket: the only way in whose caller the kernel names (see Approvers/TerminalApprovers).
            if (socketPath is not null) kestrel.ListenUnixSocket(socketPath);
        });

        var services = builder.Services;
        // The program that embeds the server owns signals and the terminal (`mstro serve` stops it on Ctrl+C/SIGTERM).
        services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
        setup.ConfigureServices?.Invoke(services);

        services.AddSingleton<IValidateOptions<ServerOptions>, ServerOptionsValidator>();
        services.AddOptions<ServerOptions>().Configure(target => Copy(options, target)).ValidateOnStart();
        services.TryAddSingleton(setup.TimeProvider);
        services.TryAddSingleton(token);
        services.TryAddSingleton(endpoint);
        services.TryAddSingleton<ICallerAuthenticator, SessionTokenAuthenticator>();
        services.TryAddSingleton(options);
        services.TryAddSingleton<IPairingDisplay, NoPairingDisplay>();
        services.TryAddSingleton<IAiReviewer>(provider => CreateReviewer(options, provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILoggerFactory>().CreateLogger("Mstro.Server")));
        services.TryAddSingleton<PairingCodes>();
        services.TryAddSingleton<TerminalApprovers>();
        services.TryAddSingleton<IApproverCheck>(provider => provider.GetRequiredService<TerminalApprovers>());
        services.TryAddSingleton<PersonPresence>();
        services.TryAddSingleton(provider => new RememberedRules(options, provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<RememberedRules>>()));
        services.TryAddSingleton(provider => new EscalationQueue(options, provider.GetRequiredService<EventHub>(),
            provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<IHostApplicationLifetime>(),
            provider.GetRequiredService<RememberedRules>(), provider.GetRequiredService<ILogger<EscalationQueue>>()));
        services.TryAddSingleton<IEscalationAnswerer>(provider => provider.GetRequiredService<EscalationQueue>());
        services.TryAddSingleton<IAmbiguousCallHandler>(provider => new LayeredCallHandler(
            provider.GetRequiredService<IAiReviewer>(), provider.GetRequiredService<EscalationQueue>(),
            provider.GetRequiredService<PersonPresence>(), options, provider.GetRequiredService<ILogger<LayeredCallHandler>>()));
        services.TryAddSingleton(provider => new EventHub(options.ReplayBufferSize, provider.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(provider => new SessionRegistry(options.MaxTrackedSessions, provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ErrorHandling>();
        services.AddSingleton<LoopbackGuard>();

        var app = builder.Build();
        var errorHandling = app.Services.GetRequiredService<ErrorHandling>();
        var loopbackGuard = app.Services.GetRequiredService<LoopbackGuard>();
        app.Use(errorHandling.InvokeAsync);
        app.Use(loopbackGuard.InvokeAsync);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = options.WebSocketKeepAliveInterval });
        MapRoutes(app, setup);
        var server = new MstroServer(app, options, token, endpoint) { _socketPath = socketPath };
        if (noSocket is not null) server._logger.ApproverSocketUnavailable(noSocket);
        return server;
    }

    /// <summary>Where the approver socket goes, or null (with the reason) when there is none.</summary>
    private static string? ApproverSocketPath(ServerOptions options, out string? reason)
    {
        reason = null;
        if (!options.ApproverSocket) return null;
        if (OperatingSystem.IsWindows())
        {
            reason = "peer credentials are not supported on Windows";
            return null;
        }
        // sun_path holds 104 bytes on macOS, 108 on Linux (with the terminating zero).
        if (System.Text.Encoding.UTF8.GetByteCount(options.SocketPath) > 100)
        {
            reason = $"its path {options.SocketPath} is too long for a Unix socket";
            return null;
        }
        return options.SocketPath;
    }

    private static IAiReviewer CreateReviewer(ServerOptions options, TimeProvider time, ILogger logger)
    {
        IAiReviewer reviewer;
        try
        {
            reviewer = AiReviewer.Create(options.AiReview, options.ReviewerEnvironment ?? ReviewerEnvironment.Current(), time);
        }
        catch (AiReviewConfigurationException e)
        {
            logger.ReviewerUnusable(e.Message);
            reviewer = new DisabledReviewer(options.AiReview.Model, e.Message);
        }
        logger.ReviewerDescribed(reviewer.Describe().ToString());
        return reviewer;
    }

    /// <summary>Every route. Only <c>/health</c> is open; <c>/api/*</c> sits behind the bearer-token filter on its
    /// group; <c>/ws</c> authenticates by its first message.</summary>
    private static void MapRoutes(WebApplication app, MstroServerSetup setup)
    {
        app.MapGet("/health", static () => ApiResults.Json(StatusCodes.Status200OK, new HealthResponse("ok"), ProtocolJsonContext.Default.HealthResponse))
            .WithMetadata(new EndpointAccess(AccessKind.Open));

        var api = app.MapGroup("/api").RequireCaller(CallerRole.Submitter);
        api.MapPost("/hook", HookEndpoints.HandleHookAsync);
        api.MapPost("/events", HookEndpoints.HandleEventAsync);
        api.MapPost("/pair", PairingEndpoint.PairAsync);
        EscalationEndpoints.Map(api);
        setup.MapApi?.Invoke(api);

        app.Map("/ws", FeedEndpoint.HandleAsync).WithMetadata(new EndpointAccess(AccessKind.WebSocketFirstMessage));
    }

    public IServiceProvider Services => _app.Services;

    public EventHub Events => _app.Services.GetRequiredService<EventHub>();

    public SessionRegistry Sessions => _app.Services.GetRequiredService<SessionRegistry>();

    /// <summary>Answers escalations in-process (the console): the same seam the approver routes use.</summary>
    public IEscalationAnswerer Escalations => _app.Services.GetRequiredService<IEscalationAnswerer>();

    /// <summary>The pairing code shown on the console (<see cref="PairingCodes.Renew"/> shows a new one).</summary>
    public PairingCodes Pairing => _app.Services.GetRequiredService<PairingCodes>();

    /// <summary>Whether the server counts on a person answering escalations (the console sets <see cref="PersonPresence.Attended"/>).</summary>
    public PersonPresence Presence => _app.Services.GetRequiredService<PersonPresence>();

    /// <summary>Layer 2 as configured (describe it in a banner).</summary>
    public IAiReviewer Reviewer => _app.Services.GetRequiredService<IAiReviewer>();

    /// <summary>The approver socket, or null when there is none.</summary>
    public string? SocketPath => _socketPath;

    /// <summary>The bound port (0 before <see cref="StartAsync"/>).</summary>
    public int Port => _endpoint.Port;

    public Uri BaseAddress => new($"http://{FormatHost(_endpoint.ClientAddress)}:{Port}/");

    public string RuntimeFilePath => _options.RuntimeFilePath;

    /// <summary>Every endpoint the server routes to (the tests call each one without credentials).</summary>
    public IReadOnlyList<Endpoint> Endpoints => _app.Services.GetRequiredService<EndpointDataSource>().Endpoints;

    /// <summary>Takes the instance lock, binds, writes the runtime file. Throws <see cref="ServerAlreadyRunningException"/>
    /// when another server runs for this user, <see cref="ServerStartException"/> when the port cannot be bound.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0) throw new InvalidOperationException("the server was already started");

        var tightened = PrivateFiles.EnsureDirectory(_options.MstroDirectory);
        if (tightened is { } oldMode) _logger.DirectoryTightened(_options.MstroDirectory, Convert.ToString((int)oldMode, 8));

        _lock = InstanceLock.TryAcquire(_options.MstroDirectory) ?? throw AlreadyRunning(RuntimeFile.TryRead(_options.RuntimeFilePath, out _), lockHeld: true);
        try
        {
            CheckPreviousRuntimeFile();
            // A socket left by a crash: the lock says no server owns it now.
            if (_socketPath is not null && File.Exists(_socketPath)) File.Delete(_socketPath);
            _ = Reviewer; // created (and described in the log) at start, not on the first ambiguous call
            try
            {
                await _app.StartAsync(cancellationToken);
            }
            catch (IOException e)
            {
                throw new ServerStartException($"cannot listen on {FormatHost(_endpoint.BindAddress)}:{_options.Port}: {e.Message}", e);
            }

            _endpoint.SetPort(BoundPort());
            if (_socketPath is not null && !OperatingSystem.IsWindows()) File.SetUnixFileMode(_socketPath, PrivateFiles.FileMode);
            _runtime = new RuntimeInfo(_endpoint.ClientAddress.ToString(), Port, Environment.ProcessId, _token.Value, Events.StartedAt,
                (long)_options.DecisionTimeout.TotalMilliseconds, _socketPath);
            PrivateFiles.WriteRuntimeFile(_options.RuntimeFilePath, _runtime);
            _app.Lifetime.ApplicationStopping.Register(RemoveRuntimeFile);

            _logger.Listening(FormatHost(_endpoint.BindAddress), Port, Environment.ProcessId, _options.RuntimeFilePath);
            Pairing.Renew();
            if (!IPAddress.IsLoopback(_endpoint.BindAddress)) _logger.NonLoopbackBind(FormatHost(_endpoint.BindAddress), Port);
        }
        catch
        {
            _lock.Dispose();
            _lock = null;
            throw;
        }
    }

    /// <summary>Removes the runtime file, stops Kestrel (feed clients get a 1001 close), releases the lock.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _state, 2) != 1) return;
        RemoveRuntimeFile();
        try
        {
            await _app.StopAsync(cancellationToken);
        }
        finally
        {
            if (_socketPath is not null && File.Exists(_socketPath)) File.Delete(_socketPath);
            _lock?.Dispose();
            _lock = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
    }

    private void CheckPreviousRuntimeFile()
    {
        var previous = RuntimeFile.TryRead(_options.RuntimeFilePath, out var problem);
        if (previous is null)
        {
            if (problem is not null) _logger.StaleRuntimeFile(_options.RuntimeFilePath, problem);
            return;
        }
        // The lock is free, so no server holds it; a live pid still wins (a server whose lock file was deleted, or
        // one that runs with file locking disabled): refusing is safer than taking over its file.
        if (previous.Pid != Environment.ProcessId && ProcessProbe.IsAlive(previous.Pid)) throw AlreadyRunning(previous, lockHeld: false);
        _logger.StaleRuntimeFile(_options.RuntimeFilePath, $"pid {previous.Pid} is not running");
    }

    private ServerAlreadyRunningException AlreadyRunning(RuntimeInfo? running, bool lockHeld)
    {
        if (running is null)
            return new ServerAlreadyRunningException(
                $"mstro is already running (another process holds {Path.Combine(_options.MstroDirectory, ServerFiles.LockFileName)}).");
        var where = $"mstro is already running (pid {running.Pid}, port {running.Port}, started {running.StartedAt.ToLocalTime():yyyy-MM-dd HH:mm:ss}).";
        return new ServerAlreadyRunningException(lockHeld
            ? $"{where} Use it (mstro feed --follow) or stop it first."
            : $"{where} If no mstro runs with pid {running.Pid}, delete {_options.RuntimeFilePath}.");
    }

    private int BoundPort()
    {
        var addresses = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        foreach (var address in addresses)
        {
            if (Uri.TryCreate(address, UriKind.Absolute, out var uri)) return uri.Port;
        }
        throw new ServerStartException("Kestrel reported no bound address");
    }

    private void RemoveRuntimeFile()
    {
        var runtime = Interlocked.Exchange(ref _runtime, null);
        if (runtime is null) return;
        if (PrivateFiles.RemoveRuntimeFileIfOurs(_options.RuntimeFilePath, runtime)) _logger.RuntimeFileRemoved(_options.RuntimeFilePath);
    }

    private static string FormatHost(IPAddress address) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();

    private static void Copy(ServerOptions source, ServerOptions target)
    {
        target.Port = source.Port;
        target.BindAddress = source.BindAddress;
        target.AllowNonLoopbackBind = source.AllowNonLoopbackBind;
        target.MstroDirectory = source.MstroDirectory;
        target.ReplayBufferSize = source.ReplayBufferSize;
        target.ClientQueueCapacity = source.ClientQueueCapacity;
        target.MaxRequestBodyBytes = source.MaxRequestBodyBytes;
        target.WebSocketAuthTimeout = source.WebSocketAuthTimeout;
        target.MaxClientMessageBytes = source.MaxClientMessageBytes;
        target.WebSocketKeepAliveInterval = source.WebSocketKeepAliveInterval;
        target.MaxTrackedSessions = source.MaxTrackedSessions;
        target.EscalationTimeout = source.EscalationTimeout;
        target.MaxPendingEscalations = source.MaxPendingEscalations;
        target.Attended = source.Attended;
        target.AiReview = source.AiReview;
        target.ReviewerEnvironment = source.ReviewerEnvironment;
        target.ClaudeConfigDirectory = source.ClaudeConfigDirectory;
        target.TranscriptTailBytes = source.TranscriptTailBytes;
        target.ApproverSocket = source.ApproverSocket;
        target.PairingCodeLifetime = source.PairingCodeLifetime;
        target.MaxPairingAttempts = source.MaxPairingAttempts;
        target.ApproverSessionLifetime = source.ApproverSessionLifetime;
    }
}
