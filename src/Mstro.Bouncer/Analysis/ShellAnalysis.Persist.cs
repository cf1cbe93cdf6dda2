namespace Mstro.Bouncer.Analysis;

internal sealed partial class ShellAnalysis
{
    private Dictionary<string, string>? _writtenContent;

    /// <summary>The call writes <paramref name="content"/> to <paramref name="path"/>. When the place runs its files later
    /// (a shell startup file, a crontab, a unit, a git hook...), what it would run is analysed now, in a fresh shell at
    /// the home directory, and its effects are flagged <see cref="EffectFlags.Deferred"/>. The content is also
    /// remembered, for a later <c>crontab FILE</c> or <c>cp FILE place</c> of the same call.</summary>
    public void Persisted(string path, string content, Scope scope, bool remember = true)
    {
        if (content.Length > PersistedContent.MaxLength) return;
        if (remember) (_writtenContent ??= new Dictionary<string, string>(StringComparer.Ordinal))[path] = content;
        if (Sink.PersistencePlaceOf(path) is { } place) RunDeferred(PersistedContent.Commands(content, place.Format), scope);
    }

    /// <summary>What this call wrote to <paramref name="path"/> earlier, when it is known.</summary>
    public string? ContentWritten(string? path) =>
        path is not null && _writtenContent is not null && _writtenContent.TryGetValue(path, out var content) ? content : null;

    /// <summary>Analyses shell text that will run later, unattended (a cron job, a startup file's lines).</summary>
    public void RunDeferred(string commands, Scope scope)
    {
        if (commands.Length == 0) return;
        AnalyzeText(commands, new ShellState(Environment.Home), scope.Deeper(EffectFlags.Deferred), null, DataSource.None);
    }

    /// <summary>Variables that, set in content that runs later, make every later program run or load what the agent
    /// chose: a temp dir first in PATH ("path-hijack"), a preloaded library or module ("preload").</summary>
    public void NoteAssignment(string name, in Arg value, Invocation? invocation, Scope scope)
    {
        if ((scope.Inherited & EffectFlags.Deferred) == 0) return;
        string? how = name switch
        {
            "PATH" when IsTemporary(FirstPathEntry(value.Value)) => "path-hijack",
            "LD_PRELOAD" or "DYLD_INSERT_LIBRARIES" when value.Value.Trim().Length > 0 => "preload",
            "NODE_OPTIONS" when RequiresTemporaryModule(value.Value) => "preload",
            _ => null,
        };
        if (how is not null) Sink.Add(EffectKind.Persistence, invocation, detail: how, flags: scope.Inherited);
    }

    private static string FirstPathEntry(string value)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        return (colon < 0 ? value : value[..colon]).Trim('"', '\'');
    }

    /// <summary><c>--require /tmp/x.js</c>, <c>-r /tmp/x</c>, <c>--import=/tmp/x.mjs</c>, <c>--loader /tmp/x</c>.</summary>
    private bool RequiresTemporaryModule(string options)
    {
        var words = options.Split([' ', '='], StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i + 1 < words.Length; i++)
        {
            if (words[i] is "--require" or "-r" or "--import" or "--loader" or "--experimental-loader"
                && IsTemporary(words[i + 1].Trim('"', '\''))) return true;
        }
        return false;
    }

    private static readonly string[] SharedTemporaryDirectories = ["/tmp", "/var/tmp", "/private/tmp", "/dev/shm"];

    /// <summary>True for a path under a shared temp dir or one of the environment's temp dirs.</summary>
    internal bool IsTemporary(string path)
    {
        if (path.Length == 0 || path[0] != '/') return false;
        var normal = PathText.Normalize(path);
        foreach (var temp in SharedTemporaryDirectories)
            if (PathText.IsUnder(normal, temp)) return true;
        foreach (var temp in Environment.TempDirs)
            if (PathText.IsUnder(normal, PathText.Normalize(temp))) return true;
        return false;
    }
}
