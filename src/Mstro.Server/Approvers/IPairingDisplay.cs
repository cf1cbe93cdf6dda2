namespace Mstro.Server.Approvers;

/// <summary>Where pairing codes reach a person: a screen the coding agent cannot read. <c>mstro serve</c> writes them
/// to its own terminal (only when it is one: never into a log file or a pipe); the console shows them in a panel.
/// Without a display no code exists, and no terminal can pair.</summary>
public interface IPairingDisplay
{
    /// <summary>False when there is no screen: no code is made.</summary>
    bool CanShow { get; }

    /// <summary>Shows a new pairing code (formatted <c>ABCDE-FGHJK</c>) and when it lapses.</summary>
    void ShowCode(string code, DateTimeOffset expiresAt);

    /// <summary>Tells the person something about pairing (a terminal paired, a wrong code was tried, the code is burnt).</summary>
    void Notice(string message);
}

/// <summary>No screen: pairing is off.</summary>
public sealed class NoPairingDisplay : IPairingDisplay
{
    public bool CanShow => false;

    public void ShowCode(string code, DateTimeOffset expiresAt)
    {
    }

    public void Notice(string message)
    {
    }
}
