namespace Mstro.Protocol.Runtime;

/// <summary>The runtime file <c>~/.mstro/server.json</c>: how a local process finds the running server.</summary>
/// <param name="Address">The IP address clients connect to (127.0.0.1 unless a non-loopback bind was opted in).</param>
/// <param name="Port">The TCP port.</param>
/// <param name="Pid">The server's process id.</param>
/// <param name="Token">The session token: lets a local process submit hook events and read the feed, never answer
/// an escalation.</param>
/// <param name="StartedAt">When the server started.</param>
public sealed record RuntimeInfo(string Address, int Port, int Pid, string Token, DateTimeOffset StartedAt)
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
        return null;
    }
}
