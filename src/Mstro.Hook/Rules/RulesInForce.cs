using Mstro.Bouncer;
using Mstro.Bouncer.Policy;
using Mstro.Hook.Hosting;

namespace Mstro.Hook.Rules;

/// <summary>Loads the rules for a call (built-ins + the user's file + the project's file) and makes sure a broken
/// rules file is never silently ignored: the bouncer keeps deciding with what loaded, but what it would have allowed
/// it asks about instead, naming the broken file, line and field.</summary>
public static class RulesInForce
{
    public const string BrokenRulesFileRuleId = "mstro.rules-file-error";

    public static LoadedRules Load(MstroPaths paths, string projectDir)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return RuleLoader.Load(paths.UserRules, MstroPaths.ProjectRules(projectDir));
    }

    /// <summary>Turns an allow into an ask when a rules file has errors; other verdicts stand (they are already
    /// at least as strict).</summary>
    public static Verdict GuardAgainstBrokenFiles(Verdict verdict, IReadOnlyList<RuleFileError> errors, MstroPaths paths)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0 || verdict.Decision != Decision.Allow) return verdict;
        return verdict with
        {
            Decision = Decision.Ask,
            Severity = Severity.Ambiguous,
            RuleId = BrokenRulesFileRuleId,
            Reason = Describe(errors, paths),
        };
    }

    /// <summary>"your rules file ~/.mstro/bouncer.json line 4 rules[0].decision: … — fix it; until then mstro asks".</summary>
    public static string Describe(IReadOnlyList<RuleFileError> errors, MstroPaths paths)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(paths);
        var first = errors[0];
        var where = first.Line > 0 ? $" line {first.Line}" : "";
        var field = first.Field.Length > 0 ? $" {first.Field}" : "";
        var more = errors.Count > 1 ? $" (and {errors.Count - 1} more error{(errors.Count > 2 ? "s" : "")})" : "";
        return $"your rules file {paths.ForDisplay(first.File)}{where}{field}: {first.Message}{more} — fix it; until then mstro asks";
    }
}
