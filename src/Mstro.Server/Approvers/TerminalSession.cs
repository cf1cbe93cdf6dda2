using System.Net.Sockets;

namespace Mstro.Server.Approvers;

/// <summary>A terminal session of this user: the kernel's session id and when its leader (the terminal's shell) started.
/// Every process a person starts from one terminal tab shares it; Claude Code's hooks and its Bash tool run detached from
/// the terminal, in sessions of their own, and no process can join another session. The leader's start time tells the
/// live session from a later one that happens to get the same number.</summary>
/// <param name="SessionId">The session id (the leader's pid).</param>
/// <param name="LeaderStartedAt">When the leader started (UTC).</param>
public sealed record TerminalSession(int SessionId, DateTime LeaderStartedAt)
{
    public override string ToString() => $"terminal session {SessionId}";

    /// <summary>The session of the process at the other end of <paramref name="socket"/>, when it is this user's and its
    /// leader lives; null with the reason otherwise.</summary>
    public static TerminalSession? OfPeer(Socket? socket, out string problem)
    {
        if (socket is null || socket.AddressFamily != AddressFamily.Unix)
        {
            problem = "answers and pairing go only through mstro's local socket (mstro approve, mstro deny), not over TCP";
            return null;
        }
        if (PeerCredentials.Of(socket) is not { } peer)
        {
            problem = "the operating system did not say which process is calling";
            return null;
        }
        if (peer.Uid != PeerCredentials.EffectiveUserId())
        {
            problem = "the calling process belongs to another user";
            return null;
        }
        var session = PeerCredentials.SessionOf(peer.Pid);
        if (PeerCredentials.StartTimeOf(session) is not { } leaderStartedAt)
        {
            problem = "the calling process is not in a live terminal session (run mstro approve from an interactive shell)";
            return null;
        }
        problem = "";
        return new TerminalSession(session, leaderStartedAt);
    }

    /// <summary>True while the session's leader is the same live process.</summary>
    public bool IsAlive() => PeerCredentials.StartTimeOf(SessionId) == LeaderStartedAt;
}
