namespace Mstro.Bouncer.Analysis.Programs;

/// <summary>Programs that run another program: sudo, env, nice, timeout, xargs, watch... The inner command is analysed
/// one level deeper; privilege wrappers add a Privilege effect and mark the inner effects Elevated.</summary>
internal static class Wrappers
{
    private static readonly OptionSpec Sudo = new("CDghpRrtTUu",
        "user", "group", "chdir", "chroot", "prompt", "role", "type", "command-timeout", "other-user", "close-from", "host");
    private static readonly OptionSpec Doas = new("uC");
    private static readonly OptionSpec Su = new("cgGsw", "command", "group", "supp-group", "shell", "whitelist-environment", "session-command");
    private static readonly OptionSpec Pkexec = new("", "user");
    private static readonly OptionSpec Nice = new("n", "adjustment");
    private static readonly OptionSpec Timeout = new("sk", "signal", "kill-after");
    private static readonly OptionSpec Time = new("fo", "format", "output");
    private static readonly OptionSpec Stdbuf = new("ioe", "input", "output", "error");
    private static readonly OptionSpec Ionice = new("cnpPu", "class", "classdata", "pid", "pgid", "uid");
    private static readonly OptionSpec Flock = new("wEc", "timeout", "wait", "conflict-exit-code", "command");
    private static readonly OptionSpec Chrt = new("TPD", "sched-runtime", "sched-period", "sched-deadline");
    private static readonly OptionSpec Caffeinate = new("tw");
    private static readonly OptionSpec Xargs = new("aEILnPsd",
        "arg-file", "eof", "replace", "max-lines", "max-args", "max-procs", "max-chars", "delimiter", "process-slot-var");
    private static readonly OptionSpec Watch = new("nq", "interval", "equexit");
    private static readonly OptionSpec Parallel = new("jSadnNIXC",
        "jobs", "sshlogin", "arg-file", "delimiter", "max-args", "colsep", "results", "joblog", "tmpdir", "workdir", "timeout",
        "retries", "delay", "memfree", "load", "basefile", "return", "transfer-file", "env", "halt", "termseq", "tagstring");
    private static readonly OptionSpec Trace = new("eoOpsuEaIPSXb");
    private static readonly OptionSpec Proxychains = new("f");
    private static readonly OptionSpec SystemdRun = new("pEMHud",
        "unit", "property", "setenv", "machine", "host", "uid", "gid", "working-directory", "description", "slice",
        "service-type", "on-active", "on-boot", "on-startup", "on-unit-active", "on-unit-inactive", "on-calendar",
        "timer-property", "path-property", "socket-property", "nice", "send-sighup");
    private static readonly OptionSpec XvfbRun = new("nsfepwl", "server-num", "server-args", "auth-file", "error-file", "auth-protocol", "wait");
    private static readonly OptionSpec Script = new("cEoT", "command", "echo", "output-limit", "log-timing", "log-in", "log-out", "log-io");
    private static readonly OptionSpec Unshare = new("S G", "setuid", "setgid", "root", "wd", "map-user", "map-group", "propagation");
    private static readonly OptionSpec Nsenter = new("tSGwr", "target", "setuid", "setgid", "wd", "root");

    public static void Register(ProgramTable table)
    {
        table["sudo"] = RunSudo;
        table["sudoedit"] = c => EditAsRoot(c, 1);
        table["doas"] = c => Privileged(c, Doas, "doas");
        table["pkexec"] = c => Privileged(c, Pkexec, "pkexec");
        table["su"] = RunSu;
        table["runuser"] = RunRunuser;
        table["env"] = RunEnv;
        table["command"] = RunCommandBuiltin;
        table["builtin"] = c => Inner(c, 1);
        table["exec"] = RunExec;
        table["nice"] = c => AfterOptions(c, Nice);
        table["nohup"] = c => AfterOptions(c, OptionSpec.None);
        table["timeout"] = c => AfterOperands(c, Timeout, 1);
        table["time"] = RunTime;
        table["stdbuf"] = c => AfterOptions(c, Stdbuf);
        table["ionice"] = c => AfterOptionsUnless(c, Ionice, 'p', 'P', 'u');
        table["setsid"] = c => AfterOptions(c, OptionSpec.None);
        table["flock"] = RunFlock;
        table["chrt"] = c => AfterOptionsUnless(c, Chrt, 'p', '\0', '\0', operandsBefore: 1);
        table["taskset"] = c => AfterOptionsUnless(c, OptionSpec.None, 'p', '\0', '\0', operandsBefore: 1);
        table["unbuffer"] = c => AfterOptions(c, OptionSpec.None);
        table["caffeinate"] = c => AfterOptions(c, Caffeinate);
        table["busybox"] = c => Inner(c, 1);
        table["xargs"] = RunXargs;
        table["watch"] = RunWatch;
        table["parallel"] = RunParallel;
        table["strace"] = c => AfterOptionsUnless(c, Trace, 'p', '\0', '\0');
        table["ltrace"] = c => AfterOptionsUnless(c, Trace, 'p', '\0', '\0');
        table["chroot"] = c => AfterOperands(c, new OptionSpec("", "userspec", "groups"), 1);
        table["unshare"] = c => AfterOptions(c, Unshare);
        table["nsenter"] = c => AfterOptions(c, Nsenter);
        table["proxychains"] = c => AfterOptions(c, Proxychains);
        table["torsocks"] = c => AfterOptions(c, new OptionSpec("aPuip", "address", "port", "user", "pass"));
        table["tsocks"] = c => AfterOptions(c, OptionSpec.None);
        table["dbus-launch"] = c => AfterOptions(c, OptionSpec.None);
        table["xvfb-run"] = c => AfterOptions(c, XvfbRun);
        table["sg"] = RunSg;
        table["script"] = RunScript;
        table["systemd-run"] = RunSystemdRun;
    }

    private static void Inner(CommandContext c, int start, EffectFlags extra = EffectFlags.None)
    {
        c.PathsHandled = true;
        c.Output = c.RunInner(start, extra).Output;
    }

    /// <summary>Options, then the command (POSIX: options stop at the first operand).</summary>
    private static void AfterOptions(CommandContext c, OptionSpec spec)
    {
        c.PathsHandled = true;
        var reader = new OptionReader(c.Args, 1, spec, stopAtOperand: true);
        while (reader.Next(out var option))
        {
            if (option.Kind == OptionKind.Operand) break;
        }
        c.Output = c.RunInner(reader.Position).Output;
    }

    /// <summary>Options and <paramref name="operandsBefore"/> operands (timeout's duration), then the command.</summary>
    private static void AfterOperands(CommandContext c, OptionSpec spec, int operandsBefore)
    {
        c.PathsHandled = true;
        var reader = new OptionReader(c.Args, 1, spec, stopAtOperand: true);
        var start = c.Args.Length;
        var skipped = 0;
        while (reader.Next(out var option))
        {
            if (option.Kind != OptionKind.Operand) continue;
            if (skipped++ < operandsBefore)
            {
                reader = new OptionReader(c.Args, option.Index + 1, spec, stopAtOperand: true);
                continue;
            }
            start = option.Index;
            break;
        }
        c.Output = c.RunInner(start).Output;
    }

    /// <summary>Like <see cref="AfterOperands"/>, but some options (-p PID) mean there is no command at all.</summary>
    private static void AfterOptionsUnless(CommandContext c, OptionSpec spec, char none1, char none2, char none3, int operandsBefore = 0)
    {
        for (var i = 1; i < c.Args.Length; i++)
        {
            var value = c.Args[i].Value;
            if (value.Length < 2 || value[0] != '-' || value == "--") break;
            if (value[1] != '-' && (value.Contains(none1, StringComparison.Ordinal)
                || none2 != '\0' && value.Contains(none2, StringComparison.Ordinal)
                || none3 != '\0' && value.Contains(none3, StringComparison.Ordinal)))
            {
                c.PathsHandled = true;
                return;
            }
            if (value is "--pid" or "--pgid" or "--uid" || value.StartsWith("--pid=", StringComparison.Ordinal)) return;
        }
        AfterOperands(c, spec, operandsBefore);
    }

    private static void RunSudo(CommandContext c)
    {
        c.PathsHandled = true;
        var reader = new OptionReader(c.Args, 1, Sudo, stopAtOperand: true);
        var shell = false;
        var noCommand = false;
        var edit = false;
        string? directory = null;
        while (reader.Next(out var option))
        {
            if (option.Kind == OptionKind.Operand) break;
            if (option.Is('i') || option.Is('s') || option.Is("login") || option.Is("shell")) shell = true;
            else if (option.Is('l') || option.Is('v') || option.Is('k') || option.Is('K') || option.Is('V')
                || option.Is("list") || option.Is("validate") || option.Is("reset-timestamp") || option.Is("remove-timestamp"))
                noCommand = true;
            else if (option.Is('e') || option.Is("edit")) edit = true;
            else if ((option.Is('D') || option.Is("chdir")) && option.Value is { } dir) directory = dir.Value;
        }

        var start = reader.Position;
        if (edit)
        {
            EditAsRoot(c, start);
            return;
        }
        var hasCommand = start < c.Args.Length;
        c.Add(EffectKind.Privilege, detail: !hasCommand && shell && !noCommand ? "sudo shell" : "sudo", flags: EffectFlags.Elevated);
        if (!hasCommand) return;

        ShellState? state = null;
        if (directory is not null)
        {
            state = c.State.Clone();
            state.ChangeDirectory(PathText.Absolute(c.Cwd, PathText.ExpandTilde(directory, c.Home)), false);
        }
        c.Output = c.RunInner(start, EffectFlags.Elevated, state: state).Output;
    }

    private static void EditAsRoot(CommandContext c, int start)
    {
        c.PathsHandled = true;
        c.Add(EffectKind.Privilege, detail: "sudoedit", flags: EffectFlags.Elevated);
        for (var i = start; i < c.Args.Length; i++)
        {
            if (c.Args[i].Value.StartsWith('-')) continue;
            c.AddPath(EffectKind.Write, c.Args[i], EffectFlags.Elevated);
        }
    }

    private static void Privileged(CommandContext c, OptionSpec spec, string how)
    {
        c.PathsHandled = true;
        var reader = new OptionReader(c.Args, 1, spec, stopAtOperand: true);
        while (reader.Next(out var option))
        {
            if (option.Kind == OptionKind.Operand) break;
        }
        c.Add(EffectKind.Privilege, detail: how, flags: EffectFlags.Elevated);
        c.Output = c.RunInner(reader.Position, EffectFlags.Elevated).Output;
    }

    /// <summary><c>su [-] [user] [-c command]</c>: the command is shell text run as that user.</summary>
    private static void RunSu(CommandContext c)
    {
        c.PathsHandled = true;
        string? command = null;
        var reader = new OptionReader(c.Args, 1, Su);
        while (reader.Next(out var option))
        {
            if ((option.Is('c') || option.Is("command") || option.Is("session-command")) && option.Value is { } text)
                command = text.Value;
        }
        c.Add(EffectKind.Privilege, detail: command is null ? "su shell" : "su", flags: EffectFlags.Elevated);
        if (command is not null) c.Output = c.RunShellText(command, extra: EffectFlags.Elevated);
    }

    /// <summary><c>runuser -u user -- cmd</c> (an argv) or <c>runuser -l user -c 'cmd'</c> (shell text).</summary>
    private static void RunRunuser(CommandContext c)
    {
        for (var i = 1; i < c.Args.Length; i++)
        {
            var value = c.Args[i].Value;
            if (value is "-u" or "--user")
            {
                c.Add(EffectKind.Privilege, detail: "runuser", flags: EffectFlags.Elevated);
                var start = i + 2;
                if (start < c.Args.Length && c.Args[start].Value == "--") start++;
                c.PathsHandled = true;
                c.Output = c.RunInner(start, EffectFlags.Elevated).Output;
                return;
            }
        }
        RunSu(c);
    }

    /// <summary><c>env [-i] [-u NAME] [-C DIR] [-S 'split string'] [NAME=value]... [command [args]]</c>.</summary>
    private static void RunEnv(CommandContext c)
    {
        c.PathsHandled = true;
        var args = new List<Arg>(c.Args.Length);
        args.AddRange(c.Args);
        ShellState? state = null;
        var i = 1;
        var splits = 0;
        while (i < args.Count)
        {
            var value = args[i].Value;
            if (value == "--")
            {
                i++;
                break;
            }
            if (value is "-i" or "-" or "--ignore-environment" or "-0" or "--null" or "-v" or "--debug"
                || value.StartsWith("--ignore-signal", StringComparison.Ordinal) || value.StartsWith("--default-signal", StringComparison.Ordinal)
                || value.StartsWith("--block-signal", StringComparison.Ordinal) || value == "--list-signal-handling")
            {
                i++;
                continue;
            }
            if (value is "-u" or "--unset" or "-C" or "--chdir" or "-S" or "--split-string" && i + 1 < args.Count)
            {
                var operand = args[i + 1];
                args.RemoveRange(i, 2);
                Apply(value, operand);
                continue;
            }
            if (value.StartsWith("--unset=", StringComparison.Ordinal) || value.StartsWith("--chdir=", StringComparison.Ordinal)
                || value.StartsWith("--split-string=", StringComparison.Ordinal))
            {
                var equals = value.IndexOf('=', StringComparison.Ordinal);
                args.RemoveAt(i);
                Apply(value[..equals], Arg.Unquoted(value[(equals + 1)..]));
                continue;
            }
            if (value.Length > 2 && value[0] == '-' && value[1] != '-')
            {
                // Bundled short options: -iS'cmd', -vS, -uNAME, -CDIR.
                var letters = value.AsSpan(1);
                var withValue = letters.IndexOfAny('u', 'C', 'S');
                if (withValue < 0)
                {
                    i++;
                    continue;
                }
                var flag = "-" + letters[withValue];
                var rest = letters[(withValue + 1)..].ToString();
                if (rest.Length > 0)
                {
                    args.RemoveAt(i);
                    Apply(flag, Arg.Unquoted(rest));
                }
                else if (i + 1 < args.Count)
                {
                    var operand = args[i + 1];
                    args.RemoveRange(i, 2);
                    Apply(flag, operand);
                }
                else i++;
                continue;
            }
            if (value.Length > 0 && value[0] != '=' && value.Contains('=', StringComparison.Ordinal) && !args[i].IsUnresolved
                && IsName(value.AsSpan(0, value.IndexOf('=', StringComparison.Ordinal))))
            {
                i++;
                continue;
            }
            break;
        }

        if (i >= args.Count)
        {
            c.Output = DataSource.Environment;
            return;
        }
        var inner = args.GetRange(i, args.Count - i).ToArray();
        c.Output = c.Analysis.RunArgv(inner, state ?? c.State, c.Scope.Deeper(), c.Stdin, null).Output;

        void Apply(string flag, Arg operand)
        {
            if (flag is "-C" or "--chdir")
            {
                state ??= c.State.Clone();
                var path = c.PathOf(operand);
                state.ChangeDirectory(path.Path ?? state.Cwd, path.Path is null || (path.Flags & EffectFlags.Unresolved) != 0);
            }
            else if (flag is "-S" or "--split-string" && splits++ < 4)
            {
                var pieces = EnvSplitter.Split(operand.Value);
                var asArgs = new Arg[pieces.Count];
                for (var k = 0; k < pieces.Count; k++)
                    asArgs[k] = operand.IsUnresolved ? Arg.Unknown(pieces[k], operand.Source) : Arg.Unquoted(pieces[k]);
                args.InsertRange(i, asArgs);
            }
        }
    }

    private static bool IsName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || char.IsAsciiDigit(name[0])) return false;
        foreach (var ch in name)
        {
            if (!char.IsAsciiLetterOrDigit(ch) && ch != '_') return false;
        }
        return true;
    }

    private static void RunCommandBuiltin(CommandContext c)
    {
        c.PathsHandled = true;
        var i = 1;
        for (; i < c.Args.Length; i++)
        {
            var value = c.Args[i].Value;
            if (value == "--")
            {
                i++;
                break;
            }
            if (value.Length < 2 || value[0] != '-') break;
            if (value.Contains('v', StringComparison.Ordinal) || value.Contains('V', StringComparison.Ordinal))
            {
                // command -v x: only looks the program up.
                if (i + 1 < c.Args.Length) c.Output = TextCommands.WhichOutput(c.Args[i + 1].Value);
                return;
            }
        }
        c.Output = c.RunInner(i).Output;
    }

    private static void RunExec(CommandContext c)
    {
        c.PathsHandled = true;
        var i = 1;
        for (; i < c.Args.Length; i++)
        {
            var value = c.Args[i].Value;
            if (value == "-a")
            {
                i++;
                continue;
            }
            if (value == "--")
            {
                i++;
                break;
            }
            if (value.Length < 2 || value[0] != '-') break;
        }
        c.Output = c.RunInner(i).Output;
    }

    private static void RunTime(CommandContext c)
    {
        c.PathsHandled = true;
        var reader = new OptionReader(c.Args, 1, Time, stopAtOperand: true);
        while (reader.Next(out var option))
        {
            if (option.Kind == OptionKind.Operand) break;
            if ((option.Is('o') || option.Is("output")) && option.Value is { } file) c.AddPath(EffectKind.Write, file);
        }
        c.Output = c.RunInner(reader.Position).Output;
    }

    /// <summary><c>flock [opts] FILE cmd args</c>, <c>flock [opts] FILE -c 'cmd'</c>, <c>flock FD</c>.</summary>
    private static void RunFlock(CommandContext c)
    {
        c.PathsHandled = true;
        var reader = new OptionReader(c.Args, 1, Flock, stopAtOperand: true);
        string? command = null;
        var lockIndex = -1;
        while (reader.Next(out var option))
        {
            if (option.Kind == OptionKind.Operand)
            {
                lockIndex = option.Index;
                break;
            }
            if ((option.Is('c') || option.Is("command")) && option.Value is { } text) command = text.Value;
        }
        if (lockIndex < 0) return;
        if (!IsDigits(c.Args[lockIndex].Value)) c.AddPath(EffectKind.Write, c.Args[lockIndex]);

        var next = lockIndex + 1;
        reader = new OptionReader(c.Args, next, Flock, stopAtOperand: true);
        while (reader.Next(out var option))
        {
            if (option.Kind == OptionKind.Operand) break;
            if ((option.Is('c') || option.Is("command")) && option.Value is { } text) command = text.Value;
        }
        if (command is not null) c.Output = c.RunShellText(command);
        else c.Output = c.RunInner(reader.Position).Output;
    }

    private static bool IsDigits(string value) => value.Length > 0 && !value.AsSpan().ContainsAnyExceptInRange('0', '9');

    /// <summary><c>xargs [opts] cmd args</c>: the command runs with arguments read from stdin.</summary>
    private static void RunXargs(CommandContext c)
    {
        c.PathsHandled = true;
        var reader = new OptionReader(c.Args, 1, Xargs, stopAtOperand: true);
        string? replace = null;
        var stdin = c.Stdin;
        while (reader.Next(out var option))
        {
            if (option.Kind == OptionKind.Operand) break;
            if ((option.Is('I') || option.Is("replace")) && option.Value is { } token) replace = token.Value;
            else if (option.Is('i')) replace = "{}";
            else if ((option.Is('a') || option.Is("arg-file")) && option.Value is { } file)
            {
                c.AddPath(EffectKind.Read, file);
                stdin = new DataSource(SourceKind.File, Path: c.PathOf(file).Path);
            }
        }

        var command = new List<Arg>();
        for (var i = reader.Position; i < c.Args.Length; i++) command.Add(c.Args[i]);
        if (command.Count == 0) command.Add(Arg.Literal("echo"));

        var extra = ArgumentsFrom(stdin, c.Cwd);
        if (replace is not null)
        {
            var replacement = extra.Count > 0 ? extra[0] : Arg.Unknown("{xargs}");
            var replaced = false;
            for (var i = 1; i < command.Count; i++)
            {
                var value = command[i].Value;
                if (value == replace)
                {
                    command[i] = replacement;
                    replaced = true;
                }
                else if (value.Contains(replace, StringComparison.Ordinal))
                {
                    command[i] = replacement.IsUnresolved
                        ? Arg.Unknown(value.Replace(replace, "{xargs}", StringComparison.Ordinal), replacement.Source)
                        : Arg.Unquoted(value.Replace(replace, replacement.Value, StringComparison.Ordinal));
                    replaced = true;
                }
            }
            if (!replaced) command.Add(replacement);
        }
        else command.AddRange(extra);

        c.Output = c.RunArgv([.. command]).Output;
    }

    /// <summary>The arguments xargs/parallel would read from their input.</summary>
    internal static List<Arg> ArgumentsFrom(DataSource stdin, string cwd)
    {
        const int MaxWords = 64;
        var result = new List<Arg>();
        switch (stdin.Kind)
        {
            case SourceKind.Literal when stdin.Text is { } text:
                foreach (var word in text.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries))
                {
                    result.Add(stdin.Decoded ? Arg.Literal(word).WithSource(stdin) : Arg.Unquoted(word));
                    if (result.Count >= MaxWords) break;
                }
                break;
            case SourceKind.Paths:
                result.Add(Arg.FilesUnder(stdin.Path ?? cwd, stdin.Filtered, stdin.Text));
                break;
            default:
                result.Add(Arg.Unknown("{xargs}", stdin.Kind == SourceKind.None ? null : stdin));
                break;
        }
        return result;
    }

    /// <summary><c>watch [opts] command...</c>: the words are joined and run by <c>sh -c</c> (unless -x).</summary>
    private static void RunWatch(CommandContext c)
    {
        c.PathsHandled = true;
        var reader = new OptionReader(c.Args, 1, Watch, stopAtOperand: true);
        var exec = false;
        while (reader.Next(out var option))
        {
            if (option.Kind == OptionKind.Operand) break;
            if (option.Is('x') || option.Is("exec")) exec = true;
        }
        if (exec) c.RunInner(reader.Position);
        else RunJoined(c, reader.Position, null);
    }

    /// <summary>Joins the words from <paramref name="start"/> into shell text and analyses it.</summary>
    private static DataSource RunJoined(CommandContext c, int start, string? append)
    {
        if (start >= c.Args.Length) return DataSource.None;
        var text = TextCommands.JoinValues(c.Args, start);
        if (append is not null) text = text + " " + append;
        return c.RunShellText(text);
    }

    /// <summary><c>parallel [opts] command ::: inputs</c>, or inputs from stdin.</summary>
    private static void RunParallel(CommandContext c)
    {
        c.PathsHandled = true;
        var reader = new OptionReader(c.Args, 1, Parallel, stopAtOperand: true);
        while (reader.Next(out var option))
        {
            if (option.Kind == OptionKind.Operand) break;
        }
        var start = reader.Position;
        var separator = Array.FindIndex(c.Args, start, a => a.Value is ":::" or "::::" or ":::+" or "::::+");
        var end = separator < 0 ? c.Args.Length : separator;
        if (start >= end) return;
        var template = string.Join(' ', c.Args[start..end].Select(a => a.Value));

        var inputs = new List<Arg>();
        if (separator >= 0)
        {
            for (var i = separator + 1; i < c.Args.Length && inputs.Count < 16; i++)
            {
                if (c.Args[i].Value.StartsWith(":::", StringComparison.Ordinal)) continue;
                inputs.Add(c.Args[i]);
            }
        }
        else inputs.AddRange(Wrappers.ArgumentsFrom(c.Stdin, c.Cwd));

        foreach (var input in inputs)
        {
            var value = input.IsUnresolved || input.Source is not null ? "\"$PARALLEL_INPUT\"" : Quote(input.Known);
            var text = template.Contains("{}", StringComparison.Ordinal)
                ? template.Replace("{}", value, StringComparison.Ordinal)
                : template + " " + value;
            c.RunShellText(text);
        }
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary><c>sg group -c 'cmd'</c> or <c>sg group cmd...</c>.</summary>
    private static void RunSg(CommandContext c)
    {
        c.PathsHandled = true;
        for (var i = 1; i < c.Args.Length; i++)
        {
            if (c.Args[i].Value == "-c" && i + 1 < c.Args.Length)
            {
                c.RunShellText(c.Args[i + 1].Value);
                return;
            }
        }
        if (c.Args.Length > 2) RunJoined(c, 2, null);
    }

    /// <summary><c>script -c 'cmd' [file]</c> (Linux) or <c>script [-q] file cmd args</c> (macOS).</summary>
    private static void RunScript(CommandContext c)
    {
        c.PathsHandled = true;
        var reader = new OptionReader(c.Args, 1, Script);
        string? command = null;
        var operands = new List<int>();
        while (reader.Next(out var option))
        {
            if ((option.Is('c') || option.Is("command")) && option.Value is { } text) command = text.Value;
            else if (option.Kind == OptionKind.Operand) operands.Add(option.Index);
        }
        if (command is not null)
        {
            foreach (var index in operands) c.Analysis.WriteTo(c.Invocation, c.Args[index], c.State, c.Scope, false);
            c.RunShellText(command);
            return;
        }
        if (operands.Count == 0) return;
        c.Analysis.WriteTo(c.Invocation, c.Args[operands[0]], c.State, c.Scope, false);
        if (operands.Count > 1) c.RunInner(operands[1]);
    }

    private static void RunSystemdRun(CommandContext c)
    {
        c.PathsHandled = true;
        var reader = new OptionReader(c.Args, 1, SystemdRun, stopAtOperand: true);
        var timer = false;
        while (reader.Next(out var option))
        {
            if (option.Kind == OptionKind.Operand) break;
            if (option.Kind == OptionKind.Long && option.Long!.StartsWith("on-", StringComparison.Ordinal)) timer = true;
        }
        if (timer) c.Add(EffectKind.Persistence, detail: "systemd-timer");
        c.RunInner(reader.Position);
    }
}

/// <summary>Splits <c>env -S</c> strings: blanks separate, quotes group, backslash escapes.</summary>
internal static class EnvSplitter
{
    private const int MaxPieces = 256;

    public static List<string> Split(string text)
    {
        var pieces = new List<string>();
        var current = new System.Text.StringBuilder();
        var inPiece = false;
        var quote = '\0';
        for (var i = 0; i < text.Length && pieces.Count < MaxPieces; i++)
        {
            var ch = text[i];
            if (quote != '\0')
            {
                if (ch == quote) quote = '\0';
                else if (ch == '\\' && quote == '"' && i + 1 < text.Length) current.Append(text[++i]);
                else current.Append(ch);
                continue;
            }
            switch (ch)
            {
                case ' ' or '\t' or '\n':
                    if (inPiece) pieces.Add(current.ToString());
                    current.Clear();
                    inPiece = false;
                    break;
                case '\'' or '"':
                    quote = ch;
                    inPiece = true;
                    break;
                case '\\' when i + 1 < text.Length:
                    current.Append(text[++i]);
                    inPiece = true;
                    break;
                default:
                    current.Append(ch);
                    inPiece = true;
                    break;
            }
        }
        if (inPiece) pieces.Add(current.ToString());
        return pieces;
    }
}
