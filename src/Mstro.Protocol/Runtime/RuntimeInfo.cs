namespace Mstro.Protocol.Runtime;

/// <summary>The runtime file <c>~/.mstro/server.json</c>: how a local process finds the running server.</summary>
/// <param name="Address">The IP address clients connect to (127.0.0.1 unless a non-loopback bind was opted in).</param>
/// <param name="Port">The TCP port.</param>
/// <param name="Pid">The server's process id.</param>
/// <param name="Token">The session token: lets a local process submit hook events and read the feed, never answer
/// an escalation.</param>
/// <param name="StartedAt">When the server started.</param>
/// <param name="DecisionTimeoutMs">The longest the server takes to answer a call Layer 1 left ambiguous (AI review plus
/// the escalation deadline): the hook waits that long plus <see cref="DecisionBudget.HookWaitMargin"/>. Absent in files
/// written by older servers.</param>
/// <param name="Socket">The server's Unix-domain socket, over which a paired terminal answers escalations (its peer
/// credentials tell the server which terminal session is calling). Absent when the server has none.</param>
public sealed record RuntimeInfo(
    string Address,
    int Port,
    int Pid,
    string Token,
    DateTimeOffset StartedAt,
    long? DecisionTimeoutMs = null,
    string? Socket = null)
{
    /// <summary>The file holds a secret: keep it out of logs and messages.</summary>
    public override string ToString() => $"mstro server (pid {Pid}, {Address}:{Port}, started {StartedAt:u})";

    /// <summary>The first problem with the fields, or null when they are usable.</summary>
    public string? Validate()
    {
        if (Port is < 1 or > 65535) return $"port {Port} is out of range";
        if (Pid <= 0) return $"pid {Pid} is not a process id";
        if (string.IsNullOrEmpty(Token)) return "the token is missing";
        if (Token.Length > RuntimeFile.MaxTokenLength) return "the token is too long";
        if (!System.Net.IPAddress.TryParse(Address, out _)) return "the address is not an IP address";
        if (DecisionTimeoutMs is <= 0) return $"decisionTimeoutMs {DecisionTimeoutMs} is not a duration";
        if (Socket is not null && !Path.IsPathFullyQualified(Socket)) return "the socket is not an absolute path";
        return null;
    }
}
