using Mstro.Bouncer;
using Mstro.Bouncer.Hook;

namespace Mstro.Hook;

/// <summary>The seam where a running mstro server joins the hook (see issue 5). Layer 1 always decides locally
/// first; a bridge then sees the call and may return a different verdict (AI review, a person). The runner guards
/// it: a bridge that throws leaves the local verdict in force (the error is logged), and a bridge can never turn a
/// Layer-1 deny into anything else. A bridge must bound its own time (tight connect/read timeouts).</summary>
public interface IHookBridge
{
    /// <summary>A PreToolUse call, after Layer 1. Returns the final verdict (<paramref name="localVerdict"/> when it has nothing to add).</summary>
    Verdict Review(HookPayload payload, ReadOnlyMemory<byte> rawPayload, Verdict localVerdict);

    /// <summary>Any other event (SessionStart, Stop...), fire-and-forget.</summary>
    void Notify(HookPayload payload, ReadOnlyMemory<byte> rawPayload);
}
