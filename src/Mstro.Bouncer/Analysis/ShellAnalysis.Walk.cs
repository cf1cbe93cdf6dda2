using Mstro.Bouncer.Shell;

namespace Mstro.Bouncer.Analysis;

internal sealed partial class ShellAnalysis
{
    public DataSource WalkScript(Script script, ShellState state, Scope scope, DataSource stdin)
    {
        var output = DataSource.None;
        var statements = script.Statements;
        for (var i = 0; i < statements.Length; i++)
        {
            var statement = statements[i];
            if (_commandBudget <= 0 || _workBudget <= 0 || Sink.IsFull)
            {
                SpendCommand();
                break;
            }
            output = WalkPipeline(statement.Pipeline, state, scope, stdin);
        }
        return output;
    }

    private DataSource WalkPipeline(Pipeline pipeline, ShellState state, Scope scope, DataSource stdin)
    {
        var commands = pipeline.Commands;
        if (commands.Length == 1)
        {
            var only = WalkCommand(commands[0], state, scope, stdin);
            NoteRoles(only);
            return only.Output;
        }

        // Every part of a pipeline runs in its own subshell: a cd inside does not leak out.
        var input = stdin;
        var roles = CommandRoles.None;
        string? host = null;
        for (var i = 0; i < commands.Length; i++)
        {
            var outcome = WalkCommand(commands[i], state.Clone(), scope, input);
            NoteRoles(outcome);
            roles |= outcome.Roles;
            host ??= outcome.Host;
            input = outcome.Output;
        }

        if ((roles & (CommandRoles.Shell | CommandRoles.Socket)) == (CommandRoles.Shell | CommandRoles.Socket))
            ReportReverseShell(null, host, "shell piped to a socket", scope.Inherited);
        return input;
    }

    private void NoteRoles(in Outcome outcome)
    {
        if ((outcome.Roles & CommandRoles.Fifo) != 0) _sawFifo = true;
        if ((outcome.Roles & CommandRoles.DescriptorSocket) != 0) _descriptorSocketHost ??= outcome.Host ?? "";
        if ((outcome.Roles & CommandRoles.Shell) != 0) _sawShell = true;
        if ((outcome.Roles & CommandRoles.Socket) != 0)
        {
            _sawSocket = true;
            _socketHost ??= outcome.Host;
        }
    }

    private Outcome WalkCommand(Command command, ShellState state, Scope scope, DataSource stdin)
    {
        switch (command)
        {
            case SimpleCommand simple:
                return RunSimple(simple, state, scope, stdin);

            case Subshell subshell:
            {
                var inner = state.Clone();
                var input = ApplyRedirections(subshell.Redirections, inner, scope, null, stdin, out var toFile);
                var output = WalkScript(subshell.Body, inner, scope, input);
                PersistOutput(toFile, output, scope);
                return new Outcome(toFile is not null ? DataSource.None : output, CommandRoles.None, null);
            }

            case Group group:
            {
                var input = ApplyRedirections(group.Redirections, state, scope, null, stdin, out var toFile);
                var output = WalkScript(group.Body, state, scope, input);
                PersistOutput(toFile, output, scope);
                return new Outcome(toFile is not null ? DataSource.None : output, CommandRoles.None, null);
            }

            case FunctionDefinition function:
                DefineFunction(function, state, scope);
                return Outcome.Nothing;

            case Compound compound:
            {
                var input = ApplyRedirections(compound.Redirections, state, scope, null, stdin, out var toFile);
                var output = WalkCompound(compound, state, scope, input);
                PersistOutput(toFile, output, scope);
                return new Outcome(toFile is not null ? DataSource.None : output, CommandRoles.None, null);
            }

            default:
                return Outcome.Nothing;
        }
    }

    private DataSource WalkCompound(Compound compound, ShellState state, Scope scope, DataSource stdin)
    {
        var output = DataSource.None;
        if (compound.Kind is CompoundKind.While or CompoundKind.Until or CompoundKind.For && ProcessFloods.IsProcessFlood(compound))
            Sink.Add(EffectKind.ForkBomb, null, detail: "endless loop starting background processes", flags: scope.Inherited);
        switch (compound.Kind)
        {
            case CompoundKind.For or CompoundKind.Select:
                return WalkLoop(compound, state, scope, stdin);

            case CompoundKind.Case:
                if (compound.Header.Length > 0) ExpandSingle(compound.Header[0], state, scope, ExpandMode.Text);
                break;

            case CompoundKind.Conditional:
                foreach (var word in compound.Header) ExpandSingle(word, state, scope, ExpandMode.Text);
                break;

            case CompoundKind.Arithmetic:
                // (( expr )): substitutions inside the expression run.
                foreach (var word in compound.Header) ExpandSingle(word, state, scope, ExpandMode.Text);
                break;
        }

        foreach (var body in compound.Bodies)
            output = WalkScript(body, state, scope, stdin);
        return output;
    }

    /// <summary>for/select: the body runs once per value (up to a bound), with the variable set to it, so
    /// <c>for d in / /usr; do rm -rf $d; done</c> deletes exactly what it says.</summary>
    private DataSource WalkLoop(Compound loop, ShellState state, Scope scope, DataSource stdin)
    {
        const int MaxIterations = 16;
        var output = DataSource.None;
        var name = loop.Header.Length > 0 ? loop.Header[0].LiteralValue : null;
        if (name is null || !IsVariableName(name))
        {
            // Arithmetic for ((...)) or a malformed header: walk the body once.
            if (loop.Header.Length > 0) ExpandSingle(loop.Header[0], state, scope, ExpandMode.Text);
            foreach (var body in loop.Bodies) output = WalkScript(body, state, scope, stdin);
            return output;
        }

        var values = new List<Arg>();
        if (loop.Header.Length == 1) values.Add(Arg.Unknown("$@"));
        for (var i = 1; i < loop.Header.Length; i++) ExpandWord(loop.Header[i], state, scope, values, ExpandMode.Argument);
        if (values.Count > MaxIterations)
        {
            values.RemoveRange(MaxIterations, values.Count - MaxIterations);
            values.Add(Arg.Unknown("$" + name));
        }

        foreach (var value in values)
        {
            // Each pass spends from the command budget even when the body runs nothing (nested loops multiply:
            // 64 levels of "for i in a b" would otherwise be 2^64 passes over empty bodies).
            if (!SpendCommand()) break;
            state.SetVariable(name, value);
            foreach (var body in loop.Bodies) output = WalkScript(body, state, scope, stdin);
        }
        return output;
    }

    private void DefineFunction(FunctionDefinition function, ShellState state, Scope scope)
    {
        state.DefineFunction(function.Name, function.Body);
        if (ForkBombs.IsForkBomb(function.Name, function.Body))
            Sink.Add(EffectKind.ForkBomb, null, detail: function.Name, flags: scope.Inherited);

        // The body is analysed at each call the script makes, with the call's arguments. A function no call reaches
        // (one a trap, an alias or a child shell might still run) is analysed once at the end, its arguments unknown:
        // see WalkFunctionsNeverCalled.
        if (scope.Depth + 1 > MaxDepth)
        {
            TooDeep(null);
            return;
        }
        var inner = state.Clone();
        inner.Positional = null;
        (_functionsDefined ??= []).Add(new DefinedFunction(function.Body, inner, scope.Deeper()));
    }

    private sealed record DefinedFunction(Command Body, ShellState State, Scope Scope);

    /// <summary>Walks, with unknown arguments, the body of each function the script defined and never called (see
    /// <see cref="WalkWhatRunsLater"/>); a body may define (or call) more functions, which are seen to in turn.</summary>
    private void WalkFunctionsNeverCalled()
    {
        if (_functionsDefined is not { } defined) return;
        for (var i = 0; i < defined.Count; i++)
        {
            var function = defined[i];
            if (!(_functionBodiesCalled ??= new HashSet<Command>(ReferenceEqualityComparer.Instance)).Add(function.Body)) continue;
            WalkCommand(function.Body, function.State, function.Scope, DataSource.None);
        }
    }

    /// <summary>Calls a function the script defined, with its arguments as positional parameters.</summary>
    private void CallFunction(string name, Command body, Arg[] args, ShellState state, Scope scope, DataSource stdin)
    {
        (_functionBodiesCalled ??= new HashSet<Command>(ReferenceEqualityComparer.Instance)).Add(body);
        _functionsRunning ??= new HashSet<string>(StringComparer.Ordinal);
        if (!_functionsRunning.Add(name)) return;
        try
        {
            if (scope.Depth + 1 > MaxDepth)
            {
                TooDeep(null);
                return;
            }
            var inner = state.Clone();
            inner.Positional = args;
            WalkCommand(body, inner, scope.Deeper(), stdin);
        }
        finally
        {
            _functionsRunning.Remove(name);
        }
    }

    /// <summary>Processes a command's redirections: file writes and reads become effects; returns the stdin the
    /// command sees (a heredoc, a here-string, a file, or <paramref name="stdin"/>). <paramref name="stdoutFile"/> is the
    /// file stdout goes to (empty when its path is unknown), or null when it is not redirected to a file.</summary>
    private DataSource ApplyRedirections(Redirection[] redirections, ShellState state, Scope scope,
        Invocation? invocation, DataSource stdin, out string? stdoutFile)
    {
        stdoutFile = null;
        foreach (var redirection in redirections)
        {
            switch (redirection.Operator)
            {
                case RedirectionOperator.HereDocument when redirection.HereDocument is { } here:
                {
                    var body = ExpandSingle(here.Body, state, scope, ExpandMode.Text);
                    stdin = TextSource(body);
                    break;
                }

                case RedirectionOperator.HereString when redirection.Target is { } word:
                {
                    var value = ExpandSingle(word, state, scope, ExpandMode.Text);
                    stdin = TextSource(value, "\n");
                    break;
                }

                case RedirectionOperator.Input when redirection.Target is { } word:
                {
                    var target = ExpandSingle(word, state, scope, ExpandMode.Path);
                    ScanSignatures(target.Value, invocation, scope);
                    var path = ArgPath.Of(target, state.Cwd, state.CwdUnresolved, Environment.Home);
                    if (path.Path is null) stdin = DataSource.Unknown;
                    else if (IsNetworkPseudoDevice(path.Path)) stdin = new DataSource(SourceKind.Download);
                    else
                    {
                        if (!Devices.IsHarmless(path.Path))
                            AddPathEffect(EffectKind.Read, invocation, target, state, scope.Inherited, null, true);
                        stdin = new DataSource(SourceKind.File, Path: path.Path);
                    }
                    break;
                }

                case RedirectionOperator.Output or RedirectionOperator.Append or RedirectionOperator.Clobber
                    or RedirectionOperator.OutputAndError or RedirectionOperator.AppendOutputAndError
                    or RedirectionOperator.ReadWrite when redirection.Target is { } word:
                {
                    var target = ExpandSingle(word, state, scope, ExpandMode.Path);
                    var append = redirection.Operator is RedirectionOperator.Append or RedirectionOperator.AppendOutputAndError;
                    WriteTo(invocation, target, state, scope, append);
                    if (redirection.Operator == RedirectionOperator.ReadWrite)
                        AddPathEffect(EffectKind.Read, invocation, target, state, scope.Inherited, null, true);
                    else if (redirection.FileDescriptor is null or 1 || redirection.Operator is RedirectionOperator.OutputAndError
                        or RedirectionOperator.AppendOutputAndError)
                        stdoutFile = ArgPath.Of(target, state.Cwd, state.CwdUnresolved, Environment.Home).Path ?? "";
                    break;
                }

                case RedirectionOperator.DuplicateOutput or RedirectionOperator.DuplicateInput when redirection.Target is { } word:
                {
                    var target = ExpandSingle(word, state, scope, ExpandMode.Path);
                    var text = target.Value;
                    if (text == "-" || IsAllDigits(text.AsSpan().TrimEnd('-'))) break;
                    // `>& file` sends stdout and stderr to a file.
                    if (redirection.Operator == RedirectionOperator.DuplicateOutput)
                    {
                        WriteTo(invocation, target, state, scope, false);
                        stdoutFile = ArgPath.Of(target, state.Cwd, state.CwdUnresolved, Environment.Home).Path ?? "";
                    }
                    break;
                }
            }
        }
        return stdin;
    }

    /// <summary>Known text a command printed into a file is persisted content (see <see cref="Persisted"/>).</summary>
    private void PersistOutput(string? stdoutFile, DataSource output, Scope scope)
    {
        if (stdoutFile is { Length: > 0 } && output.KnownText is { } text) Persisted(stdoutFile, text, scope);
    }

    private static DataSource TextSource(in Arg value, string suffix = "")
    {
        if (!value.IsUnresolved)
            return DataSource.LiteralText(value.Value + suffix, value.Source is { Decoded: true } || (value.Flags & ArgFlags.Escaped) != 0);
        return value.Source is { Kind: not SourceKind.None } source ? source : DataSource.Unknown;
    }

    /// <summary>Output to a file: a write, a raw device write, or nothing for /dev/null and friends.</summary>
    internal void WriteTo(Invocation? invocation, in Arg target, ShellState state, Scope scope, bool append)
    {
        ScanSignatures(target.Value, invocation, scope);
        var path = ArgPath.Of(target, state.Cwd, state.CwdUnresolved, Environment.Home);
        if (path.Path is not null && path.Path.StartsWith("/dev/", StringComparison.Ordinal))
        {
            if (Devices.IsHarmless(path.Path) || IsNetworkPseudoDevice(path.Path)) return;
            if (Devices.IsBlockDevice(path.Path))
            {
                Sink.AddPath(EffectKind.WriteDevice, invocation, path.Path, path.Flags | scope.Inherited);
                return;
            }
        }
        if (path.Path == "/proc/sysrq-trigger")
            Sink.Add(EffectKind.Shutdown, invocation, detail: "sysrq", flags: scope.Inherited);
        AddPathEffect(EffectKind.Write, invocation, target, state,
            scope.Inherited | (append ? EffectFlags.Append : EffectFlags.None), null, true);
    }

    internal static bool IsNetworkPseudoDevice(string path) =>
        path.StartsWith("/dev/tcp/", StringComparison.Ordinal) || path.StartsWith("/dev/udp/", StringComparison.Ordinal);

    private static bool IsAllDigits(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExceptInRange('0', '9');

    private static bool IsVariableName(string name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0])) return false;
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_') return false;
        }
        return true;
    }

    /// <summary>Adds a path effect for an argument, or an unresolved one when nothing about the path is known.</summary>
    internal void AddPathEffect(EffectKind kind, Invocation? invocation, in Arg arg, ShellState state, EffectFlags flags,
        string? detail, bool followLast)
    {
        switch (arg.Source)
        {
            // <(cmd): the "file" is cmd's output, already analysed where it was produced.
            case not null when arg.Known.StartsWith("/dev/fd/", StringComparison.Ordinal):
                return;
            // $(find ~ -name x), $(git ls-files): the files a listing produced, under its directory.
            case { Kind: SourceKind.Paths, Path: { } listed } when (arg.Flags & ArgFlags.LeadingUnknown) != 0:
                AddPathEffect(kind, invocation, Arg.FilesUnder(listed, arg.Source.Filtered, arg.Source.Text), state, flags, detail, true);
                return;
        }
        var path = ArgPath.Of(arg, state.Cwd, state.CwdUnresolved, Environment.Home);
        if (path.Path is null)
        {
            Sink.Add(new Effect(kind, invocation, null, null, detail, flags | path.Flags));
            return;
        }
        Sink.AddPath(kind, invocation, path.Path, flags | path.Flags, detail, followLast || path.FollowsLink);
    }
}
