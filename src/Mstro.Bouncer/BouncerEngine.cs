using Mstro.Bouncer.Analysis;
using Mstro.Bouncer.Hook;
using Mstro.Bouncer.Policy;

namespace Mstro.Bouncer;

/// <summary>Layer 1 of the Security Bouncer: call → effects → rules → verdict. Pure and deterministic for a given
/// rule set, environment and file system view; thread-safe.</summary>
public sealed class BouncerEngine
{
    private readonly RuleSet _rules;
    private readonly CallAnalyzer _analyzer;

    public BouncerEngine(RuleSet rules, IFileSystemView? fileSystem = null)
    {
        _rules = rules;
        _analyzer = new CallAnalyzer(fileSystem ?? RealFileSystemView.Instance);
    }

    public RuleSet Rules => _rules;

    /// <summary>Decides a PreToolUse payload. Throws <see cref="HookPayloadException"/> for a malformed payload.</summary>
    public Verdict Decide(HookPayload payload, BouncerEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var effects = _analyzer.Analyze(payload, environment);
        return ToVerdict(_rules.Evaluate(effects, payload.ToolName ?? "", environment));
    }

    /// <summary>Decides a Bash command line as if the Bash tool ran it in <paramref name="environment"/>'s cwd.</summary>
    public Verdict DecideCommand(string command, BouncerEnvironment environment)
    {
        var effects = _analyzer.AnalyzeCommand(command, environment);
        return ToVerdict(_rules.Evaluate(effects, "Bash", environment));
    }

    private static Verdict ToVerdict(IReadOnlyList<Finding> findings)
    {
        if (findings.Count == 0)
            return new Verdict(Decision.Allow, Severity.None, "default.allow",
                "No rule matched: nothing dangerous was found.", Layer.Rules, findings);
        var top = findings[0];
        return new Verdict(top.Severity.ToDecision(), top.Severity, top.RuleId, top.Reason, Layer.Rules, findings);
    }
}
