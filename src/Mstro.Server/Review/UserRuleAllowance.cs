using Mstro.Bouncer;
using Mstro.Bouncer.Policy;

namespace Mstro.Server.Review;

/// <summary>Whether the user's own rules let an AI allow stand for a call Layer 1 rated dangerous: every dangerous
/// finding must come with a finding of one of the user's own <c>"severity": "ambiguous"</c> rules on the same command or
/// path (its evidence), read from the user's file (never the project's, which may only tighten). Critical and
/// catastrophic calls never get here (Layer 1 denies them).</summary>
internal static class UserRuleAllowance
{
    public static bool LetsAiDecide(Verdict layer1, string userRulesFile)
    {
        ArgumentNullException.ThrowIfNull(layer1);
        if (layer1.Severity != Severity.Dangerous) return false;
        var dangerous = layer1.Findings.Where(finding => finding.Severity >= Severity.Dangerous).ToList();
        if (dangerous.Count == 0 || dangerous.Any(finding => finding.Severity > Severity.Dangerous)) return false;

        var loaded = RuleLoader.Load(userRulesFile, null);
        if (loaded.Errors.Count > 0) return false;
        var letAiDecide = loaded.RuleSet.Rules
            .Where(rule => rule.Source == RuleSource.User && rule.Severity == Severity.Ambiguous)
            .Select(rule => rule.Id)
            .ToHashSet(StringComparer.Ordinal);
        if (letAiDecide.Count == 0) return false;
        var covered = layer1.Findings.Where(finding => letAiDecide.Contains(finding.RuleId)).Select(finding => finding.Evidence).ToHashSet(StringComparer.Ordinal);
        return dangerous.All(finding => covered.Contains(finding.Evidence));
    }
}
