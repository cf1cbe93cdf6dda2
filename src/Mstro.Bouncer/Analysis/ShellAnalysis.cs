using Mstro.Bouncer.Shell;

namespace Mstro.Bouncer.Analysis;

/// <summary>The analysis of one Bash command line: walks the syntax tree, expands words, follows data through pipes
/// and substitutions, unwraps wrappers and nested shells, and hands each program to the catalog. One instance per
/// call (not thread-safe); work is bounded by depth, a command budget and the effect cap.</summary>
internal sealed partial class ShellAnalysis
{
    /// <summary>Layers of wrapping (bash -c, eval, substitutions, sudo...) followed before giving up.</summary>
    public const int MaxDepth = 8;

    /// <summary>Simple commands (and loop passes) analysed per call before giving up (bounds loops over brace
    /// expansions, functions...). An ordinary call runs a handful; a call beyond this is answered with an Unknown effect
    /// (so it is asked about).</summary>
    public const int MaxCommands = 200;

    /// <summary>Units of work per call: syntax nodes parsed (the command line, nested shells, eval, decoded and persisted
    /// text: all parses together) plus words and redirections expanded. It keeps every call, 64 KB of anything included,
    /// well under a millisecond; an ordinary command line uses a few dozen. Beyond it the call is asked about.</summary>
    public const int MaxWork = 4_000;

    private static readonly ParserLimits TopLevelLimits = new(MaxInputLength: 256 * 1024, MaxNestingDepth: 64, MaxNodes: MaxWork);
    private static readonly ParserLimits NestedLimits = new(MaxInputLength: 256 * 1024, MaxNestingDepth: 64, MaxNodes: MaxWork);

    private int _commandBudget = MaxCommands;
    private int _workBudget = MaxWork;
    private bool _budgetReported;
    private bool _sawFifo;
    private bool _sawShell;
    private string? _descriptorSocketHost;
    private bool _shellOnDescriptor;
    private string? _socketHost;
    private bool _sawSocket;
    private bool _reverseShellReported;
    private HashSet<string>? _functionsRunning;
    private List<DefinedFunction>? _functionsDefined;
    private HashSet<Command>? _functionBodiesCalled;
    /// <summary>Shell texts being walked, nested ones included: when the outermost ends, the whole script has been seen.</summary>
    private int _textsBeingWalked;

    public ShellAnalysis(BouncerEnvironment environment, IFileSystemView fileSystem)
    {
        Environment = environment;
        Sink = new EffectSink(environment, fileSystem);
    }

    public BouncerEnvironment Environment { get; }
    public EffectSink Sink { get; }

    /// <summary>Analyses a whole command line, as the Bash tool would run it in the environment's cwd.</summary>
    public IReadOnlyList<Effect> AnalyzeCommandLine(string command)
    {
        var state = new ShellState(Environment.Cwd);
        AnalyzeText(command, state, new Scope(0, EffectFlags.None), null, DataSource.None);
        FinishScriptChecks();
        return Sink.Effects;
    }

    /// <summary>Analyses shell text another tool runs (an MCP tool's command), in <paramref name="cwd"/>, found
    /// <paramref name="depth"/> layers down.</summary>
    public void AnalyzeNested(string command, string cwd, int depth)
    {
        AnalyzeText(command, new ShellState(cwd), new Scope(depth, EffectFlags.None), null, DataSource.None);
        FinishScriptChecks();
    }

    /// <summary>Scans PowerShell text (the PowerShell tool, <c>pwsh -c</c> from an MCP tool) for what Layer 1 can tell.</summary>
    public void AnalyzePowerShell(string command, string cwd) =>
        Code.PowerShellScanner.Scan(command, Sink, null, EffectFlags.None, cwd);

    /// <summary>Parses and walks shell text found at <paramref name="scope"/>'s depth.</summary>
    public DataSource AnalyzeText(string text, ShellState state, Scope scope, IReadOnlyList<Arg>? positional, DataSource stdin)
    {
        if (scope.Depth > MaxDepth)
        {
            TooDeep(null);
            return DataSource.Unknown;
        }
        if (text.Length == 0) return DataSource.None;
        if (!HasWorkLeft()) return DataSource.Unknown;

        var limits = scope.Depth == 0 ? TopLevelLimits : NestedLimits;
        if (_workBudget < limits.MaxNodes) limits = limits with { MaxNodes = _workBudget };
        var result = ShellParser.Parse(text, limits);
        _workBudget -= result.Nodes;
        foreach (var diagnostic in result.Diagnostics)
        {
            var why = diagnostic.Kind == ParseDiagnosticKind.LimitExceeded
                ? "too large or too deeply nested to analyse: " + diagnostic.Message
                : "could not parse: " + diagnostic.Message;
            Sink.Add(EffectKind.Unknown, null, detail: why, flags: scope.Inherited);
            break;
        }

        if (positional is not null) state.Positional = positional;
        _textsBeingWalked++;
        DataSource output;
        try
        {
            output = WalkScript(result.Script, state, scope, stdin);
        }
        finally
        {
            _textsBeingWalked--;
        }
        if (_textsBeingWalked == 0) WalkWhatRunsLater();
        return output;
    }

    /// <summary>Shell text a trap runs when the shell exits or gets a signal, with the shell state that will hold then.</summary>
    private List<(string Text, ShellState State, Scope Scope)>? _runLater;

    /// <summary>At most this many trap texts are analysed again at the end (each is also analysed where it is set).</summary>
    private const int MaxRunLater = 16;

    /// <summary>Notes shell text that runs later, in <paramref name="state"/> as it will be then (the live state of the
    /// shell that set the trap: the variables it assigns after the trap count).</summary>
    internal void RunLater(string text, ShellState state, Scope scope)
    {
        _runLater ??= [];
        if (_runLater.Count < MaxRunLater) _runLater.Add((text, state, scope));
    }

    /// <summary>Once the outermost text is walked: trap texts with the state the script left, then the functions no
    /// call reached.</summary>
    private void WalkWhatRunsLater()
    {
        _textsBeingWalked++; // what these run is part of this walk
        try
        {
            for (var i = 0; _runLater is not null && i < _runLater.Count; i++)
            {
                var (text, state, scope) = _runLater[i];
                AnalyzeText(text, state.Clone(), scope.Deeper(), null, DataSource.None);
            }
            WalkFunctionsNeverCalled();
        }
        finally
        {
            _textsBeingWalked--;
        }
    }

    /// <summary>Checks that need the whole script: the mkfifo + nc + sh reverse shell spread over statements, and a
    /// shell whose stdio is moved onto a socket descriptor the script opened (<c>ztcp h p; zsh &gt;&amp;$REPLY 0&gt;&amp;$REPLY</c>).</summary>
    private void FinishScriptChecks()
    {
        if (_sawFifo && _sawSocket && _sawShell && !_reverseShellReported)
            ReportReverseShell(null, _socketHost, "named pipe between a shell and a socket", EffectFlags.None);
        if (_descriptorSocketHost is { } host && _shellOnDescriptor && !_reverseShellReported)
            ReportReverseShell(null, host.Length == 0 ? null : host, "shell on a socket descriptor", EffectFlags.None);
    }

    private void ReportReverseShell(Invocation? invocation, string? host, string how, EffectFlags flags)
    {
        _reverseShellReported = true;
        Sink.Add(EffectKind.ReverseShell, invocation, host: host, detail: how, flags: flags);
    }

    private void TooDeep(Invocation? invocation) =>
        Sink.Add(EffectKind.Unknown, invocation, detail: $"nested more than {MaxDepth} levels deep");

    private bool SpendCommand()
    {
        if (_commandBudget > 0 && _workBudget > 0 && !Sink.IsFull)
        {
            _commandBudget--;
            return true;
        }
        ReportBudgetSpent();
        return false;
    }

    /// <summary>Charges <paramref name="units"/> of work (words, redirections); false when the call's budget is spent.</summary>
    private bool SpendWork(int units)
    {
        _workBudget -= units;
        return HasWorkLeft();
    }

    private bool HasWorkLeft()
    {
        if (_workBudget > 0) return true;
        ReportBudgetSpent();
        return false;
    }

    private void ReportBudgetSpent()
    {
        if (_budgetReported) return;
        _budgetReported = true;
        Sink.Add(EffectKind.Unknown, null,
            detail: _workBudget <= 0 ? "too complex to analyse" : "too many commands to analyse");
    }
}
