using Mstro.Bouncer.Analysis;

namespace Mstro.Bouncer.Policy;

/// <summary>The rules in force: the built-in packs plus the user's and the project's rules, compiled once and indexed
/// by effect kind, so deciding an effect costs a handful of comparisons. Immutable and thread-safe.</summary>
/// <remarks>Precedence (see Policy/README.md): every matching deny/ask rule adds a finding; a <b>user</b> allow rule
/// that matches an effect suppresses the built-in findings on that effect except catastrophic ones; user and project
/// deny/ask findings are never suppressed; allow rules from a project (or anywhere but the user's file) are ignored.
/// Findings come most severe first, ties in rule order (built-in packs, then user, then project).</remarks>
public sealed class RuleSet
{
    private static readonly Lazy<RuleSet> BuiltInRules = new(() => BuiltInPacks.Load());
    /// <summary>Unknown is the last effect kind (a test checks), so no enum reflection runs at start.</summary>
    internal const int KindCount = (int)EffectKind.Unknown + 1;

    private readonly Rule[] _rules;
    /// <summary>Each rule compiled, or null until an effect of one of its kinds needs it (built-in rules only: they are
    /// validated by tests; rules from files are compiled, and so checked, when the set is made).</summary>
    private readonly CompiledRule?[] _compiled;
    /// <summary>The set this one extends: its rules come first and are compiled (once) there.</summary>
    private readonly RuleSet? _base;
    private readonly Entry[][] _findingRulesByKind;
    /// <summary>Per kind, built when first needed: the finding rules split by the program they name, so an effect of a
    /// program no rule names skips every rule that names programs (most commands run match none of them).</summary>
    private readonly ProgramIndex?[] _findingRulesByProgram = new ProgramIndex?[KindCount];
    /// <summary>Per kind, built when first needed: the path globs of all its finding rules in one index, each glob
    /// numbered by its rule's slot, so an effect's path is matched against every rule of the kind in one pass.</summary>
    private readonly PathRuleIndex?[] _pathRulesByKind = new PathRuleIndex?[KindCount];
    /// <summary>The most finding rules any one kind has (the size of the per-effect set of matched slots).</summary>
    private readonly int _mostRulesOfAKind;
    /// <summary>Effects of each kind evaluated so far, up to <see cref="_effectsBeforeTheIndexes"/>.</summary>
    private readonly int[] _effectsOfKind = new int[KindCount];
    private readonly int _effectsBeforeTheIndexes;

    /// <summary>Effects of a kind evaluated rule by rule before the kind's indexes are built. Building them compiles every
    /// glob and program name of the kind's rules: half a millisecond of a hook process, which decides one call, while rule
    /// by rule compiles only what the effect reaches. A process that decides many calls builds them soon.</summary>
    internal const int EffectsBeforeTheIndexes = 16;
    private readonly Entry[] _findingRulesForAnyKind;
    private readonly Entry[][] _allowRulesByKind;
    private readonly Entry[] _allowRulesForAnyKind;

    /// <summary>Compiles <paramref name="rules"/>. Throws <see cref="ArgumentException"/> for a rule with a bad glob,
    /// port or reason (rules files are validated with precise errors by <see cref="RuleLoader"/> first).</summary>
    public RuleSet(IReadOnlyList<Rule> rules)
        : this([.. rules ?? throw new ArgumentNullException(nameof(rules))], null, compileNow: true, EffectsBeforeTheIndexes)
    {
    }

    private RuleSet(Rule[] rules, RuleSet? baseSet, bool compileNow, int effectsBeforeTheIndexes)
    {
        _rules = rules;
        _effectsBeforeTheIndexes = effectsBeforeTheIndexes;
        _base = baseSet;
        _compiled = new CompiledRule?[rules.Length];
        var first = baseSet?._rules.Length ?? 0;
        if (compileNow)
            for (var i = first; i < rules.Length; i++)
                _compiled[i] = new CompiledRule(rules[i]);
        // Plain loops, not LINQ: a hook process builds this set for every call it decides.
        var findingRules = new List<Entry>(rules.Length);
        var allowRules = new List<Entry>();
        var findingRulesForAnyKind = new List<Entry>();
        var allowRulesForAnyKind = new List<Entry>();
        for (var index = 0; index < rules.Length; index++)
        {
            var rule = rules[index];
            var entry = new Entry(index, index, ProgramMatched: false, HasPaths: rule.Match.Paths is not null);
            var anyKind = rule.Match.Effects is null;
            if (!rule.IsAllow)
            {
                findingRules.Add(entry);
                if (anyKind) findingRulesForAnyKind.Add(entry);
            }
            else if (rule.Source == RuleSource.User)
            {
                allowRules.Add(entry);
                if (anyKind) allowRulesForAnyKind.Add(entry);
            }
        }
        _findingRulesByKind = IndexByKind(findingRules, rules);
        foreach (var kindRules in _findingRulesByKind) _mostRulesOfAKind = Math.Max(_mostRulesOfAKind, kindRules.Length);
        _findingRulesForAnyKind = [.. findingRulesForAnyKind];
        _allowRulesByKind = IndexByKind(allowRules, rules);
        _allowRulesForAnyKind = [.. allowRulesForAnyKind];
    }

    /// <summary>A set whose rules are compiled one by one when an effect of their kind first needs them: a hook process
    /// decides one call, and most calls touch only a few kinds. For rules known to be valid (the built-in packs).</summary>
    /// <param name="rules">The rules.</param>
    /// <param name="effectsBeforeTheIndexes">Effects of a kind evaluated rule by rule before its indexes are built (tests
    /// pin it at 0 or beyond reach to compare the two ways).</param>
    internal static RuleSet CompiledOnDemand(Rule[] rules, int effectsBeforeTheIndexes = EffectsBeforeTheIndexes) =>
        new(rules, null, compileNow: false, effectsBeforeTheIndexes);

    /// <summary>The built-in packs (compiled into this assembly), loaded once, on first use.</summary>
    public static RuleSet BuiltIn => BuiltInRules.Value;

    public IReadOnlyList<Rule> Rules => _rules;

    /// <summary>This set plus <paramref name="more"/> (compiled now; this set's rules stay compiled, or to be compiled, here).</summary>
    public RuleSet With(IReadOnlyList<Rule> more)
    {
        ArgumentNullException.ThrowIfNull(more);
        return more.Count == 0 ? this : new RuleSet([.. _rules, .. more], this, compileNow: true, _effectsBeforeTheIndexes);
    }

    private CompiledRule Compiled(int index)
    {
        var compiled = Volatile.Read(ref _compiled[index]);
        if (compiled is not null) return compiled;
        if (_base is not null && index < _base._rules.Length) return _base.Compiled(index);
        compiled = new CompiledRule(_rules[index], compileNow: false);
        return Interlocked.CompareExchange(ref _compiled[index], compiled, null) ?? compiled;
    }

    /// <summary>The findings for a call's effects, most severe first. Allocates nothing when no rule matches.</summary>
    public IReadOnlyList<Finding> Evaluate(IReadOnlyList<Effect> effects, string toolName, BouncerEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(effects);
        ArgumentNullException.ThrowIfNull(toolName);
        ArgumentNullException.ThrowIfNull(environment);

        List<Hit>? hits = null;
        var slotWords = (_mostRulesOfAKind + 63) / 64;
        var matchedPaths = slotWords <= 8 ? stackalloc ulong[8] : new ulong[slotWords];
        matchedPaths = matchedPaths[..slotWords];
        for (var effectIndex = 0; effectIndex < effects.Count; effectIndex++)
        {
            var effect = effects[effectIndex];
            var kind = (int)effect.Kind;
            var ofAKind = (uint)kind < (uint)KindCount;
            var indexed = ofAKind && IsIndexed(kind);
            var rules = !ofAKind ? _findingRulesForAnyKind
                : indexed ? FindingRules(kind, effect.Invocation?.Program)
                : _findingRulesByKind[kind];
            if (rules.Length == 0) continue;
            effect = AsDirectoryContents(effect);
            var path = effect.Path is null ? default : new PathContext(effect.Path, environment);
            var subtree = CoversATree(effect);
            var subtreePath = subtree ? TreeRoot(effect.Path!, path, environment) : path;
            var pathsKnown = false;
            if (indexed && effect.Path is not null && PathRules(kind) is { } pathRules)
            {
                matchedPaths.Clear();
                pathRules.MatchAll(path, matchedPaths);
                pathsKnown = true;
            }
            CompiledRule? allowedBy = null;
            var allowChecked = false;
            foreach (var entry in rules)
            {
                var knownPathMatch = KnownPathMatch.Unknown;
                if (entry.HasPaths)
                {
                    if (effect.Path is null) continue;
                    if (pathsKnown)
                    {
                        var matches = PathGlobSet.IsSet(matchedPaths, entry.Slot);
                        if (!matches && !subtree) continue;
                        knownPathMatch = matches ? KnownPathMatch.Matches : KnownPathMatch.DoesNotMatch;
                    }
                }
                var rule = Compiled(entry.Order);
                var match = rule.Match(effect, toolName, environment, path, subtreePath, subtree, knownPathMatch, entry.ProgramMatched);
                if (match == RuleMatchKind.None) continue;
                CompiledRule? suppressedBy = null;
                if (IsLoosenable(rule.Rule))
                {
                    if (!allowChecked)
                    {
                        allowedBy = FirstAllowRule(effect, toolName, environment, path);
                        allowChecked = true;
                    }
                    suppressedBy = allowedBy;
                }
                (hits ??= []).Add(new Hit(rule, entry.Order, effectIndex, suppressedBy, match));
            }
        }
        return hits is null ? Array.Empty<Finding>() : ToFindings(hits, effects, toolName, environment);
    }

    /// <summary>Whether the indexes of <paramref name="kind"/> have been built (for tests).</summary>
    internal bool HasIndexes(EffectKind kind) => Volatile.Read(ref _findingRulesByProgram[(int)kind]) is not null;

    /// <summary>Whether effects of <paramref name="kind"/> go through its indexes (counting this one).</summary>
    private bool IsIndexed(int kind)
    {
        // A lost increment under a race only delays the indexes.
        if (Volatile.Read(ref _effectsOfKind[kind]) >= _effectsBeforeTheIndexes) return true;
        return ++_effectsOfKind[kind] >= _effectsBeforeTheIndexes;
    }

    /// <summary>The finding rules of <paramref name="kind"/> that can match an effect of <paramref name="program"/>, in
    /// rule order: a rule whose programs are all fixed names and do not include it cannot.</summary>
    private Entry[] FindingRules(int kind, string? program)
    {
        var index = Volatile.Read(ref _findingRulesByProgram[kind]);
        if (index is null)
        {
            index = ProgramIndex.Of(_findingRulesByKind[kind], _rules);
            index = Interlocked.CompareExchange(ref _findingRulesByProgram[kind], index, null) ?? index;
        }
        return index.For(program);
    }

    /// <summary>The path globs of the finding rules of <paramref name="kind"/>, each numbered by its rule's slot; null when
    /// none of them has a <c>paths</c> condition.</summary>
    private PathGlobSet? PathRules(int kind)
    {
        var index = Volatile.Read(ref _pathRulesByKind[kind]);
        if (index is null)
        {
            index = PathRuleIndex.Of(_findingRulesByKind[kind], _rules);
            index = Interlocked.CompareExchange(ref _pathRulesByKind[kind], index, null) ?? index;
        }
        return index.Globs;
    }

    /// <summary>The contract is that a glob over a directory's contents (<c>rm -rf /usr/*</c>) arrives as the directory with
    /// <see cref="EffectFlags.Glob"/>; a path that still ends in <c>/*</c> is read that way too, so the system-directory
    /// rules cannot be missed. (Allocates only in that case.)</summary>
    private static Effect AsDirectoryContents(Effect effect)
    {
        var path = effect.Path;
        if (path is null || path.Length < 2 || !path.EndsWith("/*", StringComparison.Ordinal)) return effect;
        var directory = path.Length == 2 ? "/" : path[..^2];
        return effect with { Path = directory, Flags = effect.Flags | EffectFlags.Glob };
    }

    /// <summary>Effects that look into every file of a tree (<c>grep -r</c>, <c>tar c</c>, serving a directory) match path
    /// rules for the places inside the tree, not just for the directory itself.</summary>
    private static bool CoversATree(Effect effect) =>
        effect.Path is not null && effect.Kind is EffectKind.Read or EffectKind.Upload
        && (effect.Flags & (EffectFlags.Recursive | EffectFlags.Glob)) != 0;

    private static readonly System.Buffers.SearchValues<char> Wildcards = System.Buffers.SearchValues.Create("*?[");

    /// <summary>The directory whose tree the effect covers: the path, or for a narrowing glob (<c>~/.s*</c>) the directory
    /// before its first wildcard (allocates only then).</summary>
    private static PathContext TreeRoot(string effectPath, in PathContext path, BouncerEnvironment environment)
    {
        var wildcard = effectPath.AsSpan().IndexOfAny(Wildcards);
        if (wildcard < 0) return path;
        var slash = effectPath.LastIndexOf('/', wildcard);
        return new PathContext(slash <= 0 ? "/" : effectPath[..slash], environment);
    }

    /// <summary>Only built-in findings below catastrophic can be loosened, and only by the user's own allow rules.</summary>
    private static bool IsLoosenable(Rule rule) => rule.Source == RuleSource.BuiltIn && rule.Severity < Severity.Catastrophic;

    private CompiledRule? FirstAllowRule(Effect effect, string toolName, BouncerEnvironment environment, in PathContext path)
    {
        var kind = (int)effect.Kind;
        var rules = (uint)kind < (uint)KindCount ? _allowRulesByKind[kind] : _allowRulesForAnyKind;
        foreach (var entry in rules)
        {
            var rule = Compiled(entry.Order);
            if (rule.Matches(effect, toolName, environment, path)) return rule;
        }
        return null;
    }

    private static List<Finding> ToFindings(List<Hit> hits, IReadOnlyList<Effect> effects, string toolName,
        BouncerEnvironment environment)
    {
        var ranked = new List<(Finding Finding, int Order, int EffectIndex)>(hits.Count);
        // Few hits per call: a list scanned in order keeps the first of each (allow rule, effect) as a dictionary would.
        List<(CompiledRule Allow, int EffectIndex, List<string> Ids)>? overridden = null;
        HashSet<(string, string)>? seen = null;
        foreach (var hit in hits)
        {
            var rule = hit.Rule;
            if (hit.SuppressedBy is not null)
            {
                overridden ??= [];
                var ids = IdsOverriddenBy(overridden, hit.SuppressedBy, hit.EffectIndex);
                if (!ids.Contains(rule.Rule.Id)) ids.Add(rule.Rule.Id);
                continue;
            }
            var effect = AsDirectoryContents(effects[hit.EffectIndex]);
            var reason = rule.Reason.Render(effect, toolName, environment);
            var severity = rule.Rule.Severity;
            if (hit.Match is RuleMatchKind.Inside or RuleMatchKind.Ancestor) reason += " (the tree holds such files)";
            // A broad ancestor (~, /home) merely contains the protected place: a person decides, nothing denies on its own.
            if (hit.Match == RuleMatchKind.Ancestor && severity > Severity.Dangerous) severity = Severity.Dangerous;
            if (Add(ref seen, ranked, rule.Rule.Id, reason))
                ranked.Add((new Finding(rule.Rule.Id, severity, reason, effect.Evidence), hit.Order, hit.EffectIndex));
        }
        if (overridden is not null)
        {
            foreach (var (allow, effectIndex, ids) in overridden)
            {
                var effect = AsDirectoryContents(effects[effectIndex]);
                var reason = $"{allow.Reason.Render(effect, toolName, environment)}; overrides {string.Join(", ", ids)}";
                if (Add(ref seen, ranked, allow.Rule.Id, reason))
                    ranked.Add((new Finding(allow.Rule.Id, Severity.None, reason, effect.Evidence), int.MaxValue, effectIndex));
            }
        }
        if (ranked.Count > 1) ranked.Sort(ByRank);
        var findings = new List<Finding>(ranked.Count);
        foreach (var entry in ranked) findings.Add(entry.Finding);
        return findings;
    }

    private static readonly Comparison<(Finding Finding, int Order, int EffectIndex)> ByRank = (a, b) =>
    {
        var bySeverity = ((int)b.Finding.Severity).CompareTo((int)a.Finding.Severity); // as ints: Enum.CompareTo boxes
        if (bySeverity != 0) return bySeverity;
        var byOrder = a.Order.CompareTo(b.Order);
        return byOrder != 0 ? byOrder : a.EffectIndex.CompareTo(b.EffectIndex);
    };

    private static List<string> IdsOverriddenBy(List<(CompiledRule Allow, int EffectIndex, List<string> Ids)> overridden,
        CompiledRule allow, int effectIndex)
    {
        foreach (var entry in overridden)
            if (ReferenceEquals(entry.Allow, allow) && entry.EffectIndex == effectIndex) return entry.Ids;
        var ids = new List<string>();
        overridden.Add((allow, effectIndex, ids));
        return ids;
    }

    /// <summary>False when a finding of the rule with this very reason is already ranked (the same rule matching two
    /// effects that read alike says it once). A few findings are compared in place; many go through a set.</summary>
    private static bool Add(ref HashSet<(string, string)>? seen, List<(Finding Finding, int Order, int EffectIndex)> ranked,
        string ruleId, string reason)
    {
        const int ScanLimit = 16;
        if (seen is null && ranked.Count < ScanLimit)
        {
            foreach (var entry in ranked)
                if (entry.Finding.RuleId == ruleId && entry.Finding.Reason == reason) return false;
            return true;
        }
        if (seen is null)
        {
            seen = new HashSet<(string, string)>(RuleAndReason.Comparer);
            foreach (var entry in ranked) seen.Add((entry.Finding.RuleId, entry.Finding.Reason));
        }
        return seen.Add((ruleId, reason));
    }

    /// <summary>Hashes a finding's rule id and only the length of its reason: reasons are long and mostly differ by rule,
    /// so hashing their text costs more than the few extra comparisons it saves.</summary>
    private sealed class RuleAndReason : IEqualityComparer<(string RuleId, string Reason)>
    {
        public static readonly RuleAndReason Comparer = new();

        public bool Equals((string RuleId, string Reason) x, (string RuleId, string Reason) y) =>
            string.Equals(x.RuleId, y.RuleId, StringComparison.Ordinal) && string.Equals(x.Reason, y.Reason, StringComparison.Ordinal);

        public int GetHashCode((string RuleId, string Reason) value) => HashCode.Combine(value.RuleId, value.Reason.Length);
    }

    /// <summary>Each kind's rules, in rule order, numbered by their position there (their slot).</summary>
    private static Entry[][] IndexByKind(List<Entry> entries, Rule[] rules)
    {
        // One pass over the rules (a hook process builds this for every call): each goes to the kinds it lists, or to all.
        var byKind = new List<Entry>[KindCount];
        for (var kind = 0; kind < KindCount; kind++) byKind[kind] = [];
        foreach (var entry in entries)
        {
            if (rules[entry.Order].Match.Effects is not { } effects)
            {
                foreach (var list in byKind) list.Add(entry with { Slot = list.Count });
                continue;
            }
            for (var i = 0; i < effects.Count; i++) // by index: a foreach would allocate an enumerator per rule
            {
                var list = byKind[(int)effects[i]];
                if (list.Count == 0 || list[^1].Order != entry.Order) list.Add(entry with { Slot = list.Count });
            }
        }
        var index = new Entry[KindCount][];
        for (var kind = 0; kind < KindCount; kind++) index[kind] = [.. byKind[kind]];
        return index;
    }

    /// <summary>A kind's path globs (null when no rule of the kind has paths; the index itself marks "built").</summary>
    private sealed class PathRuleIndex(PathGlobSet? globs)
    {
        public PathGlobSet? Globs { get; } = globs;

        public static PathRuleIndex Of(Entry[] kindRules, Rule[] rules)
        {
            var globs = new List<SlottedGlob>();
            foreach (var entry in kindRules)
                if (rules[entry.Order].Match.Paths is { } paths)
                    foreach (var pattern in paths)
                        globs.Add(new SlottedGlob(Glob.Compile(pattern, GlobKind.Path, ignoreCase: true), entry.Slot));
            // paths conditions match ignoring case (CompiledRule compiles them so), every rule's alike.
            return new PathRuleIndex(globs.Count == 0 ? null : new PathGlobSet(globs, ignoreCase: true));
        }
    }

    /// <summary>A kind's rules by the program an effect comes from. Programs compare ignoring case, as a rule's
    /// <c>programs</c> condition does.</summary>
    private sealed class ProgramIndex
    {
        private readonly Entry[] _all;
        private readonly Entry[] _withoutProgramNames;
        private readonly Dictionary<string, Entry[]>? _byProgram;
        /// <summary>The rules without a programs condition only: for a program no rule names, fixed or by a glob.</summary>
        private readonly Entry[] _withoutPrograms;
        /// <summary>Every glob among the rules' program names (<c>python*</c>): a program none of them takes skips the
        /// rules that have them.</summary>
        private readonly Glob[] _programGlobs;

        private ProgramIndex(Entry[] all, Entry[] withoutProgramNames, Dictionary<string, Entry[]>? byProgram,
            Entry[] withoutPrograms, Glob[] programGlobs)
        {
            _all = all;
            _withoutProgramNames = withoutProgramNames;
            _byProgram = byProgram;
            _withoutPrograms = withoutPrograms;
            _programGlobs = programGlobs;
        }

        /// <summary>Indexes the rules under every fixed program name some rule names. A program's entries are the rules
        /// without a programs condition, and the rules whose names (fixed, or globs such as <c>python*</c>) take it in:
        /// for those the condition is known to hold. Any other program gets the rules without a programs condition and
        /// the rules with globs among their names (whose condition is then checked as usual).</summary>
        public static ProgramIndex Of(Entry[] entries, Rule[] rules)
        {
            var names = entries.Select(entry => Names.Of(rules[entry.Order].Match.Programs)).ToArray();
            var byProgram = new Dictionary<string, Entry[]>(StringComparer.OrdinalIgnoreCase);
            foreach (var name in names)
                foreach (var program in name?.Fixed ?? [])
                    byProgram.TryAdd(program, []);
            if (byProgram.Count == 0) return new ProgramIndex(entries, entries, null, entries, []);
            foreach (var program in byProgram.Keys.ToArray())
            {
                var forProgram = new List<Entry>();
                for (var i = 0; i < entries.Length; i++)
                {
                    if (names[i] is not { } name) forProgram.Add(entries[i]);
                    else if (name.Takes(program)) forProgram.Add(entries[i] with { ProgramMatched = true });
                }
                byProgram[program] = [.. forProgram];
            }
            var others = entries.Where((_, i) => names[i] is null || names[i]!.Globs.Length > 0).ToArray();
            var withoutPrograms = entries.Where((_, i) => names[i] is null).ToArray();
            var programGlobs = names.SelectMany(name => name?.Globs ?? []).DistinctBy(glob => glob.Pattern).ToArray();
            return new ProgramIndex(entries, others, byProgram, withoutPrograms, programGlobs);
        }

        /// <summary>A programs condition split into fixed names and globs (a name with a wildcard or escape).</summary>
        private sealed class Names(string[] fixedNames, Glob[] globs)
        {
            public string[] Fixed { get; } = fixedNames;
            public Glob[] Globs { get; } = globs;

            public static Names? Of(IReadOnlyList<string>? programs) => programs is null
                ? null
                : new Names(
                    [.. programs.Where(program => program.AsSpan().IndexOfAny(GlobCharacters) < 0)],
                    [.. programs.Where(program => program.AsSpan().IndexOfAny(GlobCharacters) >= 0)
                        .Select(program => Glob.Compile(program, GlobKind.Text, ignoreCase: true))]);

            /// <summary>Whether the condition holds for <paramref name="program"/> (as CompiledRule matches it: ignoring case).</summary>
            public bool Takes(string program) =>
                Fixed.Contains(program, StringComparer.OrdinalIgnoreCase) || Globs.Any(glob => glob.IsMatch(program));
        }

        private static readonly System.Buffers.SearchValues<char> GlobCharacters = System.Buffers.SearchValues.Create("*?[\\");

        public Entry[] For(string? program)
        {
            if (_byProgram is null) return _all;
            if (program is null) return _withoutProgramNames;
            if (_byProgram.TryGetValue(program, out var entries)) return entries;
            foreach (var glob in _programGlobs)
                if (glob.IsMatch(program)) return _withoutProgramNames;
            return _withoutPrograms;
        }
    }

    /// <summary>A rule by its position in the set (its tie-break order) and among the rules of a kind (its slot).</summary>
    /// <param name="Order">The rule's position in the set.</param>
    /// <param name="Slot">Its position among the finding rules of the kind it was listed for.</param>
    /// <param name="ProgramMatched">Listed for an effect's program that its programs condition takes in.</param>
    /// <param name="HasPaths">The rule has a paths condition.</param>
    private readonly record struct Entry(int Order, int Slot, bool ProgramMatched, bool HasPaths);

    private readonly record struct Hit(CompiledRule Rule, int Order, int EffectIndex, CompiledRule? SuppressedBy, RuleMatchKind Match);
}
