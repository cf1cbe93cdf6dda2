namespace Mstro.Bouncer.Analysis;

/// <summary>Collects the effects of one call. Path effects get their symlinks resolved; a write into a place that
/// starts programs later (systemd, launchd, cron, another repository's git hooks) also yields a Persistence effect.</summary>
internal sealed class EffectSink
{
    /// <summary>Beyond this many effects the call is too big to reason about precisely.</summary>
    public const int MaxEffects = 256;

    private readonly List<Effect> _effects = new(4);
    private readonly BouncerEnvironment _environment;
    private readonly IFileSystemView _fileSystem;
    // Link resolutions of this call: most calls resolve one path, so the first is kept in fields and a dictionary is made
    // only for a second.
    private string? _firstPath;
    private string? _firstResolved;
    private Dictionary<string, string>? _resolved;

    public EffectSink(BouncerEnvironment environment, IFileSystemView fileSystem)
    {
        _environment = environment;
        _fileSystem = fileSystem;
    }

    public IReadOnlyList<Effect> Effects => _effects;

    public bool IsFull => _effects.Count >= MaxEffects;

    /// <summary>A small file's text through the file system view (null when missing, larger, or the view has no disk).</summary>
    public string? ReadText(string absolutePath, int maxBytes) => _fileSystem.ReadText(absolutePath, maxBytes);

    public void Add(Effect effect)
    {
        if (_effects.Count >= MaxEffects)
        {
            if (_effects.Count == MaxEffects)
                _effects.Add(new Effect(EffectKind.Unknown, null, Detail: "too many effects to analyse"));
            return;
        }
        _effects.Add(effect);
    }

    public void Add(EffectKind kind, Invocation? invocation, string? path = null, string? host = null, string? detail = null,
        EffectFlags flags = EffectFlags.None) =>
        Add(new Effect(kind, invocation, path, host, detail, flags));

    /// <summary>An effect on an absolute, normalised path. When symlinks lead elsewhere, the effect is recorded on the
    /// real target too (rules written for either spelling apply).</summary>
    /// <param name="followLast">Whether the last component is followed when it is a link (false for deleting a link).</param>
    public void AddPath(EffectKind kind, Invocation? invocation, string path, EffectFlags flags, string? detail = null,
        bool followLast = true, string? host = null)
    {
        var resolved = Resolve(path, followLast);
        var linked = !string.Equals(resolved, path, StringComparison.Ordinal);
        Add(new Effect(kind, invocation, resolved, host, detail, flags));
        if (linked) Add(new Effect(kind, invocation, path, host, detail, flags));

        if (kind is EffectKind.Write or EffectKind.WriteDevice
            && (PersistencePlace(resolved) ?? (linked ? PersistencePlace(path) : null)) is { } place)
            Add(new Effect(EffectKind.Persistence, invocation, resolved, null, place.How, flags));
    }

    /// <summary>The place that runs <paramref name="path"/> later (as given and with its links resolved), or null.</summary>
    public PersistencePlace? PersistencePlaceOf(string path)
    {
        var place = PersistencePlace(path);
        if (place is not null) return place;
        var resolved = Resolve(path, true);
        return ReferenceEquals(resolved, path) ? null : PersistencePlace(resolved);
    }

    private PersistencePlace? PersistencePlace(string path) => PersistencePlaces.Classify(path, _environment);

    /// <summary>Longer paths cannot be opened (PATH_MAX), so there is nothing on disk to resolve.</summary>
    private const int MaxResolvedLength = 4096;

    private string Resolve(string path, bool followLast)
    {
        // /dev and /proc entries (/dev/fd/63, /proc/self/...) are this process's, not the command's: never resolved.
        if (path == "/" || path.Length > MaxResolvedLength || path.StartsWith("/dev/", StringComparison.Ordinal)
            || path.StartsWith("/proc/", StringComparison.Ordinal)) return path;
        try
        {
            if (followLast) return ResolveLinks(path);
            var parent = PathText.Parent(path);
            var resolvedParent = parent == "/" ? "/" : ResolveLinks(parent);
            if (ReferenceEquals(resolvedParent, parent)) return path;
            return resolvedParent == "/" ? "/" + PathText.BaseName(path) : resolvedParent + "/" + PathText.BaseName(path);
        }
        catch (IOException)
        {
            return path;
        }
        catch (UnauthorizedAccessException)
        {
            return path;
        }
        catch (ArgumentException)
        {
            return path;
        }
    }

    /// <summary>Link resolution, remembered for the call (build dirs share their parents: `rm -rf ./bin ./obj`).</summary>
    private string ResolveLinks(string path)
    {
        if (string.Equals(_firstPath, path, StringComparison.Ordinal)) return _firstResolved!;
        if (_resolved is not null && _resolved.TryGetValue(path, out var known)) return known;
        var resolved = PathText.Normalize(_fileSystem.ResolveLinks(path));
        if (string.Equals(resolved, path, StringComparison.Ordinal)) resolved = path;
        if (_firstPath is null)
        {
            _firstPath = path;
            _firstResolved = resolved;
        }
        else
        {
            (_resolved ??= new Dictionary<string, string>(StringComparer.Ordinal))[path] = resolved;
        }
        return resolved;
    }

    public BouncerEnvironment Environment => _environment;
}
