using System.Buffers;
using System.Text;
using Mstro.Bouncer.Analysis.Programs;
using Mstro.Bouncer.Shell;

namespace Mstro.Bouncer.Analysis;

internal sealed partial class ShellAnalysis
{
    internal static readonly string[] Signatures =
        ["/dev/tcp/", "/dev/udp/", "stratum+", "stratum2+", "169.254.169.254", "169.254.170.2", "fd00:ec2::254",
         "metadata.google.internal", "metadata.azure.com", "100.100.100.200", "/inet/tcp/", "/inet/udp/"];

    /// <summary>Values scanned one signature at a time before the one-pass search is built: building it costs a
    /// one-call hook process more than the scans it makes.</summary>
    private const int ScansBeforeTheSignatureSearch = 16;

    private static SearchValues<string>? s_signatureSearch;
    private static int s_signatureScans;

    /// <summary>Every signature holds a slash, a plus, a dot or a colon (no other character folds to one of them when case
    /// is ignored): a value with none of them holds no signature, and one search for four characters is cheaper than
    /// the search for twelve strings.</summary>
    internal static readonly SearchValues<char> SignatureMarks = SearchValues.Create("/+.:");

    private static bool HasSignature(string value)
    {
        if (!value.AsSpan().ContainsAny(SignatureMarks)) return false;
        if (Volatile.Read(ref s_signatureSearch) is { } search) return value.AsSpan().IndexOfAny(search) >= 0;
        if (++s_signatureScans > ScansBeforeTheSignatureSearch) // a lost increment under a race only delays the build
        {
            search = SearchValues.Create(Signatures, StringComparison.OrdinalIgnoreCase);
            Volatile.Write(ref s_signatureSearch, search);
            return value.AsSpan().IndexOfAny(search) >= 0;
        }
        foreach (var signature in Signatures)
            if (value.AsSpan().IndexOf(signature, StringComparison.OrdinalIgnoreCase) >= 0) return true;
        return false;
    }

    /// <summary>Shorter values are not scanned: the only signature that would fit is a bare "stratum+" scheme.</summary>
    private const int ShortestScanned = 9;

    private static readonly string[] MetadataHosts =
        ["169.254.169.254", "169.254.170.2", "fd00:ec2::254", "metadata.google.internal", "metadata.azure.com", "100.100.100.200"];

    private static readonly string[] SystemBinaryDirectories =
        ["/bin/", "/sbin/", "/usr/bin/", "/usr/sbin/", "/usr/local/bin/", "/usr/local/sbin/", "/opt/homebrew/bin/",
         "/opt/homebrew/sbin/", "/usr/libexec/", "/nix/", "/run/current-system/", "/snap/bin/"];

    /// <summary>Per-user tool directories (installed tools, not stray scripts), relative to home.</summary>
    private static readonly string[] UserBinaryDirectories =
        ["/.local/bin/", "/.cargo/bin/", "/go/bin/", "/.dotnet/", "/.bun/bin/", "/.deno/bin/", "/.npm-global/",
         "/.volta/", "/.nvm/", "/.pyenv/", "/.rbenv/", "/.asdf/", "/.sdkman/", "/.rustup/", "/.local/share/mise/",
         "/.nix-profile/"];

    private List<Arg>? _spareArgs;

    private Outcome RunSimple(SimpleCommand command, ShellState state, Scope scope, DataSource stdin)
    {
        if (!SpendCommand()) return Outcome.Nothing;
        if (!SpendWork(command.Words.Length + 4 * command.Redirections.Length + command.Assignments.Length)) return Outcome.Nothing;
        if (state.HasAliases && command.Words.Length > 0 && command.Words[0].Parts is [LiteralPart { Quote: QuoteKind.None } first]
            && (_aliasesExpanding is null || !_aliasesExpanding.Contains(first.Text)) && state.TryGetAlias(first.Text, out var alias))
            return RunAliased(command, first.Text, alias, state, scope, stdin);

        var words = command.Words;
        // The list the words expand into is reused from command to command (a substitution inside a word takes its own).
        var args = _spareArgs ?? new List<Arg>(words.Length);
        _spareArgs = null;
        for (var i = 0; i < words.Length; i++) ExpandWord(words[i], state, scope, args, ExpandMode.Argument);
        var argv = args.ToArray();
        args.Clear();
        _spareArgs = args;

        if (argv.Length == 0)
        {
            foreach (var assignment in command.Assignments) Assign(assignment, state, scope);
            ApplyRedirections(command.Redirections, state, scope, null, stdin, out _);
            return Outcome.Nothing;
        }

        Dictionary<string, Arg>? environment = null;
        foreach (var assignment in command.Assignments)
        {
            if (assignment.Subscript is { } subscript) ExpandSingle(subscript, state, scope, ExpandMode.Text);
            environment ??= new Dictionary<string, Arg>(StringComparer.Ordinal);
            var value = AssignmentValue(assignment, state, scope);
            environment[assignment.Name] = value;
            NoteAssignment(assignment.Name, value, null, scope);
        }

        if (command.Redirections.Length == 0) return RunArgv(argv, state, scope, stdin, environment);
        if (!_shellOnDescriptor && MovesStdioToADescriptor(command.Redirections) && Shells.IsShell(ProgramCatalog.Canonical(ProgramName(argv[0]))))
            _shellOnDescriptor = true;

        // Redirections belong to this command (not to a wrapped one): evaluate them against its invocation.
        var invocation = CreateInvocation(argv, ProgramName(argv[0]), state, scope);
        var input = ApplyRedirections(command.Redirections, state, scope, invocation, stdin, out var stdoutFile);
        var outcome = RunArgv(argv, state, scope, input, environment, invocation);
        if (stdoutFile is null) return outcome;
        if (outcome.Output.Kind == SourceKind.Download) NoteDownloaded(stdoutFile, outcome.Output.Host);
        else if (outcome.Output.Decoded) NoteDecoded(stdoutFile);
        PersistOutput(stdoutFile, outcome.Output, scope);
        return outcome with { Output = DataSource.None };
    }

    /// <summary>Alias expansions followed per call (bash re-expands the first word of an alias's value, never the alias
    /// itself again).</summary>
    private const int MaxAliasExpansions = 32;

    /// <summary>Characters of alias values read per call: a long alias used many times is not re-read without end.</summary>
    private const int MaxAliasText = 64 * 1024;

    private HashSet<string>? _aliasesExpanding;
    private int _aliasExpansions;
    private int _aliasText;

    /// <summary>A command whose first word is an alias the script defined: bash reads the alias's text in its place.
    /// A value that is one simple command (<c>rm -rf</c>) is spliced in front of the remaining words; a value with
    /// operators (<c>cd /; rm -rf</c>) is read as shell text with the remaining words appended.</summary>
    private Outcome RunAliased(SimpleCommand command, string name, string value, ShellState state, Scope scope, DataSource stdin)
    {
        _aliasText += value.Length;
        if (_aliasExpansions++ >= MaxAliasExpansions || _aliasText > MaxAliasText)
        {
            Sink.Add(EffectKind.Unknown, null, detail: "too many alias expansions to analyse", flags: scope.Inherited);
            return Outcome.Nothing;
        }
        _aliasesExpanding ??= new HashSet<string>(StringComparer.Ordinal);
        _aliasesExpanding.Add(name);
        try
        {
            var parsed = ShellParser.Parse(value, NestedLimits);
            if (parsed.Diagnostics.Length == 0 && parsed.Script.Statements is [{ Background: false, Pipeline: { Negated: false, Commands: [SimpleCommand head] } }])
            {
                Word[] words = [.. head.Words, .. command.Words.AsSpan(1)];
                Assignment[] assignments = [.. command.Assignments, .. head.Assignments];
                Redirection[] redirections = [.. head.Redirections, .. command.Redirections];
                _commandBudget++;
                return RunSimple(new SimpleCommand(assignments, words, redirections), state, scope, stdin);
            }

            var text = new StringBuilder(value);
            for (var i = 1; i < command.Words.Length; i++) text.Append(' ').Append(command.Words[i].Source);
            var input = ApplyRedirections(command.Redirections, state, scope, null, stdin, out _);
            return new Outcome(AnalyzeText(text.ToString(), state, scope.Deeper(), null, input), CommandRoles.None, null);
        }
        finally
        {
            _aliasesExpanding.Remove(name);
        }
    }

    /// <summary><c>&gt;&amp;$REPLY</c>, <c>0&lt;&amp;3</c>: stdin or stdout duplicated from a descriptor other than 0, 1, 2.</summary>
    private static bool MovesStdioToADescriptor(Redirection[] redirections)
    {
        foreach (var redirection in redirections)
        {
            if (redirection.Operator is not (RedirectionOperator.DuplicateOutput or RedirectionOperator.DuplicateInput)
                || redirection.FileDescriptor is > 1 || redirection.Target is not { } target) continue;
            var text = target.LiteralValue;
            if (text is null || text.Length > 0 && char.IsAsciiDigit(text[0]) && text.TrimEnd('-') is not ("0" or "1" or "2")) return true;
        }
        return false;
    }

    private void Assign(Assignment assignment, ShellState state, Scope scope)
    {
        if (assignment.Subscript is { } subscript)
        {
            // NAME[index]=value: the index is evaluated (its substitutions run); arrays are not tracked.
            ExpandSingle(subscript, state, scope, ExpandMode.Text);
            AssignmentValue(assignment, state, scope);
            return;
        }
        if (assignment.ArrayElements is { } elements)
        {
            var values = new List<Arg>();
            foreach (var element in elements) ExpandWord(element, state, scope, values, ExpandMode.Argument);
            state.SetVariable(assignment.Name, values.Count > 0 ? values[0] : Arg.Literal(""));
            return;
        }
        var value = AssignmentValue(assignment, state, scope);
        if (assignment.Append && LookupVariable(assignment.Name, state) is { IsUnresolved: false } previous && !value.IsUnresolved)
            value = Arg.Literal(previous.Value + value.Value);
        state.SetVariable(assignment.Name, value);
        NoteAssignment(assignment.Name, value, null, scope);
    }

    private Arg AssignmentValue(Assignment assignment, ShellState state, Scope scope) =>
        ExpandSingle(assignment.Value, state, scope, ExpandMode.Assignment);

    /// <summary>Runs one program with expanded arguments: records the invocation, then lets the catalog add what the
    /// program does. Wrappers come back here with their inner command one level deeper.</summary>
    internal Outcome RunArgv(Arg[] argv, ShellState state, Scope scope, DataSource stdin,
        IReadOnlyDictionary<string, Arg>? environment, Invocation? invocation = null)
    {
        if (scope.Depth > MaxDepth)
        {
            TooDeep(invocation);
            return new Outcome(DataSource.Unknown, CommandRoles.None, null);
        }

        var program = argv[0];
        var name = ProgramName(program, out var hasSlash);
        invocation ??= CreateInvocation(argv, name, state, scope);
        Sink.Add(new Effect(EffectKind.Run, invocation, null, null, name, scope.Inherited));
        var known = ProgramCatalog.Find(name);
        var canonical = known.Name;
        if (!known.TakesDataArguments)
        {
            foreach (var arg in argv)
            {
                if (arg.Value.Length >= ShortestScanned) ScanSignatures(arg.Value, invocation, scope);
            }
        }

        if (program.IsUnresolved)
            return RunUnknownProgram(argv, invocation, state, scope);

        if ((program.Flags & ArgFlags.Escaped) != 0)
            Sink.Add(EffectKind.Obfuscation, invocation, detail: "escaped command name", flags: scope.Inherited);

        if (hasSlash) RunFileDirectly(program, invocation, state, scope);

        if (state.TryGetFunction(name, out var body))
        {
            CallFunction(name, body, argv, state, scope, stdin);
            return Outcome.Nothing;
        }

        var context = new CommandContext(this, state, scope, argv, canonical, invocation, stdin, environment);
        known.Handler?.Invoke(context);
        if (!context.PathsHandled) GenericArguments(context);
        if (known.MayPrintShellSetup && ShellSetup.Prints(canonical, argv)) context.Output = new DataSource(SourceKind.ShellSetup, Text: canonical);
        return new Outcome(context.Output, context.Roles, context.RoleHost);
    }

    /// <summary>The program word's base name: <c>/bin/rm</c> → <c>rm</c>.</summary>
    private static string ProgramName(in Arg program) => ProgramName(program, out _);

    /// <summary>The program word's base name; <paramref name="hasSlash"/> tells whether the word is a path.</summary>
    private static string ProgramName(in Arg program, out bool hasSlash)
    {
        var value = program.Value;
        hasSlash = value.Contains('/', StringComparison.Ordinal);
        if (program.IsUnresolved || !hasSlash) return value;
        var trimmed = value.Length > 1 ? value.TrimEnd('/') : value;
        var slash = trimmed.LastIndexOf('/');
        return slash < 0 ? trimmed : trimmed[(slash + 1)..];
    }

    private static Invocation CreateInvocation(Arg[] argv, string name, ShellState state, Scope scope)
    {
        var length = name.Length;
        for (var i = 1; i < argv.Length; i++) length += argv[i].Value.Length + 1;
        var text = argv.Length == 1 ? name : string.Create(length, (name, argv), static (span, parts) =>
        {
            parts.name.CopyTo(span);
            var at = parts.name.Length;
            var argv = parts.argv;
            for (var i = 1; i < argv.Length; i++)
            {
                var argument = argv[i].Value;
                span[at++] = ' ';
                argument.CopyTo(span[at..]);
                at += argument.Length;
            }
        });
        return new Invocation(name, new ArgumentValues(argv), text, state.Cwd, scope.Depth);
    }

    /// <summary><c>$CMD args</c>: the program itself is not known, so anything may run.</summary>
    private Outcome RunUnknownProgram(Arg[] argv, Invocation invocation, ShellState state, Scope scope)
    {
        var program = argv[0];
        var source = program.Source;
        if (source is { Kind: SourceKind.Download })
            Sink.Add(EffectKind.ExecuteCode, invocation, host: source.Host, detail: "download", flags: scope.Inherited);
        else
            Sink.Add(EffectKind.ExecuteCode, invocation, detail: "dynamic", flags: scope.Inherited | EffectFlags.Unresolved);
        if (source is { Decoded: true })
            Sink.Add(EffectKind.Obfuscation, invocation, detail: "decoded", flags: scope.Inherited);
        var context = new CommandContext(this, state, scope, argv, invocation.Program, invocation, DataSource.None, null);
        GenericArguments(context);
        return new Outcome(DataSource.Unknown, CommandRoles.None, null);
    }

    /// <summary><c>./build.sh</c>, <c>/tmp/x</c>: a file run directly. A download this call saved runs code from the network;
    /// a program this call compiled is what it built; outside the project (and outside the system's binary directories)
    /// anything else is code nobody reviewed.</summary>
    private void RunFileDirectly(in Arg program, Invocation invocation, ShellState state, Scope scope)
    {
        var path = ArgPath.Of(program, state.Cwd, state.CwdUnresolved, Environment.Home);
        if (path.Path is null) return;
        if (RunsUnreadCode(path.Path, out var detail, out var host))
        {
            Sink.Add(EffectKind.ExecuteCode, invocation, path: path.Path, host: host, detail: detail, flags: scope.Inherited);
            return;
        }
        if (WasBuilt(path.Path)) return;
        foreach (var directory in SystemBinaryDirectories)
        {
            if (path.Path.StartsWith(directory, StringComparison.Ordinal)) return;
        }
        if (PathText.IsUnder(path.Path, Environment.Home))
        {
            var inHome = path.Path.AsSpan(Environment.Home.Length);
            foreach (var directory in UserBinaryDirectories)
            {
                if (inHome.StartsWith(directory, StringComparison.Ordinal)) return;
            }
        }
        if (!PathText.IsUnder(path.Path, Environment.ProjectDir))
            Sink.AddPath(EffectKind.ExecuteCode, invocation, path.Path, path.Flags | scope.Inherited, "script");
    }

    /// <summary>Strings that are dangerous wherever they appear: /dev/tcp (reverse shells), mining pools, cloud
    /// metadata endpoints.</summary>
    internal void ScanSignatures(string value, Invocation? invocation, Scope scope)
    {
        if (value.Length < ShortestScanned || !HasSignature(value)) return;

        var tcp = TextSearch.IndexOfIgnoringCase(value, "/dev/tcp/");
        if (tcp < 0) tcp = TextSearch.IndexOfIgnoringCase(value, "/dev/udp/");
        if (tcp < 0) tcp = TextSearch.IndexOfIgnoringCase(value, "/inet/tcp/");
        if (tcp < 0) tcp = TextSearch.IndexOfIgnoringCase(value, "/inet/udp/");
        if (tcp >= 0)
        {
            var host = NetworkAddress.HostOfDevTcp(value, tcp);
            if (!_reverseShellReported || host is not null)
                ReportReverseShell(invocation, host, value[tcp..].StartsWith("/inet", StringComparison.Ordinal) ? "gawk /inet socket" : "/dev/tcp socket", scope.Inherited);
            Sink.Add(EffectKind.Network, invocation, host: host, detail: value, flags: scope.Inherited);
        }

        if (TextSearch.ContainsIgnoringCase(value, "stratum+") || TextSearch.ContainsIgnoringCase(value, "stratum2+"))
            Sink.Add(EffectKind.Mine, invocation, host: NetworkAddress.HostOf(value), detail: "stratum", flags: scope.Inherited);

        foreach (var host in MetadataHosts)
        {
            if (TextSearch.ContainsIgnoringCase(value, host))
                Sink.Add(EffectKind.Network, invocation, host: host, detail: value, flags: scope.Inherited);
        }
    }

    /// <summary>Any argument that names a file counts as a read of it, for programs the catalog does not know too:
    /// an unknown tool given <c>~/.ssh/id_rsa</c> is reading it. A URL argument is a contacted host.</summary>
    private static void GenericArguments(CommandContext context)
    {
        var args = context.Args;
        for (var i = 1; i < args.Length; i++)
        {
            var arg = args[i];
            var value = arg.Known;
            if (value.StartsWith('-'))
            {
                var equals = value.IndexOf('=', StringComparison.Ordinal);
                if (equals < 0 || arg.IsUnresolved) continue;
                var attached = value[(equals + 1)..];
                if (attached.Contains("://", StringComparison.Ordinal)) NetworkCommands.Contact(context, attached);
                else if (PathHeuristics.LooksLikePath(attached)) context.AddPath(EffectKind.Read, Arg.Unquoted(attached));
                continue;
            }
            if (arg.Source is { Kind: SourceKind.Download or SourceKind.File or SourceKind.Environment }) continue;
            if (value.Contains("://", StringComparison.Ordinal))
            {
                NetworkCommands.Contact(context, value);
                continue;
            }
            if (PathHeuristics.LooksLikePath(value) || arg.IsUnresolved && (arg.Flags & ArgFlags.LeadingUnknown) == 0 && value.StartsWith('/'))
                context.AddPath(EffectKind.Read, arg);
        }
    }
}
