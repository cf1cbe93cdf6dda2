namespace Mstro.Bouncer;

/// <summary>What Claude Code is told: the three PreToolUse permission decisions mstro uses.</summary>
public enum Decision
{
    Allow,
    /// <summary>Not decided here: a later layer (AI review, then a person) decides; Claude Code asks its user
    /// when no later layer answers (and a headless run treats it as a denial).</summary>
    Ask,
    Deny,
}

/// <summary>How bad a finding is. Ordered: a verdict takes the most severe finding.</summary>
public enum Severity
{
    /// <summary>Nothing worth stopping for.</summary>
    None = 0,
    /// <summary>Layer 1 cannot tell what the call does (dynamic code, unresolved targets...): ask, Layer 2 may allow.</summary>
    Ambiguous = 1,
    /// <summary>A dangerous act with honest uses: ask, and Layer 2 may not allow it on its own.</summary>
    Dangerous = 2,
    /// <summary>A dangerous act with no honest use in agent work: deny. A user's own rule may allow it.</summary>
    Critical = 3,
    /// <summary>Irrecoverable damage (wipe the disk, delete $HOME, fork bomb, reverse shell): deny, and no rule loosens it.</summary>
    Catastrophic = 4,
}

public static class SeverityExtensions
{
    public static Decision ToDecision(this Severity severity) => severity switch
    {
        Severity.None => Decision.Allow,
        Severity.Ambiguous or Severity.Dangerous => Decision.Ask,
        _ => Decision.Deny,
    };

    public static string ToWireString(this Decision decision) => decision switch
    {
        Decision.Allow => "allow",
        Decision.Ask => "ask",
        _ => "deny",
    };
}

/// <summary>Which layer of the bouncer decided.</summary>
public enum Layer
{
    /// <summary>The pattern/effect rules (this library).</summary>
    Rules = 1,
    /// <summary>AI review.</summary>
    AiReview = 2,
    /// <summary>A person.</summary>
    Human = 3,
}

/// <summary>One rule that matched one effect of the call.</summary>
/// <param name="RuleId">The rule's id, e.g. <c>core.delete-system</c>.</param>
/// <param name="Severity">The rule's severity (after user rules).</param>
/// <param name="Reason">One line for a person: what was seen and why it matters.</param>
/// <param name="Evidence">The part of the call that triggered it (a command segment, a path, a URL).</param>
public sealed record Finding(string RuleId, Severity Severity, string Reason, string Evidence);

/// <summary>The bouncer's answer for one tool call.</summary>
/// <param name="Decision">allow / ask / deny.</param>
/// <param name="Severity">The most severe finding's severity (None when allowed with no finding).</param>
/// <param name="RuleId">The rule that decided (the most severe finding), or a built-in id such as <c>default.allow</c>.</param>
/// <param name="Reason">One line for a person.</param>
/// <param name="Layer">The layer that decided.</param>
/// <param name="Findings">Every finding, most severe first (Layer 2 reads these).</param>
public sealed record Verdict(
    Decision Decision,
    Severity Severity,
    string RuleId,
    string Reason,
    Layer Layer,
    IReadOnlyList<Finding> Findings)
{
    public static Verdict FromError(string errorId, string message) => new(
        Decision.Ask,
        Severity.Ambiguous,
        "mstro.internal-error",
        $"mstro could not check this call ({message}; error id {errorId}), so it asks instead.",
        Layer.Rules,
        []);
}
