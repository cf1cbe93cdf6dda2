using Mstro.Bouncer.Hook;

namespace Mstro.Hook;

/// <summary>What the host needs of a parsed PreToolUse payload beyond what <see cref="HookPayload.Parse"/> checks.</summary>
public static class PayloadChecks
{
    /// <summary>A precise description of the problem, or null when the payload is usable.</summary>
    public static string? Problem(HookPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        // No path on Linux or macOS can hold a NUL; the runtime's path functions refuse one.
        if (payload.Cwd is { } cwd && cwd.Contains('\0', StringComparison.Ordinal)) return "field \"cwd\" contains a NUL character";
        return null;
    }
}
