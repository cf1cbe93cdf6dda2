namespace Mstro.Protocol;

/// <summary>How long a call Layer 1 left ambiguous may wait for its decision, from the hook to a person and back. Claude
/// Code kills a hook at its timeout and then lets the call through its normal permission flow (in
/// <c>bypassPermissions</c> mode the tool simply runs), so every wait here ends well before that timeout:
/// <code>
/// AI review budget + escalation deadline  &lt;=  MaxServerDecisionTime (270 s)    the server checks this at start
/// server's announced time + HookWaitMargin  &lt;=  275 s                          the hook's longest wait
/// 275 s  &lt;  InstalledHookTimeoutSeconds (300 s)                               what the installer writes
/// </code></summary>
public static class DecisionBudget
{
    /// <summary>The <c>timeout</c> (seconds) mstro's installer writes for <c>mstro-hook</c> in Claude Code's settings.
    /// A user who lowers it must lower the escalation deadline (<c>mstro serve --escalation-timeout</c>) with it.</summary>
    public const int InstalledHookTimeoutSeconds = 300;

    /// <summary>How long an escalation waits for a person by default.</summary>
    public static readonly TimeSpan DefaultEscalationTimeout = TimeSpan.FromSeconds(120);

    /// <summary>The longest the server may take to answer an ambiguous call: AI review plus the escalation deadline.</summary>
    public static readonly TimeSpan MaxServerDecisionTime = TimeSpan.FromSeconds(270);

    /// <summary>What the hook waits beyond the time the server announces (connection, transfer, a loaded machine).</summary>
    public static readonly TimeSpan HookWaitMargin = TimeSpan.FromSeconds(5);

    /// <summary>The hook's wait for an ambiguous call: the server's announced decision time plus the margin, capped so
    /// that it always ends before Claude Code's hook timeout; <paramref name="fallback"/> for a server that announces
    /// nothing.</summary>
    public static TimeSpan HookWait(long? announcedMilliseconds, TimeSpan fallback)
    {
        if (announcedMilliseconds is not { } announced || announced <= 0) return fallback;
        var wait = TimeSpan.FromMilliseconds(Math.Min(announced, (long)MaxServerDecisionTime.TotalMilliseconds)) + HookWaitMargin;
        return wait < fallback ? fallback : wait;
    }
}
