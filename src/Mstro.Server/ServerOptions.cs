using System.Net;
using Microsoft.Extensions.Options;
using Mstro.Protocol;
using Mstro.Protocol.Runtime;
using Mstro.Review;

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
    public string MstroDirectory { get; set; } = ServerFiles.MstroDirectory();

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

    /// <summary>How long an escalation waits for a person before the call gets <c>ask</c> (default 120 s). With the AI
    /// review budget it must fit in <see cref="DecisionBudget.MaxServerDecisionTime"/>, below the hook's timeout.</summary>
    public TimeSpan EscalationTimeout { get; set; } = DecisionBudget.DefaultEscalationTimeout;

    /// <summary>How many escalations may wait at once; beyond that a call gets <c>ask</c> at once.</summary>
    public int MaxPendingEscalations { get; set; } = 64;

    /// <summary>A person watches the server's own console (the TUI, or <c>mstro serve</c> in a terminal): escalations wait
    /// for them even before any terminal is paired. Otherwise an escalation waits only while a paired terminal session
    /// lives, and becomes <c>ask</c> at once when none does.</summary>
    public bool Attended { get; set; }

    /// <summary>Layer 2's settings (model, timeout, cache...). The key comes from <see cref="ReviewerEnvironment"/>.</summary>
    public AiReviewOptions AiReview { get; set; } = new();

    /// <summary>Where Layer 2 reads its key and base URL (null: this process's environment and HOME).</summary>
    public ReviewerEnvironment? ReviewerEnvironment { get; set; }

    /// <summary>Claude Code's config dir (CLAUDE_CONFIG_DIR, default ~/.claude): a session's transcript is read for AI
    /// review only when it lies under its <c>projects/</c> directory.</summary>
    public string ClaudeConfigDirectory { get; set; } = DefaultClaudeConfigDirectory();

    /// <summary>How many bytes of the end of a session's transcript are read for AI review (0: none).</summary>
    public int TranscriptTailBytes { get; set; } = 64 * 1024;

    /// <summary>Listen on a Unix-domain socket in the mstro directory, so that a paired terminal can answer escalations
    /// (the kernel tells the server which session is calling; see SECURITY.md).</summary>
    public bool ApproverSocket { get; set; } = true;

    /// <summary>How long a pairing code shown on the console stays valid (it is also single-use).</summary>
    public TimeSpan PairingCodeLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Wrong codes tried (by anyone) before the current pairing code is burnt; a new one is shown only at the
    /// console.</summary>
    public int MaxPairingAttempts { get; set; } = 5;

    /// <summary>How long a paired terminal session may answer escalations (it also ends with the session, or with mstro).</summary>
    public TimeSpan ApproverSessionLifetime { get; set; } = TimeSpan.FromHours(12);

    public string RuntimeFilePath => ServerFiles.RuntimeFile(MstroDirectory);

    /// <summary>The server's Unix-domain socket for approvers.</summary>
    public string SocketPath => Path.Combine(MstroDirectory, "server.sock");

    /// <summary>The longest the server takes to answer an ambiguous call: AI review, then the escalation deadline, and a
    /// second for the rest. Announced in the runtime file; the hook waits that long plus a margin.</summary>
    public TimeSpan DecisionTimeout => AiReview.Timeout + EscalationTimeout + TimeSpan.FromSeconds(1);

    /// <summary>The user's own rules file (<c>~/.mstro/bouncer.json</c>), where remembered answers go.</summary>
    public string UserRulesFile => Path.Combine(MstroDirectory, "bouncer.json");

    /// <summary>The home directory the mstro directory belongs to.</summary>
    public string HomeDirectory => Path.GetDirectoryName(MstroDirectory.TrimEnd('/')) ?? MstroDirectory;

    private static string DefaultClaudeConfigDirectory()
    {
        var configured = Environment.GetEnvironmentVariable("CLAUDE_CONFIG_DIR");
        return !string.IsNullOrEmpty(configured) && Path.IsPathFullyQualified(configured)
            ? configured
            : Path.Combine(ServerFiles.Home(), ".claude");
    }

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

        if (options.EscalationTimeout < TimeSpan.FromMilliseconds(100) || options.EscalationTimeout > DecisionBudget.MaxServerDecisionTime)
            failures.Add($"the escalation timeout must be between 0.1 and {DecisionBudget.MaxServerDecisionTime.TotalSeconds:0} seconds, got {options.EscalationTimeout.TotalSeconds:0.###}");
        if (options.AiReview is null)
            failures.Add("the AI review options are missing");
        else
        {
            failures.AddRange(options.AiReview.Validate().Select(problem => $"AI review: {problem}"));
            if (options.DecisionTimeout > DecisionBudget.MaxServerDecisionTime)
                failures.Add($"the AI review timeout ({options.AiReview.Timeout.TotalSeconds:0.###} s) plus the escalation timeout " +
                             $"({options.EscalationTimeout.TotalSeconds:0.###} s) must stay below {DecisionBudget.MaxServerDecisionTime.TotalSeconds - 1:0} s: " +
                             $"Claude Code stops waiting for the hook after {DecisionBudget.InstalledHookTimeoutSeconds} s and then lets the call through");
        }
        Range(failures, "max pending escalations", options.MaxPendingEscalations, 1, 10_000);
        if (string.IsNullOrWhiteSpace(options.ClaudeConfigDirectory) || !Path.IsPathFullyQualified(options.ClaudeConfigDirectory))
            failures.Add($"Claude Code's config directory must be an absolute path, got \"{options.ClaudeConfigDirectory}\"");
        Range(failures, "transcript tail bytes", options.TranscriptTailBytes, 0, 1024 * 1024);
        if (options.PairingCodeLifetime < TimeSpan.FromSeconds(10) || options.PairingCodeLifetime > TimeSpan.FromHours(1))
            failures.Add("the pairing code lifetime must be between 10 seconds and 1 hour");
        Range(failures, "max pairing attempts", options.MaxPairingAttempts, 1, 20);
        if (options.ApproverSessionLifetime < TimeSpan.FromMinutes(1) || options.ApproverSessionLifetime > TimeSpan.FromDays(7))
            failures.Add("the approver session lifetime must be between 1 minute and 7 days");

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Range(List<string> failures, string what, long value, long min, long max)
    {
        if (value < min || value > max) failures.Add($"{what} {value} is out of range ({min}-{max})");
    }
}
