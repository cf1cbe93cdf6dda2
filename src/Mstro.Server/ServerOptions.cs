using System.Net;
using Microsoft.Extensions.Options;
using Mstro.Protocol;
using Mstro.Protocol.Runtime;

namespace Mstro.Server;

/// <summary>What the server is started with. Validated once at start-up (<see cref="ServerOptionsValidator"/>): a bad
/// value stops the start with a message naming the option.</summary>
public sealed class ServerOptions
{
    /// <summary>The TCP port; 0 picks a free one (clients find it in the runtime file).</summary>
    public int Port { get; set; }

    /// <summary>The IP address to listen on. Loopback only, unless <see cref="AllowNonLoopbackBind"/>.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>The explicit opt-in to listen on a non-loopback address (logged loudly at start).</summary>
    public bool AllowNonLoopbackBind { get; set; }

    /// <summary>mstro's private directory (<c>~/.mstro</c>): runtime file and instance lock.</summary>
    public string MstroDirectory { get; set; } = MstroPaths.MstroDirectory();

    /// <summary>How many recent events a reconnecting client can ask for again.</summary>
    public int ReplayBufferSize { get; set; } = 1024;

    /// <summary>How many events may wait for one slow client before the oldest are dropped.</summary>
    public int ClientQueueCapacity { get; set; } = 256;

    /// <summary>The request body cap (413 above it).</summary>
    public long MaxRequestBodyBytes { get; set; } = ProtocolLimits.DefaultMaxRequestBodyBytes;

    /// <summary>How long a WebSocket client has to send its auth message.</summary>
    public TimeSpan WebSocketAuthTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The largest message a feed client may send (auth, resume).</summary>
    public int MaxClientMessageBytes { get; set; } = 4096;

    /// <summary>WebSocket ping interval.</summary>
    public TimeSpan WebSocketKeepAliveInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many Claude Code sessions are remembered (least recently seen forgotten first).</summary>
    public int MaxTrackedSessions { get; set; } = 256;

    public string RuntimeFilePath => MstroPaths.RuntimeFile(MstroDirectory);

    /// <summary>The bind address, parsed (<c>localhost</c> means 127.0.0.1). Call after validation.</summary>
    public IPAddress ParsedBindAddress() => ParseBindAddress(BindAddress)!;

    internal static IPAddress? ParseBindAddress(string? text)
    {
        if (string.Equals(text, "localhost", StringComparison.OrdinalIgnoreCase)) return IPAddress.Loopback;
        return IPAddress.TryParse(text, out var address) ? address : null;
    }

    public ServerOptions Clone() => (ServerOptions)MemberwiseClone();
}

/// <summary>Checks every option and reports all problems at once.</summary>
public sealed class ServerOptionsValidator : IValidateOptions<ServerOptions>
{
    public ValidateOptionsResult Validate(string? name, ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Port is < 0 or > 65535)
            failures.Add($"port {options.Port} is out of range (0-65535; 0 picks a free port)");

        var address = ServerOptions.ParseBindAddress(options.BindAddress);
        if (address is null)
            failures.Add($"bind address \"{options.BindAddress}\" is not an IP address");
        else if (!IPAddress.IsLoopback(address) && !options.AllowNonLoopbackBind)
            failures.Add($"refusing to listen on {address}: it is not a loopback address, and the server would be " +
                         "reachable from other machines. Pass --allow-non-loopback to do it anyway.");

        if (string.IsNullOrWhiteSpace(options.MstroDirectory) || !Path.IsPathFullyQualified(options.MstroDirectory))
            failures.Add($"the mstro directory must be an absolute path, got \"{options.MstroDirectory}\"");
        Range(failures, "replay buffer size", options.ReplayBufferSize, 1, 1_000_000);
        Range(failures, "client queue capacity", options.ClientQueueCapacity, 1, 1_000_000);
        Range(failures, "max request body bytes", options.MaxRequestBodyBytes, 1024, 256L * 1024 * 1024);
        Range(failures, "max client message bytes", options.MaxClientMessageBytes, 256, 1024 * 1024);
        Range(failures, "max tracked sessions", options.MaxTrackedSessions, 1, 100_000);
        if (options.WebSocketAuthTimeout <= TimeSpan.Zero || options.WebSocketAuthTimeout > TimeSpan.FromMinutes(1))
            failures.Add($"the WebSocket auth timeout must be between 0 and 1 minute, got {options.WebSocketAuthTimeout}");
        if (options.WebSocketKeepAliveInterval < TimeSpan.Zero)
            failures.Add("the WebSocket keep-alive interval cannot be negative");

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Range(List<string> failures, string what, long value, long min, long max)
    {
        if (value < min || value > max) failures.Add($"{what} {value} is out of range ({min}-{max})");
    }
}
