using System.Globalization;
using Mstro.Bouncer.Analysis;

namespace Mstro.Bouncer.Policy;

/// <summary>How a rule matched an effect.</summary>
internal enum RuleMatchKind : byte
{
    None,
    /// <summary>Every condition holds for the effect's own path (or the rule has no path condition).</summary>
    Match,
    /// <summary>The effect covers a tree that is, or is inside, a place the rule's paths name (<c>tar cz ~/.ssh</c> for
    /// <c>~/.ssh/**</c>): the rule's full severity applies.</summary>
    Inside,
    /// <summary>The effect covers a broad ancestor of such a place (<c>grep -r KEY ~</c>): at most dangerous.</summary>
    Ancestor,
}

/// <summary>A rule with its globs compiled once. Matching an effect is a few flag tests and glob matches, bound to the
/// environment at match time, and never allocates.</summary>
internal sealed class CompiledRule
{
    private readonly Glob[]? _tools;
    private readonly Glob[]? _excludeTools;
    private readonly Glob[]? _programs;
    private readonly Glob[]? _excludePrograms;
    private readonly Glob[]? _commands;
    private readonly Glob[]? _excludeCommands;
    private readonly PathGlobSet? _paths;
    private readonly PathGlobSet? _excludePaths;
    private readonly Glob[]? _hosts;
    private readonly Glob[]? _excludeHosts;
    private readonly Glob[]? _details;
    private readonly Glob[]? _excludeDetails;
    private readonly int[]? _ports;
    private readonly bool _mstroPort;
    private readonly bool _hasPorts;
    private readonly EffectFlags _flags;
    private readonly EffectFlags _excludeFlags;
    private readonly PathGlobSet? _projects;

    /// <summary>Compiles <paramref name="rule"/>; throws <see cref="ArgumentException"/> on a bad glob, port or reason
    /// (the rules-file parser reports those precisely before a rule gets here).</summary>
    public CompiledRule(Rule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        Rule = rule;
        var match = rule.Match;
        Effects = match.Effects is null ? null : [.. match.Effects.Distinct()];
        _tools = Compile(match.Tools, GlobKind.Text, ignoreCase: true);
        _excludeTools = Compile(match.ExcludeTools, GlobKind.Text, ignoreCase: true);
        _programs = Compile(match.Programs, GlobKind.Text, ignoreCase: true);
        _excludePrograms = Compile(match.ExcludePrograms, GlobKind.Text, ignoreCase: false);
        _commands = Compile(match.Commands, GlobKind.Text, ignoreCase: true);
        _excludeCommands = Compile(match.ExcludeCommands, GlobKind.Text, ignoreCase: false);
        _paths = CompilePaths(match.Paths, ignoreCase: true);
        _excludePaths = CompilePaths(match.ExcludePaths, ignoreCase: false);
        _hosts = Compile(match.Hosts, GlobKind.Text, ignoreCase: true);
        _excludeHosts = Compile(match.ExcludeHosts, GlobKind.Text, ignoreCase: true);
        _details = Compile(match.Details, GlobKind.Text, ignoreCase: true);
        _excludeDetails = Compile(match.ExcludeDetails, GlobKind.Text, ignoreCase: true);
        if (match.Ports is not null)
        {
            _hasPorts = true;
            var numbers = new List<int>();
            foreach (var port in match.Ports)
            {
                if (port == RuleMatch.MstroPortVariable) _mstroPort = true;
                else numbers.Add(ParsePort(port) ?? throw new ArgumentException(
                    $"port \"{port}\" must be a number from 1 to 65535 or {RuleMatch.MstroPortVariable}", nameof(rule)));
            }
            _ports = [.. numbers];
        }
        _flags = match.Flags;
        _excludeFlags = match.ExcludeFlags;
        _projects = CompilePaths(match.Projects, ignoreCase: true);
        Reason = ReasonTemplate.Parse(rule.Reason);
    }

    public Rule Rule { get; }

    /// <summary>The effect kinds the rule is limited to (null: every kind).</summary>
    public EffectKind[]? Effects { get; }

    public ReasonTemplate Reason { get; }

    public static int? ParsePort(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
            ? port
            : null;

    /// <summary>Whether the rule matches <paramref name="effect"/> of a call to <paramref name="toolName"/>;
    /// <paramref name="path"/> is the effect's path located in the environment. The effect kind is checked by the
    /// index in <see cref="RuleSet"/>, not here.</summary>
    public bool Matches(Effect effect, string toolName, BouncerEnvironment environment, in PathContext path) =>
        Match(effect, toolName, environment, path, path, subtree: false) != RuleMatchKind.None;

    /// <summary>How the rule matches <paramref name="effect"/>. With <paramref name="subtree"/> (an effect that reads or
    /// sends a whole tree), a <c>paths</c> condition also holds when the tree under <paramref name="subtreePath"/> (the
    /// effect's directory) holds a place one of the globs names: see <see cref="RuleMatchKind"/>. Excludes always look at
    /// the effect's own path.</summary>
    public RuleMatchKind Match(Effect effect, string toolName, BouncerEnvironment environment, in PathContext path,
        in PathContext subtreePath, bool subtree)
    {
        if (!MatchesConditionsButPaths(effect, toolName, environment)) return RuleMatchKind.None;
        var kind = RuleMatchKind.Match;
        if (_paths is not null)
        {
            if (effect.Path is null) return RuleMatchKind.None;
            if (!_paths.IsMatch(path))
            {
                if (!subtree) return RuleMatchKind.None;
                var relation = _paths.RelationOfSubtree(subtreePath);
                // A glob without recursion (cat ~/.ssh/*) covers one level: it reaches a place only from inside it.
                if (relation == SubtreeRelation.None
                    || relation == SubtreeRelation.Ancestor && (effect.Flags & EffectFlags.Recursive) == 0) return RuleMatchKind.None;
                kind = relation == SubtreeRelation.Inside ? RuleMatchKind.Inside : RuleMatchKind.Ancestor;
            }
        }
        return _excludePaths is null || effect.Path is null || !_excludePaths.IsMatch(path) ? kind : RuleMatchKind.None;
    }

    private bool MatchesConditionsButPaths(Effect effect, string toolName, BouncerEnvironment environment)
    {
        var flags = effect.Flags;
        if ((flags & _flags) != _flags || (flags & _excludeFlags) != 0) return false;
        if (!Required(_tools, toolName) || Excluded(_excludeTools, toolName)) return false;

        var invocation = effect.Invocation;
        if (!Required(_programs, invocation?.Program) || Excluded(_excludePrograms, invocation?.Program)) return false;
        if (!Required(_commands, invocation?.Text) || Excluded(_excludeCommands, invocation?.Text)) return false;
        if (!Required(_hosts, effect.Host) || Excluded(_excludeHosts, effect.Host)) return false;
        if (!Required(_details, effect.Detail) || Excluded(_excludeDetails, effect.Detail)) return false;
        if (_hasPorts && !PortMatches(effect.Detail, environment.MstroPort)) return false;
        return _projects is null || _projects.IsMatch(new PathContext(environment.ProjectDir, environment));
    }

    /// <summary>Matches with the path located on the spot (for a single check; <see cref="RuleSet"/> locates it once).</summary>
    public bool Matches(Effect effect, string toolName, BouncerEnvironment environment) =>
        Matches(effect, toolName, environment, effect.Path is null ? default : new PathContext(effect.Path, environment));

    private bool PortMatches(string? detail, int? mstroPort)
    {
        var port = UrlPort.Of(detail);
        if (port is null) return false;
        if (_mstroPort && port == mstroPort) return true;
        return Array.IndexOf(_ports!, port.Value) >= 0;
    }

    private static bool Required(Glob[]? globs, string? text) => globs is null || (text is not null && Any(globs, text));

    private static bool Excluded(Glob[]? globs, string? text) => globs is not null && text is not null && Any(globs, text);

    private static bool Any(Glob[] globs, string text)
    {
        foreach (var glob in globs)
            if (glob.IsMatch(text.AsSpan())) return true;
        return false;
    }

    private static PathGlobSet? CompilePaths(IReadOnlyList<string>? patterns, bool ignoreCase) =>
        patterns is null ? null : new PathGlobSet(patterns.Select(pattern => Glob.Compile(pattern, GlobKind.Path, ignoreCase)), ignoreCase);

    private static Glob[]? Compile(IReadOnlyList<string>? patterns, GlobKind kind, bool ignoreCase) =>
        patterns is null ? null : [.. patterns.Select(pattern => Glob.Compile(pattern, kind, ignoreCase))];

    public override string ToString() => Rule.Id;
}
