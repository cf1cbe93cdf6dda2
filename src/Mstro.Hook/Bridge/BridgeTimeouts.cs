namespace Mstro.Hook.Bridge;

/// <summary>How long <c>mstro hook</c> gives the server. An absent, slow or broken server must never hold Claude
/// Code up: on any timeout the hook answers with its own Layer-1 verdict.</summary>
/// <param name="Connect">TCP connect to 127.0.0.1 (refused at once when nothing listens; this bounds a stuck one).</param>
/// <param name="Decided">The whole round trip when Layer 1 already allowed or denied (the server only records it).</param>
/// <param name="Ambiguous">The whole round trip when Layer 1 asked, for a server that does not announce its decision
/// time. A server that does (<see cref="Protocol.Runtime.RuntimeInfo.DecisionTimeoutMs"/>: AI review plus the escalation
/// deadline, 129 s by default) is given that plus <see cref="Protocol.DecisionBudget.HookWaitMargin"/>, never more than
/// the budget allows (<see cref="Protocol.DecisionBudget"/>: always below the hook timeout the installer sets).</param>
/// <param name="Event">Forwarding a non-PreToolUse event (fire-and-forget).</param>
public sealed record BridgeTimeouts(TimeSpan Connect, TimeSpan Decided, TimeSpan Ambiguous, TimeSpan Event)
{
    public static BridgeTimeouts Default { get; } = new(
        Connect: TimeSpan.FromMilliseconds(150),
        Decided: TimeSpan.FromMilliseconds(500),
        Ambiguous: TimeSpan.FromSeconds(10),
        Event: TimeSpan.FromMilliseconds(500));
}
