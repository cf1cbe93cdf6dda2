using Mstro.Bouncer;

namespace Mstro.Protocol;

/// <summary>A bouncer <see cref="Verdict"/> on the wire. Every member is nullable so that a missing field is
/// reported by name (<see cref="Validate"/>) instead of silently defaulting.</summary>
public sealed record WireVerdict
{
    public Decision? Decision { get; init; }
    public Severity? Severity { get; init; }
    public string? RuleId { get; init; }
    public string? Reason { get; init; }
    public Layer? Layer { get; init; }
    public IReadOnlyList<WireFinding>? Findings { get; init; }

    public static WireVerdict From(Verdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        return new WireVerdict
        {
            Decision = verdict.Decision,
            Severity = verdict.Severity,
            RuleId = verdict.RuleId,
            Reason = verdict.Reason,
            Layer = verdict.Layer,
            Findings = [.. verdict.Findings.Select(WireFinding.From)],
        };
    }

    /// <summary>The first missing or invalid field, named with <paramref name="path"/> as prefix; null when valid.</summary>
    public string? Validate(string path)
    {
        if (Decision is null) return Missing(path, "decision");
        if (Severity is null) return Missing(path, "severity");
        if (string.IsNullOrEmpty(RuleId)) return Missing(path, "ruleId");
        if (Reason is null) return Missing(path, "reason");
        if (Layer is null) return Missing(path, "layer");
        if (Findings is null) return null;
        for (var i = 0; i < Findings.Count; i++)
        {
            var finding = Findings[i];
            if (finding is null) return $"field \"{path}.findings[{i}]\" is null";
            if (finding.Validate($"{path}.findings[{i}]") is { } error) return error;
        }
        return null;
    }

    /// <summary>The domain verdict. Call only after <see cref="Validate"/> returned null.</summary>
    public Verdict ToVerdict() => new(
        Decision!.Value,
        Severity!.Value,
        RuleId!,
        Reason!,
        Layer!.Value,
        Findings is null ? [] : [.. Findings.Select(f => f.ToFinding())]);

    internal static string Missing(string path, string name) => $"field \"{path}.{name}\" is missing";
}

/// <summary>A <see cref="Finding"/> on the wire.</summary>
public sealed record WireFinding
{
    public string? RuleId { get; init; }
    public Severity? Severity { get; init; }
    public string? Reason { get; init; }
    public string? Evidence { get; init; }

    public static WireFinding From(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return new WireFinding
        {
            RuleId = finding.RuleId,
            Severity = finding.Severity,
            Reason = finding.Reason,
            Evidence = finding.Evidence,
        };
    }

    public string? Validate(string path)
    {
        if (string.IsNullOrEmpty(RuleId)) return WireVerdict.Missing(path, "ruleId");
        if (Severity is null) return WireVerdict.Missing(path, "severity");
        if (Reason is null) return WireVerdict.Missing(path, "reason");
        return null;
    }

    public Finding ToFinding() => new(RuleId!, Severity!.Value, Reason!, Evidence ?? "");
}
