using Mstro.Bouncer.Analysis.Code;

namespace Mstro.Bouncer.Analysis.Programs;

/// <summary>Programs that run code: shells (<c>bash -c</c>, scripts, stdin), <c>eval</c>, <c>source</c>, and the
/// inline interpreters (<c>python -c</c>, <c>node -e</c>, <c>perl -e</c>...).</summary>
internal static class Shells
{
    private static readonly string[] ShellNames = ["bash", "sh", "zsh", "dash", "ksh", "fish", "csh", "tcsh", "rbash"];

    public static bool IsShell(string canonical) => Array.IndexOf(ShellNames, canonical) >= 0;

    public static void Register(ProgramTable table)
    {
        foreach (var shell in ShellNames)
            table[shell] = RunShell;
        table["eval"] = RunEval;
        table["source"] = RunSource;
        table["."] = RunSource;
        table["trap"] = RunTrap;
        table["pwsh"] = RunPowerShell;
        table["python"] = RunPython;
        table["node"] = RunNode;
        table["deno"] = RunDeno;
        table["perl"] = c => RunPerlLike(c, CodeLanguage.Perl);
        table["ruby"] = c => RunPerlLike(c, CodeLanguage.Ruby);
        table["php"] = RunPhp;
        table["lua"] = c => RunSimpleInterpreter(c, CodeLanguage.Lua, "e", "l");
        table["osascript"] = c => RunSimpleInterpreter(c, CodeLanguage.AppleScript, "e", "l");
        table["Rscript"] = c => RunSimpleInterpreter(c, CodeLanguage.R, "e", "");
        table["awk"] = RunAwk;
    }

    /// <summary><c>bash [-xlc...] 'text' [$0 [$1...]]</c>, <c>bash script.sh</c>, <c>bash -s</c> / <c>bash</c> reading stdin.</summary>
    private static void RunShell(CommandContext c)
    {
        c.PathsHandled = true;
        var args = c.Args;
        var command = false;
        var readStdin = false;
        var i = 1;
        while (i < args.Length)
        {
            var value = args[i].Value;
            if (value == "-")
            {
                readStdin = true;
                i++;
                break;
            }
            if (value == "--")
            {
                i++;
                break;
            }
            if (value.StartsWith("--", StringComparison.Ordinal))
            {
                i += value is "--rcfile" or "--init-file" ? 2 : 1;
                continue;
            }
            if (value.Length < 2 || value[0] is not ('-' or '+') || args[i].IsUnresolved) break;
            i++;
            foreach (var letter in value.AsSpan(1))
            {
                switch (letter)
                {
                    case 'c':
                        command = true;
                        break;
                    case 's':
                        readStdin = true;
                        break;
                    case 'i':
                        c.Roles |= CommandRoles.Shell;
                        break;
                    case 'o' or 'O':
                        i++;
                        break;
                }
            }
        }

        if (command)
        {
            if (i >= args.Length) return;
            var positional = i + 1 < args.Length ? args[(i + 1)..] : [Arg.Literal(c.Program)];
            c.Output = RunText(c, args[i], positional);
            return;
        }

        if (!readStdin && i < args.Length)
        {
            var script = args[i];
            if (script.Source is { } source && !source.IsNone) c.Output = ExecuteInput(c, source, null);
            else if (script.Known is "/dev/stdin" or "/dev/fd/0") c.Output = ExecuteInput(c, c.Stdin, null);
            else RunScriptFile(c, script);
            return;
        }

        c.Output = ExecuteInput(c, c.Stdin, null);
    }

    /// <summary>Shell text given as an argument (<c>bash -c</c>, <c>su -c</c>, <c>eval</c>).</summary>
    internal static DataSource RunText(CommandContext c, in Arg text, IReadOnlyList<Arg>? positional)
    {
        if ((text.Flags & ArgFlags.Escaped) != 0 || text.Source is { Decoded: true })
            c.Add(EffectKind.Obfuscation, detail: "decoded");
        if (text.IsUnresolved)
        {
            UnknownCode(c, text.Source, "dynamic");
            // What is known of the text still counts: `bash -c "rm -rf $DIR"`.
            if (text.Known.Length == 0) return DataSource.Unknown;
        }
        return c.RunShellText(text.Value, positional);
    }

    /// <summary>Code whose text cannot be seen: from the network, decoded, or built at run time.</summary>
    private static void UnknownCode(CommandContext c, DataSource? source, string otherwise)
    {
        switch (source)
        {
            case { Kind: SourceKind.ShellSetup }:
                // eval "$(pyenv init -)": the tool's own setup code, trusted as much as the tool.
                break;
            case { Kind: SourceKind.Download }:
                c.Add(EffectKind.ExecuteCode, host: source.Host, detail: "download");
                if (source.Decoded) c.Add(EffectKind.Obfuscation, detail: "decoded");
                break;
            case { Decoded: true }:
                c.Add(EffectKind.Obfuscation, detail: "decoded");
                c.Add(EffectKind.ExecuteCode, detail: "decoded");
                break;
            default:
                c.Add(EffectKind.ExecuteCode, detail: otherwise, flags: EffectFlags.Unresolved);
                break;
        }
    }

    /// <summary>A shell or interpreter runs what comes in on stdin (or through <c>&lt;(...)</c>).</summary>
    internal static DataSource ExecuteInput(CommandContext c, DataSource input, CodeLanguage? language)
    {
        if (input.IsNone) return DataSource.Unknown;
        if (language is null) c.Roles |= CommandRoles.Shell;
        switch (input.Kind)
        {
            case SourceKind.Literal when input.Text is { } text:
                if (input.Decoded) c.Add(EffectKind.Obfuscation, detail: "decoded");
                if (language is { } code)
                {
                    c.ScanCode(text, code);
                    return DataSource.Unknown;
                }
                return c.RunShellText(text);

            case SourceKind.File when !input.Decoded:
                if (input.Path is { } path && c.Analysis.RunsUnreadCode(path, out var detail, out var host))
                    c.Add(EffectKind.ExecuteCode, path: path, host: host, detail: detail);
                else if (input.Path is { } script && !PathText.IsUnder(script, c.Environment.ProjectDir))
                    c.AddAbsolute(EffectKind.ExecuteCode, script, detail: "script");
                return DataSource.Unknown;

            default:
                UnknownCode(c, input, language is null ? "dynamic" : "inline");
                return DataSource.Unknown;
        }
    }

    /// <summary><c>bash script.sh</c>, <c>python tool.py</c>, <c>source env.sh</c>: reads the file and runs it; a script
    /// this call downloaded runs code from the network, one outside the project is code nobody here reviewed.</summary>
    internal static void RunScriptFile(CommandContext c, in Arg script)
    {
        c.AddPath(EffectKind.Read, script);
        var path = c.PathOf(script);
        if (path.Path is not null && c.Analysis.RunsUnreadCode(path.Path, out var detail, out var host))
            c.Add(EffectKind.ExecuteCode, path: path.Path, host: host, detail: detail);
        else if (path.Path is null || !PathText.IsUnder(path.Path, c.Environment.ProjectDir))
            c.AddPath(EffectKind.ExecuteCode, script, detail: "script");
    }

    /// <summary><c>eval words...</c>: the words are joined and run as shell text.</summary>
    private static void RunEval(CommandContext c)
    {
        c.PathsHandled = true;
        if (c.Args.Length < 2) return;
        var flags = ArgFlags.None;
        DataSource? source = null;
        var known = false;
        for (var i = 1; i < c.Args.Length; i++)
        {
            flags |= c.Args[i].Flags;
            source ??= c.Args[i].Source;
            known |= c.Args[i].Known.Length > 0;
        }
        var text = TextCommands.JoinValues(c.Args, 1);

        if ((flags & (ArgFlags.Escaped)) != 0 || source is { Decoded: true })
            c.Add(EffectKind.Obfuscation, detail: "decoded");
        if ((flags & ArgFlags.Unresolved) != 0)
        {
            UnknownCode(c, source, "dynamic");
            if (!known) return;
        }
        else if ((flags & ArgFlags.Expanded) != 0)
        {
            c.Add(EffectKind.ExecuteCode, detail: "dynamic");
        }
        c.Output = c.RunShellText(text, ownState: false);
    }

    private static void RunSource(CommandContext c)
    {
        c.PathsHandled = true;
        if (c.Args.Length < 2) return;
        var script = c.Args[1];
        if (script.Source is { } source && !source.IsNone)
        {
            c.Output = ExecuteInput(c, source, null);
            return;
        }
        if (script.Known is "/dev/stdin" or "/dev/fd/0")
        {
            c.Output = ExecuteInput(c, c.Stdin, null);
            return;
        }
        RunScriptFile(c, script);
    }

    /// <summary><c>trap 'cmd' EXIT</c>: the text runs later in this shell; it is analysed where it is set, and again with the
    /// state the script leaves.</summary>
    private static void RunTrap(CommandContext c)
    {
        c.PathsHandled = true;
        if (c.Args.Length < 3 || c.Args[1].Value.StartsWith('-')) return;
        RunText(c, c.Args[1], null);
        // The text runs when the shell exits or is signalled: by then the script may have changed what it expands to.
        if (!c.Args[1].IsUnresolved) c.Analysis.RunLater(c.Args[1].Value, c.State, c.Scope);
    }

    /// <summary><c>pwsh [-NoProfile ...] -Command text</c> (the rest of the line), <c>-EncodedCommand base64</c> (UTF-16LE,
    /// decoded and scanned, and obfuscation in itself), <c>-File script</c>, or the script on stdin: scanned by
    /// <see cref="PowerShellScanner"/>, which Layer 1 otherwise does not read.</summary>
    private static void RunPowerShell(CommandContext c)
    {
        c.PathsHandled = true;
        var args = c.Args;
        string? command = null;
        for (var i = 1; i < args.Length; i++)
        {
            var value = args[i].Value;
            if (value.Length < 2 || value[0] is not ('-' or '/') || value == "-")
            {
                command = value == "-" ? null : TextCommands.JoinValues(args, i);
                break;
            }
            var name = value[1..].TrimEnd(':').ToLowerInvariant();
            if (IsParameter(name, "command", 1))
            {
                if (i + 1 < args.Length && args[i + 1].Value != "-") command = TextCommands.JoinValues(args, i + 1);
                break;
            }
            if (name is "e" or "ec" || name.StartsWith("en", StringComparison.Ordinal) && IsParameter(name, "encodedcommand", 2))
            {
                c.Add(EffectKind.Obfuscation, detail: "encoded PowerShell");
                if (i + 1 >= args.Length) return;
                command = PowerShellScanner.DecodeEncodedCommand(args[i + 1].Value);
                if (command is null) c.Add(EffectKind.ExecuteCode, detail: "decoded");
                break;
            }
            if (name == "f" || IsParameter(name, "file", 2))
            {
                if (i + 1 < args.Length) RunScriptFile(c, args[i + 1]);
                c.Add(EffectKind.Unknown, detail: PowerShellScanner.NotAnalysed);
                return;
            }
            if (name is "w" or "wd" or "o" or "v" or "if" or "ep" || name.StartsWith("ex", StringComparison.Ordinal)
                || name.StartsWith("wi", StringComparison.Ordinal) || name.StartsWith("wo", StringComparison.Ordinal)
                || name.StartsWith("ou", StringComparison.Ordinal) || name.StartsWith("inp", StringComparison.Ordinal)
                || name.StartsWith("ve", StringComparison.Ordinal) || name.StartsWith("se", StringComparison.Ordinal)
                || name.StartsWith("conf", StringComparison.Ordinal) || name.StartsWith("cu", StringComparison.Ordinal))
                i++;
        }
        if (command is null && c.Stdin.KnownText is { } piped) command = piped;
        if (command is null)
        {
            if (!c.Stdin.IsNone) UnknownCode(c, c.Stdin, "inline");
            c.Add(EffectKind.Unknown, detail: PowerShellScanner.NotAnalysed);
            return;
        }
        PowerShellScanner.Scan(command, c.Analysis.Sink, c.Invocation, c.Scope.Inherited, c.Cwd);
    }

    private static bool IsParameter(string name, string parameter, int minimum) =>
        name.Length >= minimum && parameter.StartsWith(name, StringComparison.Ordinal);

    /// <summary>Inline code given as an argument: scanned for what it does.</summary>
    internal static void RunCode(CommandContext c, in Arg code, CodeLanguage language)
    {
        if (code.Source is { Decoded: true } || (code.Flags & ArgFlags.Escaped) != 0)
            c.Add(EffectKind.Obfuscation, detail: "decoded");
        if (code.IsUnresolved)
        {
            UnknownCode(c, code.Source, "inline");
            if (code.Known.Length == 0) return;
        }
        c.ScanCode(code.Value, language);
    }

    /// <summary><c>python [-c code | -m module | - | script] args</c>.</summary>
    private static void RunPython(CommandContext c)
    {
        c.PathsHandled = true;
        var args = c.Args;
        for (var i = 1; i < args.Length; i++)
        {
            var value = args[i].Value;
            if (value == "-")
            {
                ExecuteInput(c, c.Stdin, CodeLanguage.Python);
                return;
            }
            if (value == "--")
            {
                if (i + 1 < args.Length) RunScriptArgument(c, args[i + 1], CodeLanguage.Python);
                return;
            }
            if (value.Length < 2 || value[0] != '-' || value.StartsWith("--", StringComparison.Ordinal))
            {
                if (value.StartsWith("--", StringComparison.Ordinal)) continue;
                RunScriptArgument(c, args[i], CodeLanguage.Python);
                return;
            }
            for (var k = 1; k < value.Length; k++)
            {
                var letter = value[k];
                if (letter is 'c' or 'm')
                {
                    Arg payload;
                    int next;
                    if (k + 1 < value.Length)
                    {
                        payload = Arg.Literal(value[(k + 1)..]);
                        next = i + 1;
                    }
                    else if (i + 1 < args.Length)
                    {
                        payload = args[i + 1];
                        next = i + 2;
                    }
                    else return;

                    if (letter == 'c') RunCode(c, payload, CodeLanguage.Python);
                    else RunPythonModule(c, payload.Value, next);
                    return;
                }
                if (letter is 'W' or 'X' or 'Q')
                {
                    if (k == value.Length - 1) i++;
                    break;
                }
            }
        }
        if (!c.Stdin.IsNone) ExecuteInput(c, c.Stdin, CodeLanguage.Python);
    }

    private static void RunPythonModule(CommandContext c, string module, int next)
    {
        if (module is "pip" or "pip3")
        {
            PackageManagers.Pip(c, next);
            return;
        }
        if (module == "uv") PackageManagers.Uv(c, next);
        else if (module is "http.server" or "SimpleHTTPServer") ServeDirectory(c, next, "--directory", "-d", "--bind", "-b", "0.0.0.0");
    }

    /// <summary><c>python3 -m http.server --directory ~</c>, <c>php -S 0.0.0.0:80 -t ~</c>: every file under the
    /// directory is offered to the network.</summary>
    internal static void ServeDirectory(CommandContext c, int start, string longDirectory, string shortDirectory, string longBind,
        string shortBind, string host)
    {
        Arg? directory = null;
        for (var i = start; i < c.Args.Length; i++)
        {
            var value = c.Args[i].Value;
            if ((value == longDirectory || value == shortDirectory) && i + 1 < c.Args.Length) directory = c.Args[++i];
            else if (value.StartsWith(longDirectory + "=", StringComparison.Ordinal)) directory = Arg.Unquoted(value[(longDirectory.Length + 1)..]);
            else if ((value == longBind || value == shortBind) && i + 1 < c.Args.Length) host = c.Args[++i].Value;
        }
        var path = directory is { } d ? c.PathOf(d).Path : c.Cwd;
        if (path is null) return;
        c.AddAbsolute(EffectKind.Read, path, EffectFlags.Recursive);
        c.Add(EffectKind.Upload, path: path, host: host, detail: "serve", flags: EffectFlags.Recursive);
    }

    /// <summary>A script operand of an interpreter: a file, or <c>&lt;(curl ...)</c>.</summary>
    private static void RunScriptArgument(CommandContext c, in Arg script, CodeLanguage language)
    {
        if (script.Source is { } source && !source.IsNone) ExecuteInput(c, source, language);
        else if (script.Known is "/dev/stdin" or "/dev/fd/0") ExecuteInput(c, c.Stdin, language);
        else RunScriptFile(c, script);
    }

    /// <summary><c>node [-e|-p|--eval|--print code] [-r mod] [script | -]</c>.</summary>
    private static void RunNode(CommandContext c)
    {
        c.PathsHandled = true;
        var args = c.Args;
        for (var i = 1; i < args.Length; i++)
        {
            var value = args[i].Value;
            if (value is "-e" or "-p" or "--eval" or "--print" or "-pe")
            {
                if (i + 1 < args.Length) RunCode(c, args[i + 1], CodeLanguage.JavaScript);
                return;
            }
            if (value.StartsWith("--eval=", StringComparison.Ordinal) || value.StartsWith("--print=", StringComparison.Ordinal))
            {
                RunCode(c, Arg.Literal(value[(value.IndexOf('=', StringComparison.Ordinal) + 1)..]), CodeLanguage.JavaScript);
                return;
            }
            if (value is "-r" or "--require" or "--import" or "--loader" or "--experimental-loader" or "-C" or "--conditions"
                or "--title" or "--env-file" or "--inspect-port")
            {
                i++;
                continue;
            }
            if (value == "-")
            {
                ExecuteInput(c, c.Stdin, CodeLanguage.JavaScript);
                return;
            }
            if (value == "--")
            {
                if (i + 1 < args.Length) RunScriptArgument(c, args[i + 1], CodeLanguage.JavaScript);
                return;
            }
            if (value.StartsWith('-')) continue;
            RunScriptArgument(c, args[i], CodeLanguage.JavaScript);
            return;
        }
        if (!c.Stdin.IsNone) ExecuteInput(c, c.Stdin, CodeLanguage.JavaScript);
    }

    /// <summary><c>deno eval code</c>, <c>deno run URL</c>, <c>deno run -</c> (the program on stdin).</summary>
    private static void RunDeno(CommandContext c)
    {
        c.PathsHandled = true;
        if (c.Args.Length < 3) return;
        var sub = c.Args[1].Value;
        for (var i = 2; i < c.Args.Length; i++)
        {
            var arg = c.Args[i];
            if (arg.Value == "-" && sub is "run" or "eval")
            {
                ExecuteInput(c, c.Stdin, CodeLanguage.JavaScript);
                return;
            }
            if (arg.Value.StartsWith('-')) continue;
            if (sub == "eval")
            {
                RunCode(c, arg, CodeLanguage.JavaScript);
                return;
            }
            if (sub is "run" or "install" or "compile")
            {
                var host = NetworkAddress.HostOf(arg.Value);
                if (arg.Value.Contains("://", StringComparison.Ordinal) && host is not null)
                {
                    c.Add(EffectKind.Network, host: host, detail: arg.Value);
                    c.Add(EffectKind.ExecuteCode, host: host, detail: "download");
                }
                else RunScriptArgument(c, arg, CodeLanguage.JavaScript);
                return;
            }
            return;
        }
    }

    /// <summary><c>perl -e/-E code</c>, <c>ruby -e code</c> (bundled: <c>-le</c>, <c>-pi -e</c>), <c>-i</c> edits files.</summary>
    private static void RunPerlLike(CommandContext c, CodeLanguage language)
    {
        c.PathsHandled = true;
        var args = c.Args;
        var code = new List<Arg>();
        var inPlace = false;
        var files = new List<int>();
        var i = 1;
        for (; i < args.Length; i++)
        {
            var value = args[i].Value;
            if (value == "--")
            {
                i++;
                break;
            }
            if (value.Length < 2 || value[0] != '-' || args[i].IsUnresolved) break;
            for (var k = 1; k < value.Length; k++)
            {
                var letter = value[k];
                if (letter is 'e' or 'E')
                {
                    if (k + 1 < value.Length) code.Add(Arg.Literal(value[(k + 1)..]));
                    else if (i + 1 < args.Length) code.Add(args[++i]);
                    break;
                }
                if (letter == 'i')
                {
                    inPlace = true;
                    break;
                }
                if (letter is 'l' or '0')
                {
                    // -l and -0 take optional digits attached (-l012, -0777): skip them, keep reading flags.
                    if (letter == '0' && k + 1 < value.Length && value[k + 1] is 'x' or 'X')
                    {
                        k++;
                        while (k + 1 < value.Length && char.IsAsciiHexDigit(value[k + 1])) k++;
                    }
                    while (k + 1 < value.Length && value[k + 1] is >= '0' and <= '7') k++;
                    continue;
                }
                if (letter is 'M' or 'm' or 'I' or 'r' or 'C' or 'x' or 'd' or 'F' or 'D' or 'V')
                {
                    if (k + 1 == value.Length && letter is 'M' or 'm' or 'I' or 'r' or 'C') i++;
                    break;
                }
            }
        }

        var operandStart = i;
        if (code.Count == 0)
        {
            if (operandStart < args.Length)
            {
                RunScriptArgument(c, args[operandStart], language);
                operandStart++;
            }
            else if (!c.Stdin.IsNone) ExecuteInput(c, c.Stdin, language);
        }
        else
        {
            foreach (var piece in code) RunCode(c, piece, language);
        }

        for (var k = operandStart; k < args.Length; k++) files.Add(k);
        foreach (var index in files)
        {
            if (args[index].Value.StartsWith('-')) continue;
            c.AddPath(inPlace ? EffectKind.Write : EffectKind.Read, args[index]);
        }
    }

    private static void RunPhp(CommandContext c)
    {
        c.PathsHandled = true;
        var args = c.Args;
        for (var i = 1; i < args.Length; i++)
        {
            var value = args[i].Value;
            if (value is "-r" or "-B" or "-R" or "-E")
            {
                if (i + 1 < args.Length) RunCode(c, args[i + 1], CodeLanguage.Php);
                i++;
                continue;
            }
            if (value == "-f")
            {
                if (i + 1 < args.Length) RunScriptArgument(c, args[i + 1], CodeLanguage.Php);
                return;
            }
            if (value == "-S")
            {
                var bind = i + 1 < args.Length ? args[i + 1].Value : "localhost";
                var host = NetworkAddress.HostOf("http://" + bind) ?? "localhost";
                ServeDirectory(c, i + 2, "--docroot", "-t", "\0", "\0", host);
                return;
            }
            if (value is "-t" or "-d" or "-c" or "-z")
            {
                i++;
                continue;
            }
            if (value.StartsWith('-')) continue;
            RunScriptArgument(c, args[i], CodeLanguage.Php);
            return;
        }
    }

    /// <summary>lua -e, osascript -e, Rscript -e: code options (repeatable), else a script file or stdin.</summary>
    private static void RunSimpleInterpreter(CommandContext c, CodeLanguage language, string codeLetters, string valueLetters)
    {
        c.PathsHandled = true;
        var args = c.Args;
        var ranCode = false;
        for (var i = 1; i < args.Length; i++)
        {
            var value = args[i].Value;
            if (value.Length == 2 && value[0] == '-' && codeLetters.Contains(value[1], StringComparison.Ordinal))
            {
                if (i + 1 < args.Length) RunCode(c, args[++i], language);
                ranCode = true;
                continue;
            }
            if (value.Length == 2 && value[0] == '-' && valueLetters.Contains(value[1], StringComparison.Ordinal))
            {
                i++;
                continue;
            }
            if (value == "-")
            {
                ExecuteInput(c, c.Stdin, language);
                return;
            }
            if (value.StartsWith('-')) continue;
            if (!ranCode) RunScriptArgument(c, args[i], language);
            return;
        }
        if (!ranCode && !c.Stdin.IsNone) ExecuteInput(c, c.Stdin, language);
    }

    /// <summary><c>awk [-F fs] [-v v=x] 'program' files</c> or <c>awk -f prog.awk files</c>.</summary>
    private static void RunAwk(CommandContext c)
    {
        c.PathsHandled = true;
        var args = c.Args;
        var hasProgramFile = false;
        var programSeen = false;
        string? firstFile = null;
        for (var i = 1; i < args.Length; i++)
        {
            var value = args[i].Value;
            if (value is "-F" or "-v" or "--assign" or "--field-separator" or "-i" or "-l" or "--include" or "--load")
            {
                i++;
                continue;
            }
            if (value is "-f" or "--file")
            {
                if (i + 1 < args.Length) c.AddPath(EffectKind.Read, args[++i]);
                hasProgramFile = true;
                continue;
            }
            if (value is "-e" or "--source")
            {
                if (i + 1 < args.Length) RunCode(c, args[++i], CodeLanguage.Awk);
                programSeen = true;
                continue;
            }
            if (value.Length > 1 && value[0] == '-' && !args[i].IsUnresolved) continue;
            if (!hasProgramFile && !programSeen)
            {
                RunCode(c, args[i], CodeLanguage.Awk);
                programSeen = true;
                continue;
            }
            if (value.Contains('=', StringComparison.Ordinal) && !value.StartsWith('/') && !value.StartsWith('.')) continue;
            c.AddPath(EffectKind.Read, args[i]);
            firstFile ??= c.PathOf(args[i]).Path;
        }
        c.Output = firstFile is not null ? new DataSource(SourceKind.File, Path: firstFile) : TextCommands.Transformed(c.Stdin);
    }
}
