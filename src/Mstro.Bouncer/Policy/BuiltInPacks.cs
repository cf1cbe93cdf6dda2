namespace Mstro.Bouncer.Policy;

/// <summary>The rule packs that ship with mstro. Their source of truth is the JSON in Policy/Packs, in the same format as
/// the users' files; <c>BuiltInPacks.Generated.cs</c> holds the same rules as C# data, so that a hook process does not
/// parse and validate ~60 KB of JSON on every tool call. A test parses the JSON with <see cref="RuleFileParser"/>,
/// checks that the compiled-in rules equal it, and rewrites the generated file when a pack changed. Pack order is the
/// tie-break between findings of equal severity, so specific packs come before the general "outside the project" pack.</summary>
internal static partial class BuiltInPacks
{
    public static readonly string[] Names =
        ["core", "self-protection", "secrets", "code-execution", "network", "persistence", "privilege", "git", "packages",
         "infrastructure", "filesystem"];

    /// <summary>The compiled-in rules, each rule's globs compiled when an effect of its kind first needs it.</summary>
    public static RuleSet Load(int effectsBeforeTheIndexes = RuleSet.EffectsBeforeTheIndexes) =>
        RuleSet.CompiledOnDemand(CreateRules(), effectsBeforeTheIndexes);

    /// <summary>Parses every pack's JSON, as read by <paramref name="readPack"/> (name → bytes), in pack order. A broken
    /// pack is a bug in mstro, not in the user's setup: it throws rather than yielding part of its rules.</summary>
    public static IReadOnlyList<(string Pack, IReadOnlyList<Rule> Rules)> Parse(Func<string, byte[]> readPack)
    {
        ArgumentNullException.ThrowIfNull(readPack);
        var packs = new List<(string, IReadOnlyList<Rule>)>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in Names)
        {
            var parsed = RuleFileParser.Parse(readPack(name), $"(built-in) {name}.json", RuleSource.BuiltIn, ids);
            if (parsed.Errors.Count > 0)
                throw new InvalidOperationException($"the built-in rule pack {name}.json is broken: {string.Join("; ", parsed.Errors)}");
            foreach (var rule in parsed.Rules)
                ids.Add(rule.Id);
            packs.Add((name, parsed.Rules));
        }
        return packs;
    }
}
