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
        if (!path.AsSpan().StartsWith(root, StringComparison.OrdinalIgnoreCase)) return Outside;
        var exact = path.AsSpan().StartsWith(root, StringComparison.Ordinal);
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

/// <summary>The path globs of one rule condition, grouped by root and indexed by their first path segment, so matching
/// a path costs a dictionary lookup per root instead of one glob match per pattern. Never allocates.</summary>
internal sealed class PathGlobSet
{
    private readonly RootGroup[] _groups;
    private readonly bool _ignoreCase;

    public PathGlobSet(IEnumerable<Glob> globs, bool ignoreCase)
    {
        _ignoreCase = ignoreCase;
        var comparer = ignoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        var byRoot = new List<(PathRoot Root, List<Glob> Globs)>();
        foreach (var glob in globs)
        {
            var index = byRoot.FindIndex(group => group.Root == glob.Root);
            if (index < 0) byRoot.Add((glob.Root, [glob]));
            else byRoot[index].Globs.Add(glob);
        }
        _groups = [.. byRoot.Select(group => new RootGroup(group.Root, [.. group.Globs], comparer))];
    }

    public bool IsMatch(in PathContext context)
    {
        foreach (var group in _groups)
        {
            if (group.Root == PathRoot.Temp)
            {
                var temps = context.Environment.TempDirs;
                for (var i = 0; i < temps.Count; i++)
                    if (group.IsMatch(context.Path, RootPosition.Of(context.Path, temps[i]), _ignoreCase)) return true;
            }
            else if (group.IsMatch(context.Path, context.Position(group.Root), _ignoreCase))
            {
                return true;
            }
        }
        return false;
    }

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
                    relation = Max(relation, group.RelationOfSubtree(context.Path, temps[i], RootPosition.Of(context.Path, temps[i]), _ignoreCase));
            }
            else relation = group.RelationOfSubtree(context.Path, context.RootDirectory(group.Root), context.Position(group.Root), _ignoreCase);
            if (relation == SubtreeRelation.Inside) return relation;
            best = Max(best, relation);
        }
        return best;
    }

    private static SubtreeRelation Max(SubtreeRelation a, SubtreeRelation b) => a >= b ? a : b;

    private sealed class RootGroup
    {
        private readonly Dictionary<string, Glob[]>.AlternateLookup<ReadOnlySpan<char>> _bySegment;
        private readonly Glob[] _unindexed;
        private readonly bool _hasIndexed;
        private readonly bool _matchesRootItself;

        public RootGroup(PathRoot root, Glob[] globs, StringComparer comparer)
        {
            Root = root;
            var bySegment = new Dictionary<string, Glob[]>(comparer);
            var unindexed = new List<Glob>();
            foreach (var glob in globs)
            {
                if (glob.MatchesOnlyTheRoot) _matchesRootItself = true;
                else if (glob.FirstSegment is null) unindexed.Add(glob);
                else bySegment[glob.FirstSegment] = bySegment.TryGetValue(glob.FirstSegment, out var same) ? [.. same, glob] : [glob];
            }
            _bySegment = bySegment.GetAlternateLookup<ReadOnlySpan<char>>();
            _hasIndexed = bySegment.Count > 0;
            _unindexed = [.. unindexed];
            _places = [.. globs.Where(glob => glob.NamesAPlace)];
        }

        private readonly Glob[] _places;

        public bool HasPlaces => _places.Length > 0;

        /// <summary>For a rooted group: the directory <paramref name="path"/> relative to the root, or an ancestor of the root.</summary>
        public SubtreeRelation RelationOfSubtree(string path, string? rootDirectory, RootPosition position, bool ignoreCase)
        {
            if (string.IsNullOrEmpty(rootDirectory)) return SubtreeRelation.None;
            if (position.IsRoot) return RelationOfSubtree([]);
            if (position.RestStart >= 0) return RelationOfSubtree(path.AsSpan(position.RestStart));
            // Outside the root: a directory above it (/home for ~) holds every place of the group, as a broad ancestor.
            var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            var above = path == "/" || rootDirectory.Length > path.Length && rootDirectory[path.Length] == '/'
                && rootDirectory.StartsWith(path, comparison);
            return above ? SubtreeRelation.Ancestor : SubtreeRelation.None;
        }

        /// <summary><paramref name="directory"/>: relative to the root ("" for the root itself), without a trailing slash.</summary>
        public SubtreeRelation RelationOfSubtree(ReadOnlySpan<char> directory)
        {
            if (directory is "/") directory = [];
            const int StackLimit = 512;
            char[]? rented = null;
            var buffer = directory.Length < StackLimit
                ? stackalloc char[StackLimit]
                : (rented = System.Buffers.ArrayPool<char>.Shared.Rent(directory.Length + 1));
            directory.CopyTo(buffer);
            buffer[directory.Length] = '/';
            var withSlash = buffer[..(directory.Length + 1)];
            var best = SubtreeRelation.None;
            foreach (var glob in _places)
            {
                var relation = glob.RelationOfSubtree(withSlash);
                if (relation > best) best = relation;
                if (best == SubtreeRelation.Inside) break;
            }
            if (rented is not null) System.Buffers.ArrayPool<char>.Shared.Return(rented);
            return best;
        }

        public PathRoot Root { get; }

        public bool IsMatch(string path, RootPosition position, bool ignoreCase)
        {
            if (!ignoreCase && !position.ExactCase) return false;
            if (position.IsRoot && _matchesRootItself) return true;
            if (position.RestStart < 0) return false;
            var rest = path.AsSpan(position.RestStart);
            if (_hasIndexed && rest.Length > 0 && rest[0] == '/')
            {
                var segment = rest[1..];
                var end = segment.IndexOf('/');
                if (end >= 0) segment = segment[..end];
                if (_bySegment.TryGetValue(segment, out var candidates))
                    foreach (var glob in candidates)
                        if (glob.IsMatch(rest)) return true;
            }
            foreach (var glob in _unindexed)
                if (glob.IsMatch(rest)) return true;
            return false;
        }
    }
}
