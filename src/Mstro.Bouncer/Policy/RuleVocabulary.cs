using System.Text;
using Mstro.Bouncer.Analysis;

namespace Mstro.Bouncer.Policy;

/// <summary>The words of the rules-file format: effect, flag, decision and severity names, and "did you mean".</summary>
internal static class RuleVocabulary
{
    private static readonly (string Name, EffectKind Kind)[] Effects =
        [.. Enum.GetValues<EffectKind>().Select(kind => (Kebab(kind.ToString()), kind))];

    private static readonly (string Name, EffectFlags Flag)[] Flags =
        [.. Enum.GetValues<EffectFlags>().Where(flag => flag != EffectFlags.None).Select(flag => (Kebab(flag.ToString()), flag))];

    public static IEnumerable<string> EffectNames => Effects.Select(e => e.Name);

    public static IEnumerable<string> FlagNames => Flags.Select(f => f.Name);

    public static readonly string[] DecisionNames = ["allow", "ask", "deny"];

    public static readonly string[] SeverityNames = ["ambiguous", "dangerous", "critical", "catastrophic"];

    public static bool TryParseEffect(string name, out EffectKind kind)
    {
        foreach (var (known, value) in Effects)
            if (known == name)
            {
                kind = value;
                return true;
            }
        kind = default;
        return false;
    }

    public static string EffectName(EffectKind kind)
    {
        foreach (var (name, value) in Effects)
            if (value == kind) return name;
        return Kebab(kind.ToString());
    }

    public static bool TryParseFlag(string name, out EffectFlags flag)
    {
        foreach (var (known, value) in Flags)
            if (known == name)
            {
                flag = value;
                return true;
            }
        flag = EffectFlags.None;
        return false;
    }

    public static IEnumerable<string> FlagNamesOf(EffectFlags flags) =>
        Flags.Where(f => (flags & f.Flag) != 0).Select(f => f.Name);

    public static Severity? SeverityOfDecision(string decision) => decision switch
    {
        "allow" => Severity.None,
        "ask" => Severity.Dangerous,
        "deny" => Severity.Critical,
        _ => null,
    };

    public static Severity? ParseSeverity(string name) => name switch
    {
        "ambiguous" => Severity.Ambiguous,
        "dangerous" => Severity.Dangerous,
        "critical" => Severity.Critical,
        "catastrophic" => Severity.Catastrophic,
        _ => null,
    };

    /// <summary>"ChangeMode" → "change-mode".</summary>
    public static string Kebab(string pascal)
    {
        var builder = new StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (char.IsUpper(c) && i > 0) builder.Append('-');
            builder.Append(char.ToLowerInvariant(c));
        }
        return builder.ToString();
    }

    /// <summary>The candidate closest to <paramref name="input"/> when it is plausibly a typo of it, else null.</summary>
    public static string? Closest(string input, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = string.Equals(candidate, input, StringComparison.OrdinalIgnoreCase)
                ? 0
                : Distance(input.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        var allowed = Math.Max(2, input.Length / 3);
        return bestDistance <= allowed ? best : null;
    }

    /// <summary>Optimal string alignment distance (Levenshtein plus adjacent transpositions).</summary>
    private static int Distance(string a, string b)
    {
        if (a.Length > 64 || b.Length > 64) return int.MaxValue;
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }
}
