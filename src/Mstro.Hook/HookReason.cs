using Mstro.Bouncer;
using Mstro.Hook.Audit;

namespace Mstro.Hook;

/// <summary>The <c>permissionDecisionReason</c> text: "mstro: &lt;reason&gt; [rule &lt;id&gt;]". A person (or, in a
/// headless run, Claude) reads it, so it says what was seen and which rule decided.</summary>
public static class HookReason
{
    public static string Format(Verdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        return Text.Scrub($"mstro: {verdict.Reason} [rule {verdict.RuleId}]");
    }
}
