using Mstro.Server.Approvers;

namespace Mstro.Cli.ServerCommands;

/// <summary><c>mstro serve</c>'s screen for pairing codes: its own terminal (stderr), written directly and never through
/// the logger, so a code never lands in <c>--log-file</c>. When stderr is not a terminal (redirected to a file or a
/// pipe the agent might read), no code is shown and pairing is off.</summary>
internal sealed class ConsolePairingDisplay(TextWriter stderr, bool isTerminal) : IPairingDisplay
{
    private readonly Lock _lock = new();

    public bool CanShow => isTerminal;

    public void ShowCode(string code, DateTimeOffset expiresAt)
    {
        lock (_lock)
        {
            stderr.WriteLine();
            stderr.WriteLine($"  Pairing code for mstro approve / deny:  {code}");
            stderr.WriteLine($"  (single use, valid until {expiresAt.ToLocalTime():HH:mm}; type it only into your own terminal; press Enter here for a new one)");
            stderr.WriteLine();
            stderr.Flush();
        }
    }

    public void Notice(string message)
    {
        lock (_lock)
        {
            stderr.WriteLine($"  mstro: {message}");
            stderr.Flush();
        }
    }
}
