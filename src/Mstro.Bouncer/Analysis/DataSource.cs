namespace Mstro.Bouncer.Analysis;

internal enum SourceKind : byte
{
    /// <summary>Nothing known comes in (an interactive terminal, or no input at all).</summary>
    None,
    /// <summary>Text written in the command itself (echo, printf, a heredoc); <see cref="DataSource.Text"/> when known.</summary>
    Literal,
    /// <summary>Comes from the network (curl, wget, nc).</summary>
    Download,
    /// <summary>The environment variables (env, printenv, set).</summary>
    Environment,
    /// <summary>A file's contents; <see cref="DataSource.Path"/>.</summary>
    File,
    /// <summary>A list of file names under <see cref="DataSource.Path"/> (find, ls, grep -l); <see cref="DataSource.Text"/>
    /// is the one name pattern find selected them by, when there is one.</summary>
    Paths,
    /// <summary>Process ids matching <see cref="DataSource.Text"/> (pgrep, pidof).</summary>
    ProcessIds,
    /// <summary>Shell setup printed by a known local tool for <c>eval</c> (<c>pyenv init -</c>, <c>direnv hook</c>,
    /// <c>ssh-agent -s</c>, <c>brew shellenv</c>); <see cref="DataSource.Text"/> names the tool.</summary>
    ShellSetup,
    /// <summary>Output of something the analysis cannot see through.</summary>
    Unknown,
}

/// <summary>What flows out of a command (into a pipe, a substitution or a variable).</summary>
/// <param name="Decoded">It went through a decoder (base64 -d, xxd -r, printf '\x..', rev): what runs is hidden.</param>
/// <param name="Filtered">For <see cref="SourceKind.Paths"/>: a filter narrowed the list.</param>
/// <param name="Tree">For <see cref="SourceKind.File"/>: every file under <see cref="Path"/> (an archive streamed by
/// <c>tar c</c> or <c>zip -r -</c>), not one file.</param>
internal sealed record DataSource(
    SourceKind Kind,
    string? Text = null,
    string? Host = null,
    string? Path = null,
    bool Decoded = false,
    bool Filtered = false,
    bool Tree = false)
{
    public static readonly DataSource None = new(SourceKind.None);
    public static readonly DataSource Unknown = new(SourceKind.Unknown);
    public static readonly DataSource Environment = new(SourceKind.Environment);

    public static DataSource LiteralText(string text, bool decoded = false) => new(SourceKind.Literal, Text: text, Decoded: decoded);

    public bool IsNone => Kind == SourceKind.None;

    /// <summary>The text when it is fully known.</summary>
    public string? KnownText => Kind == SourceKind.Literal ? Text : null;

    /// <summary>This source after a decoder turned it into <paramref name="decoded"/> (null: could not decode).</summary>
    public DataSource AfterDecoding(string? decoded) => Kind switch
    {
        SourceKind.Literal when decoded is not null => new(SourceKind.Literal, decoded, Decoded: true),
        SourceKind.Download => this with { Decoded = true, Text = null },
        SourceKind.File => this with { Decoded = true, Text = null },
        SourceKind.Environment => this with { Decoded = true },
        _ => new(SourceKind.Literal, null, Decoded: true),
    };
}
