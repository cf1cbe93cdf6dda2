namespace Mstro.Bouncer.Policy;

/// <summary>Where an effect's path sits relative to one root directory of the environment.</summary>
/// <param name="RestStart">Where the part after the root ("/..." ) starts in the path, or -1 when the path is not below it.</param>
/// <param name="IsRoot">The path is the root directory itself.</param>
/// <param name="ExactCase">The root matched with exact case (case-insensitively otherwise).</param>
internal readonly record struct RootPosition(int RestStart, bool IsRoot, bool ExactCase)
{
    public static readonly RootPosition Outside = new(-1, false, false);

    /// <summary>Locates <paramref name="path"/> relative to <paramref name="directory"/> (null or empty: never).</summary>
    public static RootPosition Of(string path, string? directory)
    {
        if (string.IsNullOrEmpty(directory)) return Outside;
        var root = directory.AsSpan();
        while (root.Length > 1 && root[^1] == '/') root = root[..^1];
        if (root is "/") return new RootPosition(path.StartsWith('/') ? 0 : -1, path == "/", true);
        // A path below a root almost always spells it in its exact case: one ordinal comparison settles that.
        var exact = path.AsSpan().StartsWith(root, StringComparison.Ordinal);
        if (!exact && !path.AsSpan().StartsWith(root, StringComparison.OrdinalIgnoreCase)) return Outside;
        if (path.Length == root.Length) return new RootPosition(-1, true, exact);
        return path[root.Length] == '/' ? new RootPosition(root.Length, false, exact) : Outside;
    }
}

/// <summary>An effect's path located once against every root of the environment, shared by all rules that look at it.</summary>
internal readonly struct PathContext
{
    private readonly RootPosition _home;
    private readonly RootPosition _project;
    private readonly RootPosition _claude;
    private readonly RootPosition _mstro;

    public PathContext(string path, BouncerEnvironment environment)
    {
        Path = path;
        Environment = environment;
        _home = RootPosition.Of(path, environment.Home);
        _project = RootPosition.Of(path, environment.ProjectDir);
        _claude = RootPosition.Of(path, environment.ClaudeConfigDir);
        _mstro = RootPosition.Of(path, environment.MstroDir);
    }

    public string Path { get; }

    public BouncerEnvironment Environment { get; }

    /// <summary>The directory a root variable stands for (null for <see cref="PathRoot.None"/> and the temp dirs).</summary>
    public string? RootDirectory(PathRoot root) => root switch
    {
        PathRoot.Home => Environment.Home,
        PathRoot.Project => Environment.ProjectDir,
        PathRoot.Claude => Environment.ClaudeConfigDir,
        PathRoot.Mstro => Environment.MstroDir,
        _ => null,
    };

    public RootPosition Position(PathRoot root) => root switch
    {
        PathRoot.None => new RootPosition(0, false, true),
        PathRoot.Home => _home,
        PathRoot.Project => _project,
        PathRoot.Claude => _claude,
        PathRoot.Mstro => _mstro,
        _ => RootPosition.Outside,
    };
}

/// <summary>A glob and the number of its owner (a rule's position among the rules of an effect kind).</summary>
internal readonly record struct SlottedGlob(Glob Glob, int Slot);

/// <summary>The path globs of one rule condition (or of all the rules of one effect kind, each glob with its rule's slot), grouped by root and indexed by their first path segment, so matching
/// a path costs a dictionary lookup per root instead of one glob match per pattern. Never allocates.</summary>
internal sealed class PathGlobSet
{
    private readonly RootGroup[] _groups;
    /// <summary>Words of the matched-slots set: one per 64 slots, up to the highest slot.</summary>
    private readonly int _slotWords;

    public PathGlobSet(IEnumerable<Glob> globs, bool ignoreCase)
        : this(globs.Select(glob => new SlottedGlob(glob, 0)), ignoreCase)
    {
    }

    /// <summary>Globs that belong to numbered owners (the rules of one effect kind, see <see cref="MatchAll"/>).</summary>
    public PathGlobSet(IEnumerable<SlottedGlob> globs, bool ignoreCase)
    {
        var byRoot = new List<(PathRoot Root, List<SlottedGlob> Globs)>();
        foreach (var glob in globs)
        {
            var index = byRoot.FindIndex(group => group.Root == glob.Glob.Root);
            if (index < 0) byRoot.Add((glob.Glob.Root, [glob]));
            else byRoot[index].Globs.Add(glob);
        }
        _groups = [.. byRoot.Select(group => new RootGroup(group.Root, [.. group.Globs], ignoreCase))];
        _slotWords = byRoot.SelectMany(group => group.Globs).Select(glob => glob.Slot).DefaultIfEmpty(0).Max() / 64 + 1;
    }

    /// <summary>Whether any glob matches the context's path (as <see cref="MatchAll"/> finds it: a glob of a slot already
    /// matched is skipped, so a set whose globs share one slot stops matching at its first hit).</summary>
    public bool IsMatch(in PathContext context)
    {
        const int StackWords = 4;
        var matched = _slotWords <= StackWords ? stackalloc ulong[StackWords] : new ulong[_slotWords];
        matched = matched[.._slotWords];
        matched.Clear();
        MatchAll(context, matched);
        foreach (var word in matched)
            if (word != 0) return true;
        return false;
    }

    /// <summary>Sets the bit of every slot that has a glob matching the context's path (a slot already set is not
    /// matched again): one pass over the index for all the owners at once.</summary>
    public void MatchAll(in PathContext context, Span<ulong> matched)
    {
        foreach (var group in _groups)
        {
            if (group.Root == PathRoot.Temp)
            {
                var temps = context.Environment.TempDirs;
                for (var i = 0; i < temps.Count; i++)
                    group.MatchAll(context.Path, RootPosition.Of(context.Path, temps[i]), matched);
            }
            else
            {
                group.MatchAll(context.Path, context.Position(group.Root), matched);
            }
        }
    }

    public static bool IsSet(ReadOnlySpan<ulong> bits, int slot) => (bits[slot >> 6] & (1UL << (slot & 63))) != 0;

    private static void Set(Span<ulong> bits, int slot) => bits[slot >> 6] |= 1UL << (slot & 63);

    /// <summary>How the tree under the context's path (a directory) relates to these globs: <see cref="SubtreeRelation.Inside"/>
    /// when it is (or is inside) a place one of them names, <see cref="SubtreeRelation.Ancestor"/> when it only contains
    /// one, else None. Only globs whose fixed start names a place take part (see <see cref="Glob.RelationOfSubtree"/>).</summary>
    public SubtreeRelation RelationOfSubtree(in PathContext context)
    {
        var best = SubtreeRelation.None;
        foreach (var group in _groups)
        {
            if (!group.HasPlaces) continue;
            SubtreeRelation relation;
            if (group.Root == PathRoot.None) relation = group.RelationOfSubtree(context.Path.AsSpan());
            else if (group.Root == PathRoot.Temp)
            {
                relation = SubtreeRelation.None;
                var temps = context.Environment.TempDirs;
                for (var i = 0; i < temps.Count && relation != SubtreeRelation.Inside; i++)
                    relation = Max(relation, group.RelationOfSubtree(context.Path, temps[i], RootPosition.Of(context.Path, temps[i])));
            }
            else relation = group.RelationOfSubtree(context.Path, context.RootDirectory(group.Root), context.Position(group.Root));
            if (relation == SubtreeRelation.Inside) return relation;
            best = Max(best, relation);
        }
        return best;
    }

    private static SubtreeRelation Max(SubtreeRelation a, SubtreeRelation b) => a >= b ? a : b;

    private sealed class RootGroup
    {
        private readonly Dictionary<string, SlottedGlob[]>.AlternateLookup<ReadOnlySpan<char>> _bySegment;
        private readonly SlottedGlob[] _unindexed;
        private readonly bool _hasIndexed;
        // Globs whose last segment is keyed (see BasenameKey): by the whole name, by its extension, by its start.
        private readonly Dictionary<string, SlottedGlob[]>.AlternateLookup<ReadOnlySpan<char>> _byName;
        private readonly Dictionary<string, SlottedGlob[]>.AlternateLookup<ReadOnlySpan<char>> _byExtension;
        private readonly (string Start, SlottedGlob Glob)[] _byNameStart;
        private readonly bool _hasNamed;
        /// <summary>How the group's globs compare paths (a set's globs all compare alike).</summary>
        private readonly bool _ignoreCase;
        private readonly StringComparison _comparison;
        /// <summary>The slots with a glob that is just the root variable (it matches the directory itself).</summary>
        private readonly int[] _rootItselfSlots;

        public RootGroup(PathRoot root, SlottedGlob[] globs, bool ignoreCase)
        {
            Root = root;
            _ignoreCase = ignoreCase;
            _comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            var comparer = ignoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
            var bySegment = new Dictionary<string, SlottedGlob[]>(comparer);
            var byName = new Dictionary<string, SlottedGlob[]>(comparer);
            var byExtension = new Dictionary<string, SlottedGlob[]>(comparer);
            var byNameStart = new List<(string, SlottedGlob)>();
            var unindexed = new List<SlottedGlob>();
            var rootItself = new List<int>();
            foreach (var slotted in globs)
            {
                var glob = slotted.Glob;
                if (glob.MatchesOnlyTheRoot) rootItself.Add(slotted.Slot);
                else if (glob.FirstSegment is not null) Add(bySegment, glob.FirstSegment, slotted);
                else
                {
                    switch (BasenameKey(glob.Pattern, out var key))
                    {
                        case NameKey.Name: Add(byName, key!, slotted); break;
                        case NameKey.Extension: Add(byExtension, key!, slotted); break;
                        case NameKey.Start: byNameStart.Add((key!, slotted)); break;
                        default: unindexed.Add(slotted); break;
                    }
                }
            }
            _bySegment = bySegment.GetAlternateLookup<ReadOnlySpan<char>>();
            _hasIndexed = bySegment.Count > 0;
            _byName = byName.GetAlternateLookup<ReadOnlySpan<char>>();
            _byExtension = byExtension.GetAlternateLookup<ReadOnlySpan<char>>();
            _byNameStart = [.. byNameStart];
            _hasNamed = byName.Count > 0 || byExtension.Count > 0 || byNameStart.Count > 0;
            _unindexed = [.. unindexed];
            _rootItselfSlots = [.. rootItself.Distinct()];
            var places = new List<Glob>();
            var placesWithoutSegment = new List<Glob>();
            foreach (var slotted in globs)
            {
                var glob = slotted.Glob;
                if (!glob.NamesAPlace) continue;
                places.Add(glob);
                if (glob.FirstSegment is not { Length: > 0 }) placesWithoutSegment.Add(glob);
            }
            _places = [.. places];
            _placesWithoutSegment = [.. placesWithoutSegment];
        }

        /// <summary>The globs whose fixed start names a place (see <see cref="Glob.RelationOfSubtree"/>).</summary>
        private readonly Glob[] _places;
        /// <summary>The places whose first segment is not fixed. The others are found in <see cref="_bySegment"/>, by the
        /// segment (among globs that name no place, which relate to no tree).</summary>
        private readonly Glob[] _placesWithoutSegment;

        public bool HasPlaces => _places.Length > 0;

        /// <summary>For a rooted group: the directory <paramref name="path"/> relative to the root, or an ancestor of the root.</summary>
        public SubtreeRelation RelationOfSubtree(string path, string? rootDirectory, RootPosition position)
        {
            if (string.IsNullOrEmpty(rootDirectory)) return SubtreeRelation.None;
            if (position.IsRoot) return RelationOfSubtree([]);
            if (position.RestStart >= 0) return RelationOfSubtree(path.AsSpan(position.RestStart));
            // Outside the root: a directory above it (/home for ~) holds every place of the group, as a broad ancestor.
            var above = path == "/" || rootDirectory.Length > path.Length && rootDirectory[path.Length] == '/'
                && rootDirectory.StartsWith(path, _comparison);
            return above ? SubtreeRelation.Ancestor : SubtreeRelation.None;
        }

        /// <summary><paramref name="directory"/>: relative to the root ("" for the root itself), without a trailing slash.</summary>
        public SubtreeRelation RelationOfSubtree(ReadOnlySpan<char> directory)
        {
            if (directory is "/") directory = [];
            if (directory.IsEmpty) return RelationOfSubtreeWithSlash([], _places, []);
            if (directory[0] != '/') return RelationOfSubtreeWithSlash(directory, _places, []);
            // A place whose fixed start is /F/... (or all of it /F) is at, above or below a directory /S/... only when F is S.
            var segment = directory[1..];
            var end = segment.IndexOf('/');
            if (end >= 0) segment = segment[..end];
            var underSegment = _bySegment.TryGetValue(segment, out var found) ? found : [];
            if (underSegment.Length == 0 && _placesWithoutSegment.Length == 0) return SubtreeRelation.None;
            return RelationOfSubtreeWithSlash(directory, _placesWithoutSegment, underSegment);
        }

        /// <summary>The closest relation of <paramref name="places"/> and <paramref name="slotted"/> to the tree under
        /// <paramref name="directory"/> (given without its trailing slash).</summary>
        private static SubtreeRelation RelationOfSubtreeWithSlash(ReadOnlySpan<char> directory, Glob[] places, SlottedGlob[] slotted)
        {
            const int StackLimit = 256;
            char[]? rented = null;
            var buffer = directory.Length < StackLimit
                ? stackalloc char[directory.Length + 1]
                : (rented = System.Buffers.ArrayPool<char>.Shared.Rent(directory.Length + 1));
            directory.CopyTo(buffer);
            buffer[directory.Length] = '/';
            var withSlash = buffer[..(directory.Length + 1)];
            var best = SubtreeRelation.None;
            foreach (var glob in places)
            {
                best = Max(best, glob.RelationOfSubtree(withSlash));
                if (best == SubtreeRelation.Inside) break;
            }
            for (var i = 0; i < slotted.Length && best != SubtreeRelation.Inside; i++)
                best = Max(best, slotted[i].Glob.RelationOfSubtree(withSlash));
            if (rented is not null) System.Buffers.ArrayPool<char>.Shared.Return(rented);
            return best;
        }

        public PathRoot Root { get; }

        public void MatchAll(string path, RootPosition position, Span<ulong> matched)
        {
            if (!_ignoreCase && !position.ExactCase) return;
            if (position.IsRoot)
                foreach (var slot in _rootItselfSlots)
                    Set(matched, slot);
            if (position.RestStart < 0) return;
            var rest = path.AsSpan(position.RestStart);
            if (Candidates(rest) is { } candidates)
                MatchAll(candidates, rest, matched);
            if (_hasNamed)
            {
                var name = rest[(rest.LastIndexOf('/') + 1)..];
                if (name.Length > 0)
                {
                    if (_byName.TryGetValue(name, out var named)) MatchAll(named, rest, matched);
                    if (Extension(name) is { IsEmpty: false } extension && _byExtension.TryGetValue(extension, out var extended))
                        MatchAll(extended, rest, matched);
                    var nameIsAscii = _byNameStart.Length == 0 || System.Text.Ascii.IsValid(name);
                    foreach (var (start, slotted) in _byNameStart)
                        if (!IsSet(matched, slotted.Slot) && StartsWith(name, nameIsAscii, start) && slotted.Glob.IsMatch(rest))
                            Set(matched, slotted.Slot);
                }
            }
            MatchAll(_unindexed, rest, matched);
        }

        /// <summary>The start of a name-start glob is matched by its automaton, which folds case by lower-casing each
        /// character (İ is i there, not for OrdinalIgnoreCase): a name that is not ASCII is left to the glob.</summary>
        private bool StartsWith(ReadOnlySpan<char> name, bool nameIsAscii, string start) =>
            name.StartsWith(start, _comparison) || _ignoreCase && !nameIsAscii;

        private static void MatchAll(SlottedGlob[] globs, ReadOnlySpan<char> rest, Span<ulong> matched)
        {
            foreach (var slotted in globs)
                if (!IsSet(matched, slotted.Slot) && slotted.Glob.IsMatch(rest)) Set(matched, slotted.Slot);
        }

        private static void Add(Dictionary<string, SlottedGlob[]> index, string key, SlottedGlob glob) =>
            index[key] = index.TryGetValue(key, out var same) ? [.. same, glob] : [glob];

        /// <summary>The text after a file name's last dot ("gz" for a.tar.gz); empty when it has none.</summary>
        private static ReadOnlySpan<char> Extension(ReadOnlySpan<char> name)
        {
            var dot = name.LastIndexOf('.');
            return dot < 0 ? [] : name[(dot + 1)..];
        }

        private enum NameKey
        {
            None,
            Name,
            Extension,
            Start,
        }

        /// <summary>What a path's file name must have for the glob to match it. A path glob whose last segment is not
        /// <c>**</c> matches only paths whose last segment matches that segment (no other wildcard crosses a '/'), so a
        /// glob such as <c>**/.env</c>, <c>~/**/*.pem</c> or <c>**/id_rsa*</c> can be looked up by the path's file name:
        /// by the whole name when the segment is fixed, by its extension when the segment ends in a fixed text with a
        /// dot (<c>*.pem</c>, <c>client_secret*.json</c>), or by its start (<c>id_rsa*</c>). Only segments whose wildcards
        /// are <c>*</c> take part; the glob itself still decides.</summary>
        private static NameKey BasenameKey(string pattern, out string? key)
        {
            key = null;
            var slash = pattern.LastIndexOf('/');
            if (slash < 0) return NameKey.None;
            var segment = pattern.AsSpan(slash + 1);
            if (segment.IsEmpty || segment is "**" || segment.IndexOfAny('?', '[', '\\') >= 0) return NameKey.None;
            var firstStar = segment.IndexOf('*');
            if (firstStar < 0)
            {
                key = segment.ToString();
                return NameKey.Name;
            }
            var tail = segment[(segment.LastIndexOf('*') + 1)..];
            var dot = tail.LastIndexOf('.');
            if (dot >= 0 && dot < tail.Length - 1)
            {
                key = tail[(dot + 1)..].ToString();
                return NameKey.Extension;
            }
            if (firstStar > 0)
            {
                key = segment[..firstStar].ToString();
                return NameKey.Start;
            }
            return NameKey.None;
        }

        /// <summary>The indexed globs whose first segment is the path's (relative to the root), or null.</summary>
        private SlottedGlob[]? Candidates(ReadOnlySpan<char> rest)
        {
            if (!_hasIndexed || rest.Length == 0 || rest[0] != '/') return null;
            var segment = rest[1..];
            var end = segment.IndexOf('/');
            if (end >= 0) segment = segment[..end];
            return _bySegment.TryGetValue(segment, out var candidates) ? candidates : null;
        }
    }
}
