using Mstro.Bouncer.Analysis;

namespace Mstro.Bouncer.Policy;

/// <summary>The rules in force: the built-in packs plus the user's and the project's rules.
/// (Placeholder: the policy work replaces this with the pack loader and the matcher.)</summary>
public sealed class RuleSet
{
    private readonly IReadOnlyList<Rule> _rules;

    public RuleSet(IReadOnlyList<Rule> rules) => _rules = rules;

    public static RuleSet BuiltIn { get; } = new([]);

    public IReadOnlyList<Rule> Rules => _rules;

    /// <summary>The findings for a call's effects, most severe first.</summary>
    public IReadOnlyList<Finding> Evaluate(IReadOnlyList<Effect> effects, string toolName, BouncerEnvironment environment)
    {
        _ = effects;
        _ = toolName;
        _ = environment;
        return _rules.Count < 0 ? [] : [];
    }
}
