namespace Mstro.Bouncer.Analysis;

internal sealed partial class ShellAnalysis
{
    /// <summary>Where a file this call wrote came from: a download (running it runs code nobody read) or a compiler or
    /// linker (running it runs what the call just built).</summary>
    private readonly record struct FileOrigin(bool Downloaded, string? Host);

    private const int MaxOrigins = 64;

    private Dictionary<string, FileOrigin>? _origins;

    /// <summary>The call saves a download to <paramref name="path"/> (<c>curl -o</c>, <c>wget -O</c>, <c>curl … &gt; f</c>).</summary>
    public void NoteDownloaded(string? path, string? host) => NoteOrigin(path, new FileOrigin(true, host));

    /// <summary>The call builds <paramref name="path"/> (<c>gcc -o</c>, <c>go build -o</c>).</summary>
    public void NoteBuilt(string? path) => NoteOrigin(path, new FileOrigin(false, null));

    private void NoteOrigin(string? path, FileOrigin origin)
    {
        if (path is not { Length: > 0 }) return;
        _origins ??= new Dictionary<string, FileOrigin>(StringComparer.Ordinal);
        if (_origins.Count < MaxOrigins || _origins.ContainsKey(path)) _origins[path] = origin;
    }

    /// <summary>True when this call built <paramref name="path"/>.</summary>
    public bool WasBuilt(string path) => _origins is not null && _origins.TryGetValue(path, out var origin) && !origin.Downloaded;

    /// <summary>True (with the host when known) when this call downloaded <paramref name="path"/>.</summary>
    public bool WasDownloaded(string path, out string? host)
    {
        host = null;
        if (_origins is null || !_origins.TryGetValue(path, out var origin) || !origin.Downloaded) return false;
        host = origin.Host;
        return true;
    }
}
