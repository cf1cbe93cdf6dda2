namespace Mstro.Bouncer.Analysis;

internal sealed partial class ShellAnalysis
{
    private enum OriginKind : byte
    {
        /// <summary>A compiler or linker of this call made it: running it runs what the call just built.</summary>
        Built,
        /// <summary>Saved from the network (or unpacked from an archive that was): running it runs code nobody read.</summary>
        Downloaded,
        /// <summary>Written by a decoder (<c>base64 -d &gt; f</c>): running it runs text the command hides.</summary>
        Decoded,
    }

    /// <summary>Where a file (or, with <paramref name="Tree"/>, every file under a directory) this call wrote came from.</summary>
    private readonly record struct FileOrigin(OriginKind Kind, string? Host, bool Tree);

    private const int MaxOrigins = 64;

    private Dictionary<string, FileOrigin>? _origins;

    /// <summary>The call saves a download to <paramref name="path"/> (<c>curl -o</c>, <c>wget -O</c>, <c>curl … &gt; f</c>);
    /// with <paramref name="tree"/>, unpacks one under the directory <paramref name="path"/> (<c>curl … | tar x -C d</c>).</summary>
    public void NoteDownloaded(string? path, string? host, bool tree = false) =>
        NoteOrigin(path, new FileOrigin(OriginKind.Downloaded, host, tree));

    /// <summary>The call writes a decoder's output to <paramref name="path"/>.</summary>
    public void NoteDecoded(string? path) => NoteOrigin(path, new FileOrigin(OriginKind.Decoded, null, false));

    /// <summary>The call builds <paramref name="path"/> (<c>gcc -o</c>, <c>go build -o</c>).</summary>
    public void NoteBuilt(string? path) => NoteOrigin(path, new FileOrigin(OriginKind.Built, null, false));

    private void NoteOrigin(string? path, FileOrigin origin)
    {
        if (path is not { Length: > 0 }) return;
        _origins ??= new Dictionary<string, FileOrigin>(StringComparer.Ordinal);
        if (_origins.Count < MaxOrigins || _origins.ContainsKey(path)) _origins[path] = origin;
    }

    private bool TryOrigin(string path, out FileOrigin origin)
    {
        origin = default;
        if (_origins is null) return false;
        if (_origins.TryGetValue(path, out origin)) return true;
        foreach (var (directory, candidate) in _origins)
        {
            if (!candidate.Tree || !PathText.IsUnder(path, directory)) continue;
            origin = candidate;
            return true;
        }
        return false;
    }

    /// <summary>True when this call built <paramref name="path"/>.</summary>
    public bool WasBuilt(string path) => TryOrigin(path, out var origin) && origin.Kind == OriginKind.Built;

    /// <summary>True when running <paramref name="path"/> runs code this call fetched or decoded: <paramref name="detail"/>
    /// is the execute-code detail (<c>download</c> or <c>decoded</c>), <paramref name="host"/> the source when known.</summary>
    public bool RunsUnreadCode(string path, out string detail, out string? host)
    {
        detail = "";
        host = null;
        if (!TryOrigin(path, out var origin) || origin.Kind == OriginKind.Built) return false;
        detail = origin.Kind == OriginKind.Downloaded ? "download" : "decoded";
        host = origin.Host;
        return true;
    }
}
