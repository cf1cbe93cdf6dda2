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

/// <summary>What the caller already knows of a rule's <c>paths</c> condition on an effect's own path.</summary>
internal enum KnownPathMatch : byte
{
    Unknown,
    Matches,
    DoesNotMatch,
}

/// <summary>A rule with its globs compiled once. Matching an effect is a few flag tests and glob matches, bound to the
/// environment at match time, and never allocates (after the first match: a condition's globs are compiled when a match
/// first gets to them, since a hook process checks one call and most rules fail on their first condition).</summary>
internal sealed class CompiledRule
{
    private readonly TextGlobs? _tools;
    private readonly TextGlobs? _excludeTools;
    private readonly TextGlobs? _programs;
    private readonly TextGlobs? _excludePrograms;
    private readonly TextGlobs? _commands;
    private readonly TextGlobs? _excludeCommands;
    private readonly PathGlobs? _paths;
    private readonly PathGlobs? _excludePaths;
    private readonly TextGlobs? _hosts;
    private readonly TextGlobs? _excludeHosts;
    private readonly TextGlobs? _details;
    private readonly TextGlobs? _excludeDetails;
    private readonly int[]? _ports;
    private readonly bool _mstroPort;
    private readonly bool _hasPorts;
    private readonly EffectFlags _flags;
    private readonly EffectFlags _excludeFlags;
    private readonly string _reasonText;
    private ReasonTemplate? _reason;
    private readonly PathGlobs? _projects;

    /// <summary>Compiles <paramref name="rule"/>; throws <see cref="ArgumentException"/> on a bad glob, port or reason
    /// (the rules-file parser reports those precisely before a rule gets here).</summary>
    public CompiledRule(Rule rule) : this(rule, compileNow: true)
    {
    }

    /// <param name="rule">The rule.</param>
    /// <param name="compileNow">False: compile each glob list and the reason when first needed (for rules known to be
    /// valid, the built-in packs, which tests compile whole).</param>
    public CompiledRule(Rule rule, bool compileNow)
    {
        ArgumentNullException.ThrowIfNull(rule);
        Rule = rule;
        var match = rule.Match;
        _tools = TextGlobs.Of(match.Tools, ignoreCase: true);
        _excludeTools = TextGlobs.Of(match.ExcludeTools, ignoreCase: true);
        _programs = TextGlobs.Of(match.Programs, ignoreCase: true);
        _excludePrograms = TextGlobs.Of(match.ExcludePrograms, ignoreCase: false);
        _commands = TextGlobs.Of(match.Commands, ignoreCase: true);
        _excludeCommands = TextGlobs.Of(match.ExcludeCommands, ignoreCase: false);
        _paths = PathGlobs.Of(match.Paths, ignoreCase: true);
        _excludePaths = PathGlobs.Of(match.ExcludePaths, ignoreCase: false);
        _hosts = TextGlobs.Of(match.Hosts, ignoreCase: true);
        _excludeHosts = TextGlobs.Of(match.ExcludeHosts, ignoreCase: true);
        _details = TextGlobs.Of(match.Details, ignoreCase: true);
        _excludeDetails = TextGlobs.Of(match.ExcludeDetails, ignoreCase: true);
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
        _projects = PathGlobs.Of(match.Projects, ignoreCase: true);
        _reasonText = rule.Reason;
        if (!compileNow) return;
        foreach (var globs in (TextGlobs?[])[_tools, _excludeTools, _programs, _excludePrograms, _commands, _excludeCommands,
                     _hosts, _excludeHosts, _details, _excludeDetails])
            globs?.Compile();
        _ = _paths?.Compiled;
        _ = _excludePaths?.Compiled;
        _ = _projects?.Compiled;
        _ = Reason;
    }

    public Rule Rule { get; }

    public ReasonTemplate Reason
    {
        get
        {
            var reason = Volatile.Read(ref _reason);
            if (reason is not null) return reason;
            reason = ReasonTemplate.Parse(_reasonText);
            return Interlocked.CompareExchange(ref _reason, reason, null) ?? reason;
        }
    }

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
        in PathContext subtreePath, bool subtree) =>
        Match(effect, toolName, environment, path, subtreePath, subtree, KnownPathMatch.Unknown, programMatched: false);

    /// <param name="effect">The effect.</param>
    /// <param name="toolName">The tool called.</param>
    /// <param name="environment">The environment the call runs in.</param>
    /// <param name="path">The effect's path located in the environment.</param>
    /// <param name="subtreePath">The directory whose tree a tree-covering effect covers.</param>
    /// <param name="subtree">Whether the effect covers a tree.</param>
    /// <param name="knownPathMatch">Whether the rule's <c>paths</c> match the effect's own path, when the caller has
    /// already found out (for all the rules of a kind at once).</param>
    /// <param name="programMatched">The caller found this rule by the effect's program among the rule's fixed program
    /// names, so the <c>programs</c> condition holds.</param>
    public RuleMatchKind Match(Effect effect, string toolName, BouncerEnvironment environment, in PathContext path,
        in PathContext subtreePath, bool subtree, KnownPathMatch knownPathMatch, bool programMatched)
    {
        // The other conditions first: they are cheaper than matching (and first compiling) the rule's globs. A caller that
        // knows the path does not match has skipped the rule already, unless the effect covers a tree.
        if (!MatchesConditionsButPaths(effect, toolName, environment, programMatched)) return RuleMatchKind.None;
        var kind = RuleMatchKind.Match;
        if (_paths is not null)
        {
            if (effect.Path is null) return RuleMatchKind.None;
            var ownPath = knownPathMatch == KnownPathMatch.Unknown ? _paths.IsMatch(path) : knownPathMatch == KnownPathMatch.Matches;
            if (!ownPath && !subtree) return RuleMatchKind.None;
            if (!ownPath)
            {
                var relation = _paths.Compiled.RelationOfSubtree(subtreePath);
                // A glob without recursion (cat ~/.ssh/*) covers one level: it reaches a place only from inside it.
                if (relation == SubtreeRelation.None
                    || relation == SubtreeRelation.Ancestor && (effect.Flags & EffectFlags.Recursive) == 0) return RuleMatchKind.None;
                kind = relation == SubtreeRelation.Inside ? RuleMatchKind.Inside : RuleMatchKind.Ancestor;
            }
        }
        return _excludePaths is null || effect.Path is null || !_excludePaths.IsMatch(path) ? kind : RuleMatchKind.None;
    }

    private bool MatchesConditionsButPaths(Effect effect, string toolName, BouncerEnvironment environment, bool programMatched)
    {
        var flags = effect.Flags;
        if ((flags & _flags) != _flags || (flags & _excludeFlags) != 0) return false;
        if (!Required(_tools, toolName) || Excluded(_excludeTools, toolName)) return false;

        var invocation = effect.Invocation;
        if (!programMatched && !Required(_programs, invocation?.Program) || Excluded(_excludePrograms, invocation?.Program)) return false;
        if (!Required(_commands, invocation?.Text) || Excluded(_excludeCommands, invocation?.Text)) return false;
        if (!Required(_hosts, effect.Host) || Excluded(_excludeHosts, effect.Host)) return false;
        if (!Required(_details, effect.Detail) || Excluded(_excludeDetails, effect.Detail)) return false;
        if (_hasPorts && !PortMatches(effect.Detail, environment.MstroPort)) return false;
        return _projects is null || _projects.Compiled.IsMatch(new PathContext(environment.ProjectDir, environment));
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

    private static bool Required(TextGlobs? globs, string? text) => globs is null || (text is not null && globs.Any(text));

    private static bool Excluded(TextGlobs? globs, string? text) => globs is not null && text is not null && globs.Any(text);

    public override string ToString() => Rule.Id;

    /// <summary>A condition's text globs, compiled on first use. Many fixed words (program names, branch names) are looked
    /// up in a set rather than matched one by one.</summary>
    private sealed class TextGlobs(IReadOnlyList<string> patterns, bool ignoreCase)
    {
        private const int MinimumWordsForASet = 4;
        private static readonly System.Buffers.SearchValues<char> WildcardCharacters = System.Buffers.SearchValues.Create("*?[\\");

        /// <summary>Matches pattern by pattern before the matcher is built: a hook process checks one call, and most
        /// patterns (<c>npm publish*</c>, <c>git push*--force*</c>) are told apart from its command by their fixed start
        /// or end or the text between their wildcards, without compiling them.</summary>
        private const int UsesBeforeTheMatcher = 16;

        private Matcher? _compiled;
        private int _uses;
        private PatternByPattern<FixedParts>? _oneByOne;

        public static TextGlobs? Of(IReadOnlyList<string>? patterns, bool ignoreCase) =>
            patterns is null ? null : new TextGlobs(patterns, ignoreCase);

        private Matcher Compiled
        {
            get
            {
                var compiled = Volatile.Read(ref _compiled);
                if (compiled is not null) return compiled;
                compiled = Matcher.Compile(patterns, ignoreCase);
                return Interlocked.CompareExchange(ref _compiled, compiled, null) ?? compiled;
            }
        }

        public void Compile() => _ = Compiled;

        public bool Any(string text)
        {
            if (Volatile.Read(ref _compiled) is { } compiled) return compiled.Any(text);
            if (++_uses > UsesBeforeTheMatcher) return Compiled.Any(text); // a lost increment only delays the matcher
            var oneByOne = PatternByPattern<FixedParts>.Of(ref _oneByOne, patterns, GlobKind.Text, ignoreCase, Glob.FixedPartsOf);
            for (var i = 0; i < patterns.Count; i++)
            {
                if (oneByOne.Fixed(i) is { } parts && !Glob.MayMatch(parts, text, ignoreCase)) continue;
                if (oneByOne.Glob(i).IsMatch(text.AsSpan())) return true;
            }
            return false;
        }

        /// <param name="Words">Fixed words looked up at once (null when there are few).</param>
        /// <param name="Globs">The other globs, matched one by one.</param>
        private sealed class Matcher(HashSet<string>? words, Glob[] globs, bool ignoreCase)
        {
            private const int MinimumGlobsForASearch = 2;
            /// <summary>Matches before the search is built: building it costs more than a few matches (a hook process
            /// checks one call), and pays off in a process that decides many.</summary>
            private const int UsesBeforeASearch = 16;

            private int _uses;
            private System.Buffers.SearchValues<string>? _requiredTexts;
            private bool _requiredTextsBuilt;

            /// <summary>Fixed words looked up at once (null when there are few).</summary>
            public HashSet<string>? Words { get; } = words;

            /// <summary>The other globs, matched one by one.</summary>
            public Glob[] Globs { get; } = globs;

            /// <summary>The texts the globs require (<see cref="Glob.RequiredText"/>), searched for in one pass: a text
            /// with none of them matches no glob. Null when a glob requires nothing, for a single glob, and until the
            /// matcher has been used a few times.</summary>
            public System.Buffers.SearchValues<string>? AnyRequiredText()
            {
                if (Volatile.Read(ref _requiredTextsBuilt)) return _requiredTexts;
                if (++_uses < UsesBeforeASearch) return null; // a lost increment under a race only delays the build
                _requiredTexts = RequiredTexts(Globs, ignoreCase);
                Volatile.Write(ref _requiredTextsBuilt, true);
                return _requiredTexts;
            }

            public bool Any(string text)
            {
                if (Words is { } words && words.Contains(text)) return true;
                if (AnyRequiredText() is { } required && text.AsSpan().IndexOfAny(required) < 0) return false;
                foreach (var glob in Globs)
                    if (glob.IsMatch(text.AsSpan())) return true;
                return false;
            }

            public static Matcher Compile(IReadOnlyList<string> patterns, bool ignoreCase)
            {
                var fixedWords = patterns.Count(IsFixed);
                if (fixedWords < MinimumWordsForASet)
                    return new Matcher(null, [.. patterns.Select(pattern => Glob.Compile(pattern, GlobKind.Text, ignoreCase))], ignoreCase);
                // A fixed text glob matches exactly its (for ignoreCase, lower-cased) text, compared as its comparison says:
                // such words go to the set uncompiled.
                var words = new HashSet<string>(ignoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
                var rest = new List<Glob>();
                foreach (var pattern in patterns)
                {
                    if (!IsFixed(pattern))
                    {
                        rest.Add(Glob.Compile(pattern, GlobKind.Text, ignoreCase));
                        continue;
                    }
                    Glob.ThrowIfInvalid(pattern, GlobKind.Text);
                    words.Add(ignoreCase ? pattern.ToLowerInvariant() : pattern);
                }
                return new Matcher(words, [.. rest], ignoreCase);
            }

            private static System.Buffers.SearchValues<string>? RequiredTexts(Glob[] globs, bool ignoreCase)
            {
                if (globs.Length < MinimumGlobsForASearch || globs.Any(glob => glob.RequiredText.Length == 0)) return null;
                return System.Buffers.SearchValues.Create([.. globs.Select(glob => glob.RequiredText).Distinct(StringComparer.Ordinal)],
                    ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
            }

            private static bool IsFixed(string pattern) => pattern.AsSpan().IndexOfAny(WildcardCharacters) < 0;
        }
    }

    /// <summary>A condition's path globs, compiled on first use.</summary>
    private sealed class PathGlobs(IReadOnlyList<string> patterns, bool ignoreCase)
    {
        /// <summary>Matches pattern by pattern before the set is built: a hook process checks one call, and most patterns
        /// of a rule name places its path is not in, which their fixed start tells without compiling them.</summary>
        private const int MatchesBeforeTheSet = 16;

        private PathGlobSet? _compiled;
        private int _matches;
        private PatternByPattern<(PathRoot Root, string Start)>? _oneByOne;

        /// <summary>Whether a pattern matches the path: through the compiled set once it is used often, before that pattern
        /// by pattern, compiling only the patterns whose fixed start the path has.</summary>
        public bool IsMatch(in PathContext path)
        {
            if (Volatile.Read(ref _compiled) is { } set) return set.IsMatch(path);
            if (++_matches > MatchesBeforeTheSet) return Compiled.IsMatch(path); // a lost increment only delays the set
            var oneByOne = PatternByPattern<(PathRoot Root, string Start)>.Of(ref _oneByOne, patterns, GlobKind.Path, ignoreCase, Glob.FixedStart);
            for (var i = 0; i < patterns.Count; i++)
            {
                if (oneByOne.Fixed(i) is { } start && !Glob.MayMatch(start, path, ignoreCase)) continue;
                if (oneByOne.Glob(i).IsMatch(path.Path, path.Environment)) return true;
            }
            return false;
        }

        public static PathGlobs? Of(IReadOnlyList<string>? patterns, bool ignoreCase) =>
            patterns is null ? null : new PathGlobs(patterns, ignoreCase);

        public PathGlobSet Compiled
        {
            get
            {
                var compiled = Volatile.Read(ref _compiled);
                if (compiled is not null) return compiled;
                compiled = new PathGlobSet(patterns.Select(pattern => Glob.Compile(pattern, GlobKind.Path, ignoreCase)), ignoreCase);
                return Interlocked.CompareExchange(ref _compiled, compiled, null) ?? compiled;
            }
        }
    }

    /// <summary>A condition's patterns for matching one by one, before its set is built: what each pattern requires of a
    /// match, found without compiling it (<typeparamref name="TFixed"/>; null when nothing is known), and each glob
    /// compiled when first needed.</summary>
    private sealed class PatternByPattern<TFixed>
        where TFixed : struct
    {
        private readonly IReadOnlyList<string> _patterns;
        private readonly GlobKind _kind;
        private readonly bool _ignoreCase;
        private readonly TFixed?[] _fixed;
        private readonly Glob?[] _globs;

        private PatternByPattern(IReadOnlyList<string> patterns, GlobKind kind, bool ignoreCase, Func<string, TFixed?> fixedOf)
        {
            _patterns = patterns;
            _kind = kind;
            _ignoreCase = ignoreCase;
            _fixed = new TFixed?[patterns.Count];
            for (var i = 0; i < _fixed.Length; i++) _fixed[i] = fixedOf(patterns[i]);
            _globs = new Glob?[patterns.Count];
        }

        /// <summary>The instance in <paramref name="field"/>, made on first use.</summary>
        public static PatternByPattern<TFixed> Of(ref PatternByPattern<TFixed>? field, IReadOnlyList<string> patterns,
            GlobKind kind, bool ignoreCase, Func<string, TFixed?> fixedOf)
        {
            var made = Volatile.Read(ref field);
            if (made is not null) return made;
            made = new PatternByPattern<TFixed>(patterns, kind, ignoreCase, fixedOf);
            Volatile.Write(ref field, made); // two threads may both make one; either serves alike
            return made;
        }

        public TFixed? Fixed(int index) => _fixed[index];

        // Two threads may compile the same glob; either copy matches alike.
        public Glob Glob(int index) => _globs[index] ??= Policy.Glob.Compile(_patterns[index], _kind, _ignoreCase);
    }
}
