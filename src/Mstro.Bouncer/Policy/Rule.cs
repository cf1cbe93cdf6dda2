using Mstro.Bouncer.Analysis;

namespace Mstro.Bouncer.Policy;

/// <summary>Where a rule comes from. Built-in packs ship with mstro; user rules live in ~/.mstro/bouncer.json;
/// project rules in &lt;project&gt;/.mstro/bouncer.json and may only tighten.</summary>
public enum RuleSource
{
    BuiltIn,
    User,
    Project,
}

/// <summary>A rule: when <see cref="Match"/> matches an effect of a call, the call gets <see cref="Severity"/>.
/// User and project rules written as <c>"decision": "allow"</c> have severity None and loosen (user file only)
/// the built-in findings on the effects they match, except catastrophic ones.</summary>
/// <param name="Id">Unique, stable, dotted (e.g. <c>core.delete-system</c>); shown in verdicts and the audit log.</param>
/// <param name="Severity">None (an allow rule), Ambiguous, Dangerous, Critical or Catastrophic.</param>
/// <param name="Reason">One line for a person, shown when the rule decides.</param>
/// <param name="Match">What the rule matches (all given conditions must hold).</param>
/// <param name="Source">Built-in, user or project.</param>
/// <param name="File">The file the rule was read from, for messages (null for built-ins compiled in).</param>
public sealed record Rule(string Id, Severity Severity, string Reason, RuleMatch Match, RuleSource Source, string? File = null)
{
    public bool IsAllow => Severity == Severity.None;
}

/// <summary>The conditions of a rule; null means "any". Within a list, any entry may match; across fields, all must.
/// Path patterns are globs over absolute, normalised paths; they may start with <c>~</c> (home), <c>$PROJECT</c>,
/// <c>$TMP</c> (each temp dir), <c>$CLAUDE</c> (Claude Code's config dir) or <c>$MSTRO</c> (mstro's dir). In globs
/// <c>*</c> stays within one path segment and <c>**</c> crosses segments.</summary>
/// <param name="Tools">Tool-name globs (<c>Bash</c>, <c>Write</c>, <c>mcp__*</c>).</param>
/// <param name="Effects">Effect kinds.</param>
/// <param name="Programs">Program names (globs) of the invocation that produced the effect.</param>
/// <param name="Commands">Globs over the invocation's normalised text (<c>git push * main</c>).</param>
/// <param name="Paths">Globs the effect's path must match.</param>
/// <param name="ExcludePaths">Globs the effect's path must not match (e.g. <c>$PROJECT/**</c> for "outside the project").</param>
/// <param name="Hosts">Host globs (<c>169.254.169.254</c>, <c>*.internal</c>).</param>
/// <param name="Details">Globs over the effect's detail (e.g. <c>force-push</c>, <c>download</c>).</param>
/// <param name="Flags">Flags the effect must all have.</param>
/// <param name="ExcludeFlags">Flags the effect must not have.</param>
public sealed record RuleMatch(
    IReadOnlyList<string>? Tools = null,
    IReadOnlyList<EffectKind>? Effects = null,
    IReadOnlyList<string>? Programs = null,
    IReadOnlyList<string>? Commands = null,
    IReadOnlyList<string>? Paths = null,
    IReadOnlyList<string>? ExcludePaths = null,
    IReadOnlyList<string>? Hosts = null,
    IReadOnlyList<string>? Details = null,
    EffectFlags Flags = EffectFlags.None,
    EffectFlags ExcludeFlags = EffectFlags.None);
