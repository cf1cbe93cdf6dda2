using Mstro.Server.Approvers;

namespace Mstro.Server.Escalations;

/// <summary>Can a person answer an escalation now? Yes when the server's own console is watched (the TUI, or
/// <c>mstro serve</c> started in a terminal) or a paired terminal session still lives. When no one can, an escalation
/// would only make Claude Code wait for nothing: the call gets <c>ask</c> at once instead.</summary>
public sealed class PersonPresence(ServerOptions options, TerminalApprovers approvers)
{
    private volatile bool _attended = options.Attended;

    /// <summary>The console says whether someone watches it (the TUI sets this).</summary>
    public bool Attended
    {
        get => _attended;
        set => _attended = value;
    }

    public bool IsPresent => _attended || approvers.AnyAlive();
}
