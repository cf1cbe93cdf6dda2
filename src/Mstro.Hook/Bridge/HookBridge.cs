using System.Buffers;
using System.Net;
using System.Text.Json;
using Mstro.Bouncer;
using Mstro.Protocol;
using Mstro.Protocol.Runtime;

namespace Mstro.Hook.Bridge;

/// <summary>What the server answered for a PreToolUse call.</summary>
public sealed record BridgeDecision(Decision Decision, string Reason, Layer Layer, string RuleId, long Seq)
{
    /// <summary>The verdict the hook gives Claude Code: the server's, except that nothing loosens a Layer-1 deny, and a
    /// server's allow counts only for a call Layer 1 left open (ask: ambiguous or dangerous). Whatever listens on the
    /// port in the runtime file can at most decide what Layer 1 would have asked about (see SECURITY.md).</summary>
    public Verdict Apply(Verdict layer1)
    {
        ArgumentNullException.ThrowIfNull(layer1);
        if (layer1.Decision == Decision.Deny) return layer1;
        if (Decision == Decision.Allow && layer1.Decision != Decision.Ask) return layer1;
        if (Decision == layer1.Decision && Layer == layer1.Layer) return layer1;
        return layer1 with { Decision = Decision, Reason = Reason, Layer = Layer, RuleId = RuleId };
    }
}

/// <summary>The hook's side of the loopback server: <c>mstro hook</c> decides Layer 1 locally, then, when a server runs
/// (runtime file present, pid alive), posts the payload and that verdict to it. No ASP.NET Core here (the hook must
/// start fast): one loopback socket (<see cref="LoopbackHttpClient"/>) with tight timeouts, no proxy, no redirects. Every failure (no server,
/// stale file, refused connection, timeout, error status, unreadable answer) returns null and the hook keeps its own
/// answer; no exception escapes.</summary>
public static class HookBridge
{
    /// <summary>Forwards a PreToolUse call. Null when no server answered usefully in time. A call Layer 1 left ambiguous
    /// waits as long as the server announced it may take (AI review, then a person), plus a margin.</summary>
    public static BridgeDecision? ForwardCall(string mstroDirectory, ReadOnlySpan<byte> payload, Verdict layer1,
        BridgeTimeouts? timeouts = null, string? projectDir = null)
    {
        try
        {
            ArgumentNullException.ThrowIfNull(layer1);
            timeouts ??= BridgeTimeouts.Default;
            if (FindServer(mstroDirectory) is not { } server) return null;
            if (payload.Length > ProtocolLimits.DefaultMaxRequestBodyBytes - 64 * 1024) return null;

            var body = HookRequestBody(payload, layer1, projectDir);
            var timeout = layer1.Decision == Decision.Ask
                ? DecisionBudget.HookWait(server.DecisionTimeoutMs, timeouts.Ambiguous)
                : timeouts.Decided;
            var answer = Post(server, "/api/hook", body, timeouts.Connect, timeout);
            return answer is null ? null : HookWire.ReadResponse(answer);
        }
#pragma warning disable CA1031 // The hook must answer whatever went wrong here: null means "use Layer 1's answer".
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    /// <summary>Forwards a non-PreToolUse event for the live-sessions view; gives up silently after a short timeout.
    /// Returns whether the server took it.</summary>
    public static bool ForwardEvent(string mstroDirectory, ReadOnlySpan<byte> payload, BridgeTimeouts? timeouts = null)
    {
        try
        {
            timeouts ??= BridgeTimeouts.Default;
            if (FindServer(mstroDirectory) is not { } server) return false;
            if (payload.Length > ProtocolLimits.DefaultMaxRequestBodyBytes - 64 * 1024) return false;
            var body = Wrap(payload, verdict: null);
            return Post(server, "/api/events", body, timeouts.Connect, timeouts.Event) is not null;
        }
#pragma warning disable CA1031 // Forwarding is best effort: it never disturbs the hook.
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
    }

    /// <summary>The running server, from one small read of the runtime file and a liveness check of its pid.</summary>
    public static RuntimeInfo? FindServer(string mstroDirectory)
    {
        var info = RuntimeFile.TryRead(ServerFiles.RuntimeFile(mstroDirectory), out _);
        return info is not null && ProcessProbe.IsAlive(info.Pid) ? info : null;
    }

    internal static byte[] HookRequestBody(ReadOnlySpan<byte> payload, Verdict layer1, string? projectDir = null) =>
        Wrap(payload, layer1, projectDir);

    private static byte[] Wrap(ReadOnlySpan<byte> payload, Verdict? verdict, string? projectDir = null)
    {
        var buffer = new ArrayBufferWriter<byte>(payload.Length + 1024);
        using (var writer = new Utf8JsonWriter(buffer, Audit.Text.Readable))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("payload");
            writer.WriteRawValue(payload); // validated: a payload that is not one JSON value throws here
            if (verdict is not null)
            {
                writer.WritePropertyName("verdict");
                HookWire.WriteVerdict(writer, verdict);
            }
            if (projectDir is not null) writer.WriteString("projectDir", projectDir);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static byte[]? Post(RuntimeInfo server, string path, byte[] body, TimeSpan connectTimeout, TimeSpan timeout) =>
        IPAddress.TryParse(server.Address, out var address)
            ? LoopbackHttpClient.PostJson(address, server.Port, path, server.Token, body, connectTimeout, timeout)
            : null;


}
