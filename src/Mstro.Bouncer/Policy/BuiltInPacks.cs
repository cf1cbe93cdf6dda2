using System.Diagnostics;

namespace Mstro.Bouncer.Policy;

/// <summary>The rule packs that ship with mstro: JSON files in Policy/Packs, embedded in this assembly and parsed by the
/// same parser as the users' files. Their order is the tie-break between findings of equal severity, so specific packs
/// come before the general "outside the project" pack.</summary>
internal static class BuiltInPacks
{
    public static readonly string[] Names =
        ["core", "self-protection", "secrets", "code-execution", "network", "persistence", "privilege", "git", "packages",
         "infrastructure", "filesystem"];

    public const string ResourcePrefix = "Mstro.Bouncer.Policy.Packs.";

    /// <summary>The bytes of an embedded pack.</summary>
    public static byte[] Read(string name)
    {
        using var stream = typeof(BuiltInPacks).Assembly.GetManifestResourceStream(ResourcePrefix + name + ".json")
                           ?? throw new InvalidOperationException($"the built-in rule pack {name}.json is not embedded");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    /// <summary>Parses and compiles every pack. A broken pack is a bug in mstro, not in the user's setup: it throws
    /// (the hook answers "ask" on any internal error) rather than running with part of its rules.</summary>
    public static RuleSet Load()
    {
        var rules = new List<Rule>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in Names)
        {
            var parsed = RuleFileParser.Parse(Read(name), $"(built-in) {name}.json", RuleSource.BuiltIn, ids);
            if (parsed.Errors.Count > 0)
                throw new InvalidOperationException($"the built-in rule pack {name}.json is broken: {string.Join("; ", parsed.Errors)}");
            foreach (var rule in parsed.Rules)
                ids.Add(rule.Id);
            rules.AddRange(parsed.Rules);
        }
        Debug.Assert(rules.Count > 0);
        return new RuleSet(rules);
    }
}
