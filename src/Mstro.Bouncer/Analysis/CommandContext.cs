namespace Mstro.Bouncer.Analysis;

/// <summary>How deep the analysis is and what every effect found here inherits (Elevated under sudo...).</summary>
internal readonly record struct Scope(int Depth, EffectFlags Inherited)
{
    public Scope Deeper(EffectFlags extra = EffectFlags.None) => new(Depth + 1, Inherited | extra);
}

[Flags]
internal enum CommandRoles : byte
{
    None = 0,
    /// <summary>An interactive shell or a shell running its stdin (<c>sh -i</c>, <c>nc h p | sh</c>).</summary>
    Shell = 1 << 0,
    /// <summary>A raw socket client or server (nc, ncat, telnet, socat, openssl s_client).</summary>
    Socket = 1 << 1,
    /// <summary>Creates a named pipe (the mkfifo reverse-shell recipe).</summary>
    Fifo = 1 << 2,
    /// <summary>Opens a socket on a new file descriptor of the shell itself (zsh's <c>ztcp</c>).</summary>
    DescriptorSocket = 1 << 3,
}

/// <summary>One program about to run, as the catalog sees it: expanded arguments, where it runs, what comes in on
/// stdin. Handlers add effects through it and say what comes out (<see cref="Output"/>).</summary>
internal sealed class CommandContext
{
    public CommandContext(ShellAnalysis analysis, ShellState state, Scope scope, Arg[] args, string program,
        Invocation invocation, DataSource stdin, IReadOnlyDictionary<string, Arg>? assignments)
    {
        Analysis = analysis;
        State = state;
        Scope = scope;
        Args = args;
        Program = program;
        Invocation = invocation;
        Stdin = stdin;
        Assignments = assignments;
    }

    public ShellAnalysis Analysis { get; }
    public ShellState State { get; }
    public Scope Scope { get; }

    /// <summary>Args[0] is the program as written; the arguments follow.</summary>
    public Arg[] Args { get; }

    /// <summary>The canonical program name the catalog matched (<c>python3.12</c> → <c>python</c>).</summary>
    public string Program { get; }

    public Invocation Invocation { get; }
    public DataSource Stdin { get; }

    /// <summary><c>VAR=value</c> words before the program (its environment).</summary>
    public IReadOnlyDictionary<string, Arg>? Assignments { get; }

    /// <summary>What the program writes to stdout, for the next command of a pipeline or a substitution.</summary>
    public DataSource Output { get; set; } = DataSource.Unknown;

    public CommandRoles Roles { get; set; }

    /// <summary>The remote host of a socket role.</summary>
    public string? RoleHost { get; set; }

    /// <summary>The handler accounted for the path arguments; no generic reads are added.</summary>
    public bool PathsHandled { get; set; }

    public BouncerEnvironment Environment => Analysis.Environment;
    public string Home => Analysis.Environment.Home;
    public string Cwd => State.Cwd;
    public int Count => Args.Length;

    public void Add(EffectKind kind, string? path = null, string? host = null, string? detail = null,
        EffectFlags flags = EffectFlags.None) =>
        Analysis.Sink.Add(new Effect(kind, Invocation, path, host, detail, flags | Scope.Inherited));

    /// <summary>An effect on the file an argument names.</summary>
    public void AddPath(EffectKind kind, in Arg arg, EffectFlags flags = EffectFlags.None, string? detail = null,
        bool followLast = true) =>
        Analysis.AddPathEffect(kind, Invocation, arg, State, flags | Scope.Inherited, detail, followLast);

    /// <summary>An effect on an absolute path worked out by the handler.</summary>
    public void AddAbsolute(EffectKind kind, string absolutePath, EffectFlags flags = EffectFlags.None, string? detail = null,
        bool followLast = true) =>
        Analysis.Sink.AddPath(kind, Invocation, PathText.Normalize(absolutePath), flags | Scope.Inherited, detail, followLast);

    public ArgPath PathOf(in Arg arg) => ArgPath.Of(arg, State.Cwd, State.CwdUnresolved, Home);

    /// <summary>Runs <c>Args[start..]</c> as a command of its own (a wrapper's inner command).</summary>
    public Outcome RunInner(int start, EffectFlags extra = EffectFlags.None, DataSource? stdin = null,
        ShellState? state = null)
    {
        if (start >= Args.Length) return Outcome.Nothing;
        return Analysis.RunArgv(Args[start..], state ?? State, Scope.Deeper(extra), stdin ?? Stdin, null);
    }

    /// <summary>Runs an argv the handler built (find -exec, xargs, an interpreter's spawn list).</summary>
    public Outcome RunArgv(Arg[] argv, EffectFlags extra = EffectFlags.None, DataSource? stdin = null) =>
        argv.Length == 0 ? Outcome.Nothing : Analysis.RunArgv(argv, State, Scope.Deeper(extra), stdin ?? DataSource.None, null);

    /// <summary>Analyses shell text this program will run (<c>bash -c</c>, <c>eval</c>, <c>watch</c>, a heredoc).</summary>
    public DataSource RunShellText(string text, IReadOnlyList<Arg>? positional = null, bool ownState = true,
        DataSource? stdin = null, EffectFlags extra = EffectFlags.None) =>
        Analysis.AnalyzeText(text, ownState ? State.Clone() : State, Scope.Deeper(extra), positional,
            stdin ?? DataSource.None);

    /// <summary>Scans inline code for a language (python -c, node -e, perl -e ...).</summary>
    public void ScanCode(string code, Code.CodeLanguage language) =>
        Code.InlineCodeScanner.Scan(code, language, this);
}

/// <summary>What a command gave back to the walker.</summary>
internal readonly record struct Outcome(DataSource Output, CommandRoles Roles, string? Host)
{
    public static readonly Outcome Nothing = new(DataSource.None, CommandRoles.None, null);
}
