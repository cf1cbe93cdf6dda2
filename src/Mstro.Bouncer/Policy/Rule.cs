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

/// <summary>The conditions of a rule; null means "any". Within a list, any entry may match; across fields, all must;
/// an exclude list vetoes the rule when any of its entries matches. Path patterns are globs over absolute, normalised
/// paths; they may start with <c>~</c> or <c>$HOME</c> (home), <c>$PROJECT</c>, <c>$TMP</c> (each temp dir),
/// <c>$CLAUDE</c> (Claude Code's config dir) or <c>$MSTRO</c> (mstro's dir). In path globs <c>*</c> stays within one
/// path segment and <c>**</c> crosses segments; in the other globs <c>*</c> matches anything. Positive globs match
/// case-insensitively (so case games cannot dodge a rule); exclude globs for paths, programs and commands match
/// exactly (so case games cannot reach an exception). See Policy/README.md for the full semantics.</summary>
/// <param name="Tools">Tool-name globs (<c>Bash</c>, <c>Write</c>, <c>mcp__*</c>).</param>
/// <param name="Effects">Effect kinds.</param>
/// <param name="Programs">Program names (globs) of the invocation that produced the effect.</param>
/// <param name="Commands">Globs over the invocation's normalised text (<c>git push * main</c>).</param>
/// <param name="Paths">Globs the effect's path must match (an effect without a path never matches).</param>
/// <param name="ExcludePaths">Globs the effect's path must not match (e.g. <c>$PROJECT/**</c> for "outside the project").</param>
/// <param name="Hosts">Host globs (<c>169.254.169.254</c>, <c>*.internal</c>).</param>
/// <param name="Details">Globs over the effect's detail (e.g. <c>force-push</c>, <c>download</c>).</param>
/// <param name="Flags">Flags the effect must all have.</param>
/// <param name="ExcludeFlags">Flags the effect must not have (any one of them vetoes the rule).</param>
/// <param name="ExcludeTools">Tool-name globs that veto the rule.</param>
/// <param name="ExcludePrograms">Program globs that veto the rule.</param>
/// <param name="ExcludeCommands">Command globs that veto the rule.</param>
/// <param name="ExcludeHosts">Host globs that veto the rule.</param>
/// <param name="ExcludeDetails">Detail globs that veto the rule.</param>
/// <param name="Ports">Ports the URL in the effect's detail must use: numbers, or <c>$MSTRO_PORT</c> (the running mstro
/// server's port; never matches when none is known).</param>
/// <param name="Projects">Path globs the call's project directory must match (a rule limited to some projects, such as
/// an approval remembered for one project only).</param>
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
    EffectFlags ExcludeFlags = EffectFlags.None,
    IReadOnlyList<string>? ExcludeTools = null,
    IReadOnlyList<string>? ExcludePrograms = null,
    IReadOnlyList<string>? ExcludeCommands = null,
    IReadOnlyList<string>? ExcludeHosts = null,
    IReadOnlyList<string>? ExcludeDetails = null,
    IReadOnlyList<string>? Ports = null,
    IReadOnlyList<string>? Projects = null)
{
    /// <summary>The placeholder for the running mstro server's port in <see cref="Ports"/>.</summary>
    public const string MstroPortVariable = "$MSTRO_PORT";

    /// <summary>True when the rule has no condition at all and would match every effect of every call.</summary>
    public bool IsEmpty =>
        Tools is null && Effects is null && Programs is null && Commands is null && Paths is null && ExcludePaths is null
        && Hosts is null && Details is null && Flags == EffectFlags.None && ExcludeFlags == EffectFlags.None
        && ExcludeTools is null && ExcludePrograms is null && ExcludeCommands is null && ExcludeHosts is null
        && ExcludeDetails is null && Ports is null && Projects is null;
}
