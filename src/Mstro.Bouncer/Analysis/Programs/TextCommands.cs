namespace Mstro.Bouncer.Analysis.Programs;

/// <summary>Programs that produce or transform text: echo/printf (literal payloads), decoders (base64 -d, xxd -r,
/// rev, tr), readers (cat, grep, sed...) whose file contents flow on, and the shell's variable builtins.</summary>
internal static class TextCommands
{
    private static readonly OptionSpec Grep = new("efmABCDd",
        "regexp", "file", "max-count", "after-context", "before-context", "context", "include", "exclude", "exclude-dir",
        "exclude-from", "label", "devices", "directories", "binary-files", "color", "colour", "group-separator");
    private static readonly OptionSpec Ripgrep = new("efgtTmABCMjErd",
        "regexp", "file", "glob", "iglob", "type", "type-not", "type-add", "type-clear", "max-count", "after-context",
        "before-context", "context", "max-columns", "threads", "encoding", "replace", "max-depth", "ignore-file",
        "pre", "pre-glob", "sort", "sortr", "color", "colors", "context-separator", "field-match-separator", "path-separator",
        "max-filesize", "engine", "dfa-size-limit", "regex-size-limit", "hostname-bin", "hyperlink-format");
    private static readonly OptionSpec Ag = new("GgmABCp", "file-search-regex", "ignore", "ignore-dir", "max-count", "depth", "path-to-ignore");
    private static readonly OptionSpec Sed = new("efl", "expression", "file", "line-length");
    private static readonly OptionSpec Head = new("nc", "lines", "bytes");
    private static readonly OptionSpec Tail = new("ncs", "lines", "bytes", "pid", "sleep-interval", "max-unchanged-stats");
    private static readonly OptionSpec Sort = new("kotSTy",
        "key", "field-separator", "output", "buffer-size", "temporary-directory", "parallel", "batch-size",
        "compress-program", "files0-from", "random-source");
    private static readonly OptionSpec Cut = new("bcdf", "bytes", "characters", "delimiter", "fields", "output-delimiter");
    private static readonly OptionSpec Base64 = new("wio", "wrap", "input", "output");
    private static readonly OptionSpec Xxd = new("cglosC", "cols", "groupsize", "len", "seek", "offset", "name");
    private static readonly OptionSpec Iconv = new("fto", "from-code", "to-code", "output");

    public static void Register(ProgramTable table)
    {
        table["echo"] = Echo;
        table["printf"] = Printf;
        table["pwd"] = c => Produce(c, c.State.CwdUnresolved ? DataSource.Unknown : DataSource.LiteralText(c.Cwd + "\n"));
        table["basename"] = c => Produce(c, c.Count > 1 && c.Args[1].KnownValue is { } p ? DataSource.LiteralText(PathText.BaseName(p) + "\n") : DataSource.Unknown);
        table["dirname"] = Dirname;
        table["mktemp"] = Mktemp;
        table["which"] = c => Produce(c, c.Count > 1 ? WhichOutput(c.Args[^1].Value) : DataSource.Unknown);
        table["realpath"] = Realpath;
        table["readlink"] = Realpath;
        table["whoami"] = c => Produce(c, DataSource.LiteralText(PathText.BaseName(c.Home) + "\n"));
        table["logname"] = table["whoami"];
        table["printenv"] = c => Produce(c, DataSource.Environment);
        table["compgen"] = c => Produce(c, DataSource.Environment);
        table["set"] = c => Produce(c, c.Count == 1 ? DataSource.Environment : DataSource.Unknown);
        foreach (var builtin in new[] { "export", "declare", "typeset", "local", "readonly" }) table[builtin] = DeclareVariables;
        table["unset"] = Unset;
        table["read"] = Read;
        table["yes"] = c => Produce(c, DataSource.LiteralText((c.Count > 1 ? c.Args[1].Value : "y") + "\n"));
        foreach (var quiet in new[] { "true", "false", ":", "test", "[", "type", "hash", "shopt", "exit", "return",
                     "shift", "wait", "sleep", "date", "uname", "hostname", "id", "seq", "expr", "let", "alias", "unalias",
                     "history", "jobs", "fg", "bg", "disown", "umask", "ulimit", "getopts", "break", "continue" })
            table.TryAdd(quiet, c => c.PathsHandled = true);

        table["alias"] = Alias;
        table["unalias"] = Unalias;
        table["base64"] = c => Base64Like(c, isBase32: false);
        table["base32"] = c => Base64Like(c, isBase32: true);
        table["xxd"] = Xxd_;
        table["rev"] = Rev;
        table["tr"] = Tr;
        table["openssl"] = Openssl;
        foreach (var name in new[] { "gunzip", "zcat", "gzcat", "bunzip2", "bzcat", "unxz", "xzcat", "unzstd", "zstdcat", "lz4cat", "uudecode", "unlzma", "lzcat" })
            table[name] = c => Decompress(c, always: true);
        foreach (var name in new[] { "gzip", "bzip2", "xz", "zstd", "lz4", "lzma", "compress" })
            table[name] = c => Decompress(c, always: false);

        table["cat"] = Reader(OptionSpec.None);
        foreach (var name in new[] { "tac", "nl", "less", "more", "most", "wc", "uniq", "paste", "join", "comm", "fold", "fmt",
                     "expand", "unexpand", "column", "strings", "od", "hexdump", "hd", "md5sum", "md5", "sha1sum", "sha224sum",
                     "sha256sum", "sha384sum", "sha512sum", "shasum", "cksum", "b2sum", "sum", "bat", "view", "diff", "cmp",
                     "file", "stat", "colordiff", "vimdiff", "pr", "look", "split", "csplit", "dos2unix", "unix2dos" })
            table[name] = Reader(OptionSpec.None);
        table["head"] = Reader(Head);
        table["tail"] = Reader(Tail);
        table["sort"] = Reader(Sort, writeOptions: "o", longWriteOptions: "output");
        table["cut"] = Reader(Cut);
        table["iconv"] = Reader(Iconv, writeOptions: "o", longWriteOptions: "output");
        table["grep"] = Reader(Grep, patternFirst: true, patternOptions: "ef", longPatternOptions: ["regexp", "file"]);
        table["rg"] = Reader(Ripgrep, patternFirst: true, patternOptions: "ef", longPatternOptions: ["regexp", "file"], searchesCwd: true);
        table["ag"] = Reader(Ag, patternFirst: true, searchesCwd: true);
        table["ack"] = Reader(Ag, patternFirst: true, searchesCwd: true);
        table["sed"] = SedHandler;
        table["jq"] = Jq;
        table["yq"] = Jq;
        table["tee"] = Tee;
        foreach (var editor in new[] { "vim", "vi", "nvim", "nano", "emacs", "micro", "ed", "ex", "pico", "joe", "code", "subl", "mate", "gedit", "kate" })
            table[editor] = Editor;
    }

    /// <summary>An alias defined where it runs later (a startup file) runs its text whenever the name is typed.</summary>
    /// <summary><c>alias name=value</c>: remembered, so a later command starting with <c>name</c> runs the value (see
    /// <see cref="ShellState.DefineAlias"/>). In content that runs later (a line of ~/.bashrc) the value is analysed as it
    /// is defined: nobody knows which later command will use it.</summary>
    private static void Alias(CommandContext c)
    {
        c.PathsHandled = true;
        var deferred = (c.Scope.Inherited & EffectFlags.Deferred) != 0;
        foreach (var arg in c.Args.AsSpan(1))
        {
            var equals = arg.Value.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0) continue;
            var value = arg.Value[(equals + 1)..];
            c.State.DefineAlias(arg.Value[..equals], value);
            if (deferred && !arg.IsUnresolved) c.RunShellText(value);
        }
    }

    private static void Unalias(CommandContext c)
    {
        c.PathsHandled = true;
        foreach (var arg in c.Args.AsSpan(1))
        {
            if (arg.Value == "-a") c.State.RemoveAllAliases();
            else c.State.RemoveAlias(arg.Value);
        }
    }

    private static void Produce(CommandContext c, DataSource output)
    {
        c.PathsHandled = true;
        c.Output = output;
    }

    /// <summary>What <c>which x</c> would print: a plausible absolute path of the program.</summary>
    internal static DataSource WhichOutput(string program) =>
        DataSource.LiteralText((program.Contains('/', StringComparison.Ordinal) ? program : "/usr/bin/" + program) + "\n");

    /// <summary>A stream after a program that changes its content but not its origin (sort, sed on stdin).</summary>
    internal static DataSource Transformed(DataSource input) => input.Kind switch
    {
        SourceKind.None => DataSource.Unknown,
        SourceKind.Literal => input.Text is null ? input : input with { Text = null },
        _ => input,
    };

    private static void Echo(CommandContext c)
    {
        c.PathsHandled = true;
        var i = 1;
        var escapes = true;
        var newline = true;
        while (i < c.Args.Length && IsEchoOption(c.Args[i].Value))
        {
            var option = c.Args[i].Value;
            if (option.Contains('n', StringComparison.Ordinal)) newline = false;
            if (option.Contains('E', StringComparison.Ordinal)) escapes = false;
            if (option.Contains('e', StringComparison.Ordinal)) escapes = true;
            i++;
        }
        c.Output = Joined(c, i, escapes, newline ? "\n" : "");
    }

    private static bool IsEchoOption(string value) =>
        value.Length > 1 && value[0] == '-' && !value.AsSpan(1).ContainsAnyExcept("neE");

    /// <summary>The arguments from <paramref name="start"/> joined by spaces, as a text source.</summary>
    private static DataSource Joined(CommandContext c, int start, bool escapes, string suffix)
    {
        DataSource? source = null;
        var unresolved = false;
        var decoded = false;
        for (var i = start; i < c.Args.Length; i++)
        {
            unresolved |= c.Args[i].IsUnresolved;
            source ??= c.Args[i].Source;
            decoded |= c.Args[i].Source is { Decoded: true };
        }
        if (unresolved) return source is { Kind: not SourceKind.None } s ? s : DataSource.Unknown;
        var text = JoinValues(c.Args, start);
        if (escapes)
        {
            text = Decoding.Escapes(text, out var numeric, printfOctal: false);
            decoded |= numeric;
        }
        return DataSource.LiteralText(text + suffix, decoded);
    }

    internal static string JoinValues(Arg[] args, int start)
    {
        if (start >= args.Length) return "";
        if (start == args.Length - 1) return args[start].Value;
        var builder = new System.Text.StringBuilder();
        for (var i = start; i < args.Length; i++)
        {
            if (i > start) builder.Append(' ');
            builder.Append(args[i].Value);
        }
        return builder.ToString();
    }

    private static void Printf(CommandContext c)
    {
        c.PathsHandled = true;
        var i = 1;
        string? variable = null;
        if (i + 1 < c.Args.Length && c.Args[i].Value == "-v")
        {
            variable = c.Args[i + 1].Value;
            i += 2;
        }
        if (i < c.Args.Length && c.Args[i].Value == "--") i++;
        if (i >= c.Args.Length) return;

        var format = c.Args[i];
        DataSource output;
        var unresolved = false;
        var decoded = false;
        for (var k = i; k < c.Args.Length; k++)
        {
            unresolved |= c.Args[k].IsUnresolved;
            decoded |= c.Args[k].Source is { Decoded: true };
        }
        if (unresolved) output = format.Source ?? DataSource.Unknown;
        else
        {
            var arguments = c.Args[(i + 1)..].Select(a => a.Value).ToArray();
            var text = Decoding.Printf(format.Value, arguments, out var numeric);
            output = DataSource.LiteralText(text, decoded || numeric);
        }

        if (variable is not null)
        {
            c.State.SetVariable(variable, output.KnownText is { } known
                ? Arg.Literal(known).WithSource(output.Decoded ? output : null)
                : Arg.Unknown("$" + variable, output));
            c.Output = DataSource.None;
            return;
        }
        c.Output = output;
    }

    private static void Dirname(CommandContext c)
    {
        c.PathsHandled = true;
        if (c.Count < 2 || c.Args[1].KnownValue is not { } path)
        {
            c.Output = DataSource.Unknown;
            return;
        }
        var trimmed = path.Length > 1 ? path.TrimEnd('/') : path;
        var slash = trimmed.LastIndexOf('/');
        var parent = slash < 0 ? "." : slash == 0 ? "/" : trimmed[..slash];
        c.Output = DataSource.LiteralText(parent + "\n");
    }

    private static void Mktemp(CommandContext c)
    {
        c.PathsHandled = true;
        var directory = c.Environment.TempDirs.Count > 0 ? c.Environment.TempDirs[0] : "/tmp";
        string? template = null;
        for (var i = 1; i < c.Args.Length; i++)
        {
            var value = c.Args[i].Value;
            if (value is "-p" or "--tmpdir" && i + 1 < c.Args.Length) directory = c.Args[++i].Value;
            else if (value.StartsWith("--tmpdir=", StringComparison.Ordinal)) directory = value[9..];
            else if (!value.StartsWith('-')) template = value;
        }
        var name = template ?? "tmp.XXXXXXXXXX";
        var path = name.Contains('/', StringComparison.Ordinal) ? PathText.Absolute(c.Cwd, name) : directory.TrimEnd('/') + "/" + name;
        c.Output = DataSource.LiteralText(path + "\n");
    }

    private static void Realpath(CommandContext c)
    {
        c.PathsHandled = true;
        var follows = c.Program == "realpath";
        Arg? target = null;
        for (var i = 1; i < c.Args.Length; i++)
        {
            var value = c.Args[i].Value;
            if (value.StartsWith('-'))
            {
                if (value.Contains('f', StringComparison.Ordinal) || value.Contains('e', StringComparison.Ordinal)
                    || value.Contains('m', StringComparison.Ordinal) || value == "--canonicalize") follows = true;
                continue;
            }
            target = c.Args[i];
        }
        if (target is not { } arg || !follows || c.PathOf(arg).Path is not { } path)
        {
            c.Output = DataSource.Unknown;
            return;
        }
        c.Output = DataSource.LiteralText(path + "\n");
    }

    /// <summary><c>export NAME=value</c>, <c>declare -x NAME=value</c>, <c>local NAME=value</c>; without names they
    /// print the environment.</summary>
    private static void DeclareVariables(CommandContext c)
    {
        c.PathsHandled = true;
        var named = false;
        var printing = false;
        for (var i = 1; i < c.Args.Length; i++)
        {
            var arg = c.Args[i];
            var value = arg.Value;
            if (value.StartsWith('-') || value.StartsWith('+'))
            {
                printing |= value.Contains('p', StringComparison.Ordinal);
                continue;
            }
            named = true;
            var equals = value.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0) continue;
            var name = value[..equals];
            if (name.EndsWith('+')) name = name[..^1];
            var assigned = ValueAfterEquals(arg, equals);
            c.State.SetVariable(name, assigned);
            c.Analysis.NoteAssignment(name, assigned, c.Invocation, c.Scope);
        }
        if (!named || printing) c.Output = DataSource.Environment;
    }

    /// <summary>The part of <c>NAME=value</c> after the equals sign, keeping what is unknown in it.</summary>
    private static Arg ValueAfterEquals(in Arg arg, int equals)
    {
        var value = arg.Value[(equals + 1)..];
        if (!arg.IsUnresolved) return arg.GlobAt > equals ? Arg.Create(value, value, arg.GlobAt - equals - 1, -1, arg.Flags, arg.Source) : Arg.Literal(value).WithSource(arg.Source);
        var knownEquals = arg.Known.IndexOf('=', StringComparison.Ordinal);
        if (knownEquals < 0) return Arg.Unknown(value, arg.Source);
        var known = arg.Known[(knownEquals + 1)..];
        var flags = arg.Flags & ~ArgFlags.LeadingUnknown;
        var unknownAt = arg.UnknownAt >= 0 ? arg.UnknownAt - knownEquals - 1 : -1;
        if (unknownAt == 0)
        {
            flags |= ArgFlags.LeadingUnknown;
            unknownAt = -1;
        }
        var globAt = arg.GlobAt > knownEquals ? arg.GlobAt - knownEquals - 1 : -1;
        return Arg.Create(value, known, globAt, unknownAt, flags, arg.Source);
    }

    private static void Unset(CommandContext c)
    {
        c.PathsHandled = true;
        for (var i = 1; i < c.Args.Length; i++)
        {
            if (!c.Args[i].Value.StartsWith('-')) c.State.SetVariable(c.Args[i].Value, Arg.Literal(""));
        }
    }

    private static void Read(CommandContext c)
    {
        c.PathsHandled = true;
        var names = new List<string>();
        for (var i = 1; i < c.Args.Length; i++)
        {
            var value = c.Args[i].Value;
            if (value is "-p" or "-a" or "-d" or "-n" or "-N" or "-t" or "-u" or "-i")
            {
                i++;
                continue;
            }
            if (!value.StartsWith('-')) names.Add(value);
        }
        var line = c.Stdin.KnownText is { } text ? text.Split('\n')[0] : null;
        foreach (var name in names)
        {
            c.State.SetVariable(name, line is not null && names.Count == 1
                ? Arg.Literal(line).WithSource(c.Stdin.Decoded ? c.Stdin : null)
                : Arg.Unknown("$" + name, c.Stdin.IsNone ? null : c.Stdin));
        }
    }

    /// <summary>base64 / base32: encode (content passes on) or decode with -d/--decode/-D.</summary>
    private static void Base64Like(CommandContext c, bool isBase32)
    {
        c.PathsHandled = true;
        var decode = false;
        var input = c.Stdin;
        var reader = new OptionReader(c.Args, 1, Base64);
        while (reader.Next(out var option))
        {
            if (option.Is('d') || option.Is('D') || option.Is("decode")) decode = true;
            else if ((option.Is('i') || option.Is("input")) && option.Value is { } file) input = ReadFile(c, file);
            else if ((option.Is('o') || option.Is("output")) && option.Value is { } output) c.Analysis.WriteTo(c.Invocation, output, c.State, c.Scope, false);
            else if (option.Kind == OptionKind.Operand && option.Value is { } operand && operand.Value != "-") input = ReadFile(c, operand);
        }
        if (!decode)
        {
            c.Output = input.Kind == SourceKind.Literal ? input with { Text = null } : input;
            return;
        }
        var decoded = input.KnownText is { } text ? (isBase32 ? Decoding.Base32(text) : Decoding.Base64(text)) : null;
        c.Output = input.AfterDecoding(decoded);
    }

    private static DataSource ReadFile(CommandContext c, in Arg file)
    {
        var path = c.PathOf(file).Path;
        if (path is "/dev/stdin" or "/dev/fd/0") return c.Stdin;
        c.AddPath(EffectKind.Read, file);
        if (path is not null && IsEnvironmentFile(path)) return DataSource.Environment;
        return new DataSource(SourceKind.File, Path: path);
    }

    private static bool IsEnvironmentFile(string path) =>
        path.StartsWith("/proc/", StringComparison.Ordinal) && path.EndsWith("/environ", StringComparison.Ordinal);

    private static void Xxd_(CommandContext c)
    {
        c.PathsHandled = true;
        var reverse = false;
        var plain = false;
        var input = c.Stdin;
        var operands = 0;
        var reader = new OptionReader(c.Args, 1, Xxd);
        while (reader.Next(out var option))
        {
            if (option.Is('r') || option.Is("revert")) reverse = true;
            else if (option.Is('p') || option.Is("ps") || option.Is("postscript") || option.Is("plain")) plain = true;
            else if (option.Kind == OptionKind.Operand && option.Value is { } operand)
            {
                if (operands++ == 0)
                {
                    if (operand.Value != "-") input = ReadFile(c, operand);
                }
                else c.Analysis.WriteTo(c.Invocation, operand, c.State, c.Scope, false);
            }
        }
        if (!reverse)
        {
            c.Output = input.Kind == SourceKind.Literal ? input with { Text = null } : input;
            return;
        }
        var decoded = input.KnownText is { } text ? (plain ? Decoding.PlainHex(text) : Decoding.HexDump(text) ?? Decoding.PlainHex(text)) : null;
        c.Output = input.AfterDecoding(decoded);
    }

    private static void Rev(CommandContext c)
    {
        var input = FileOperandsOrStdin(c);
        c.Output = input.AfterDecoding(input.KnownText is { } text ? Decoding.Reverse(text.TrimEnd('\n')) + "\n" : null);
    }

    private static void Tr(CommandContext c)
    {
        c.PathsHandled = true;
        var delete = false;
        var sets = new List<string>();
        for (var i = 1; i < c.Args.Length; i++)
        {
            var value = c.Args[i].Value;
            if (value.Length > 1 && value[0] == '-' && sets.Count == 0 && !c.Args[i].IsUnresolved)
            {
                if (value.Contains('d', StringComparison.Ordinal)) delete = true;
                if (value.Contains('c', StringComparison.Ordinal) || value.Contains('C', StringComparison.Ordinal)) sets.Add("\0complement");
                continue;
            }
            sets.Add(value);
        }
        string? translated = null;
        if (c.Stdin.KnownText is { } text && sets.Count > 0 && !sets[0].StartsWith('\0'))
            translated = Decoding.Translate(text, sets[0], sets.Count > 1 ? sets[1] : null, delete);
        c.Output = c.Stdin.IsNone ? DataSource.Unknown : c.Stdin.AfterDecoding(translated);
    }

    /// <summary>openssl base64 -d / enc -d (decoders), s_client -connect (a raw socket), -in/-out files.</summary>
    private static void Openssl(CommandContext c)
    {
        c.PathsHandled = true;
        if (c.Count < 2) return;
        var sub = c.Args[1].Value;
        var decode = false;
        var base64 = sub == "base64";
        var input = c.Stdin;
        string? connect = null;
        for (var i = 2; i < c.Args.Length; i++)
        {
            var value = c.Args[i].Value;
            switch (value)
            {
                case "-d":
                    decode = true;
                    break;
                case "-base64" or "-a":
                    base64 = true;
                    break;
                case "-in" when i + 1 < c.Args.Length:
                    input = ReadFile(c, c.Args[++i]);
                    break;
                case "-out" when i + 1 < c.Args.Length:
                    c.Analysis.WriteTo(c.Invocation, c.Args[++i], c.State, c.Scope, false);
                    break;
                case "-connect" when i + 1 < c.Args.Length:
                    connect = c.Args[++i].Value;
                    break;
            }
        }

        if (sub is "s_client")
        {
            var host = connect is null ? null : NetworkAddress.HostOf(connect.Contains("://", StringComparison.Ordinal) ? connect : "tls://" + connect);
            c.Add(EffectKind.Network, host: host, detail: connect);
            c.Roles |= CommandRoles.Socket;
            c.RoleHost = host;
            c.Output = new DataSource(SourceKind.Download, Host: host);
            return;
        }
        if (sub is "base64" or "enc" && decode)
        {
            var encrypted = sub == "enc" && c.Args.Any(a => a.Value.StartsWith("-aes", StringComparison.Ordinal) || a.Value.StartsWith("-des", StringComparison.Ordinal) || a.Value.StartsWith("-chacha", StringComparison.Ordinal));
            var text = !encrypted && base64 && input.KnownText is { } known ? Decoding.Base64(known) : null;
            c.Output = input.AfterDecoding(text);
            return;
        }
        c.Output = Transformed(input);
    }

    /// <summary>gunzip/zcat/... (always decompress) or gzip/xz/... (decompress with -d).</summary>
    private static void Decompress(CommandContext c, bool always)
    {
        c.PathsHandled = true;
        var decompress = always;
        var toStdout = always && c.Program is not ("gunzip" or "bunzip2" or "unxz" or "unzstd" or "unlzma");
        var files = new List<int>();
        for (var i = 1; i < c.Args.Length; i++)
        {
            var value = c.Args[i].Value;
            if (value.StartsWith("--", StringComparison.Ordinal))
            {
                decompress |= value is "--decompress" or "--uncompress";
                toStdout |= value is "--stdout" or "--to-stdout";
                continue;
            }
            if (value.Length > 1 && value[0] == '-')
            {
                decompress |= value.Contains('d', StringComparison.Ordinal);
                toStdout |= value.Contains('c', StringComparison.Ordinal);
                continue;
            }
            files.Add(i);
        }
        var input = c.Stdin;
        foreach (var index in files)
        {
            input = ReadFile(c, c.Args[index]);
            if (!toStdout) c.AddPath(EffectKind.Write, c.Args[index]);
        }
        c.Output = decompress ? input.AfterDecoding(null) : (input.Kind == SourceKind.Literal ? input with { Text = null } : input);
    }

    private static DataSource FileOperandsOrStdin(CommandContext c)
    {
        c.PathsHandled = true;
        var input = c.Stdin;
        for (var i = 1; i < c.Args.Length; i++)
        {
            if (c.Args[i].Value.StartsWith('-')) continue;
            input = ReadFile(c, c.Args[i]);
        }
        return input;
    }

    /// <summary>A program that reads its file operands (content flows to stdout), or stdin without operands.</summary>
    private static ProgramHandler Reader(OptionSpec spec, bool patternFirst = false, string patternOptions = "",
        string[]? longPatternOptions = null, string writeOptions = "", string longWriteOptions = "", bool searchesCwd = false) => c =>
    {
        c.PathsHandled = true;
        var patternGiven = false;
        var recursive = searchesCwd;
        var search = SecretSearch.For(c.Program);
        var reader = new OptionReader(c.Args, 1, spec);
        while (reader.Next(out var option))
        {
            search?.Option(option);
            if (option.Kind == OptionKind.Short && patternOptions.Contains(option.Short, StringComparison.Ordinal)
                || option.Kind == OptionKind.Long && longPatternOptions is not null && longPatternOptions.Contains(option.Long))
            {
                patternGiven = true;
                if ((option.Is('f') || option.Is("file")) && option.Value is { } patternFile) c.AddPath(EffectKind.Read, patternFile);
            }
            else if (option.Is('r') || option.Is('R') || option.Is("recursive") || option.Is("dereference-recursive")) recursive = true;
            else if ((option.Kind == OptionKind.Short && writeOptions.Contains(option.Short, StringComparison.Ordinal)
                || option.Kind == OptionKind.Long && option.Long == longWriteOptions && longWriteOptions.Length > 0) && option.Value is { } written)
                c.Analysis.WriteTo(c.Invocation, written, c.State, c.Scope, false);
            else if (option.Is("pre") && option.Value is { } preprocessor)
                c.RunArgv([preprocessor, Arg.Unknown("{file}")]);
        }

        var skipPattern = patternFirst && !patternGiven;
        DataSource? output = null;
        var operands = 0;
        reader = new OptionReader(c.Args, 1, spec);
        while (reader.Next(out var option))
        {
            if (option.Kind != OptionKind.Operand || option.Value is not { } operand) continue;
            if (skipPattern)
            {
                skipPattern = false;
                search?.Pattern(operand.Value);
                continue;
            }
            operands++;
            search?.Root(c, operand);
            if (operand.Value == "-")
            {
                output ??= c.Stdin;
                continue;
            }
            c.AddPath(EffectKind.Read, operand, recursive ? EffectFlags.Recursive : EffectFlags.None);
            var path = c.PathOf(operand).Path;
            output ??= path is not null && IsEnvironmentFile(path) ? DataSource.Environment : new DataSource(SourceKind.File, Path: path);
        }
        if (operands == 0 && recursive && c.Stdin.IsNone)
        {
            c.AddAbsolute(EffectKind.Read, c.Cwd, EffectFlags.Recursive);
            output = new DataSource(SourceKind.File, Path: c.Cwd);
            search?.Root(c, Arg.Unquoted(c.Cwd));
        }
        if (recursive) search?.Report(c);
        c.Output = output ?? (c.Program == "cat" ? c.Stdin : c.Program is "head" or "tail" ? c.Stdin : Transformed(c.Stdin));
    };

    /// <summary><c>sed [-n] [-i[SUF]] script|-e script|-f file [files]</c>: -i rewrites the files.</summary>
    private static void SedHandler(CommandContext c)
    {
        c.PathsHandled = true;
        var scriptGiven = false;
        var inPlace = false;
        List<string>? scripts = null;
        var reader = new OptionReader(c.Args, 1, Sed);
        while (reader.Next(out var option))
        {
            if (option.Is('e') || option.Is("expression"))
            {
                scriptGiven = true;
                if (option.Value is { } expression) (scripts ??= []).Add(expression.Value);
            }
            else if ((option.Is('f') || option.Is("file")) && option.Value is { } file)
            {
                scriptGiven = true;
                c.AddPath(EffectKind.Read, file);
            }
            else if (option.Is('i') || option.Kind == OptionKind.Long && option.Long!.StartsWith("in-place", StringComparison.Ordinal)) inPlace = true;
        }

        var skipScript = !scriptGiven;
        DataSource? output = null;
        for (var i = 1; i < c.Args.Length; i++)
        {
            var arg = c.Args[i];
            var value = arg.Value;
            if (value is "-e" or "-f" or "-l" or "--expression" or "--file" or "--line-length")
            {
                i++;
                continue;
            }
            if (value.Length > 1 && value[0] == '-' && !arg.IsUnresolved)
            {
                // BSD sed: -i '' takes the empty suffix as its own argument.
                if (value == "-i" && i + 1 < c.Args.Length && c.Args[i + 1].Value.Length == 0) i++;
                continue;
            }
            if (skipScript)
            {
                skipScript = false;
                (scripts ??= []).Add(value);
                continue;
            }
            c.AddPath(inPlace ? EffectKind.Write : EffectKind.Read, arg);
            var path = c.PathOf(arg).Path;
            output ??= new DataSource(SourceKind.File, Path: path);
            if (inPlace && path is not null && scripts is not null && AddedText(scripts) is { } added)
                c.Analysis.Persisted(path, added, c.Scope);
        }
        c.Output = output ?? Transformed(c.Stdin);
    }

    /// <summary>The lines sed's a, i and c commands put into the file (<c>1i source /tmp/x</c>, <c>$a\</c> + a line),
    /// or null when the scripts add none.</summary>
    internal static string? AddedText(List<string> scripts)
    {
        // Several -e scripts are joined by newlines, as sed does (so "-e 'a\\' -e 'text'" adds "text").
        System.Text.StringBuilder? added = null;
        var lines = string.Join('\n', scripts).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].AsSpan().TrimStart();
            var at = SkipSedAddress(line);
            if (at >= line.Length || line[at] is not ('a' or 'i' or 'c')) continue;
            var text = line[(at + 1)..].TrimStart();
            if (text.StartsWith("\\")) text = text[1..].TrimStart();
            var value = text.IsEmpty && i + 1 < lines.Length ? lines[++i] : text.ToString();
            (added ??= new System.Text.StringBuilder()).Append(value).Append('\n');
        }
        return added?.ToString();
    }

    /// <summary>Where the command starts after a sed address: line numbers, $, /regex/, ranges, !.</summary>
    private static int SkipSedAddress(ReadOnlySpan<char> line)
    {
        var i = 0;
        while (i < line.Length)
        {
            var c = line[i];
            if (char.IsAsciiDigit(c) || c is '$' or ',' or '!' or ' ' or '~' or '+') i++;
            else if (c == '/')
            {
                i++;
                while (i < line.Length && line[i] != '/') i += line[i] == '\\' ? 2 : 1;
                i++;
            }
            else break;
        }
        return i;
    }

    /// <summary><c>jq [opts] FILTER [files]</c>; --arg/--argjson take two values, --slurpfile/--rawfile read files.</summary>
    private static void Jq(CommandContext c)
    {
        c.PathsHandled = true;
        var filterSeen = false;
        var positionalOnly = false;
        DataSource? output = null;
        for (var i = 1; i < c.Args.Length; i++)
        {
            var value = c.Args[i].Value;
            if (positionalOnly) break;
            switch (value)
            {
                case "--arg" or "--argjson":
                    i += 2;
                    continue;
                case "--slurpfile" or "--rawfile":
                    if (i + 2 < c.Args.Length) c.AddPath(EffectKind.Read, c.Args[i + 2]);
                    i += 2;
                    continue;
                case "-f" or "--from-file":
                    if (i + 1 < c.Args.Length) c.AddPath(EffectKind.Read, c.Args[++i]);
                    filterSeen = true;
                    continue;
                case "-L" or "--indent":
                    i++;
                    continue;
                case "--args" or "--jsonargs":
                    positionalOnly = filterSeen;
                    continue;
            }
            if (value.Length > 1 && value[0] == '-') continue;
            if (!filterSeen)
            {
                filterSeen = true;
                continue;
            }
            c.AddPath(EffectKind.Read, c.Args[i]);
            output ??= new DataSource(SourceKind.File, Path: c.PathOf(c.Args[i]).Path);
        }
        c.Output = output ?? Transformed(c.Stdin);
    }

    private static void Tee(CommandContext c)
    {
        c.PathsHandled = true;
        var append = false;
        for (var i = 1; i < c.Args.Length; i++)
        {
            var value = c.Args[i].Value;
            if (value is "-a" or "--append")
            {
                append = true;
                continue;
            }
            if (value.Length > 1 && value[0] == '-') continue;
            c.Analysis.WriteTo(c.Invocation, c.Args[i], c.State, c.Scope, append);
            if (c.Stdin.KnownText is { } text && c.PathOf(c.Args[i]).Path is { } path) c.Analysis.Persisted(path, text, c.Scope);
        }
        c.Output = c.Stdin;
    }

    /// <summary>Editors: the files they are given are edited (written). <c>vim -c '!cmd'</c> runs a shell command.</summary>
    private static void Editor(CommandContext c)
    {
        c.PathsHandled = true;
        var exMode = c.Program is "ex" or "ed";
        for (var i = 1; i < c.Args.Length; i++)
        {
            var value = c.Args[i].Value;
            if (value is "-c" or "--cmd" or "-S" or "-u" or "-U" or "-i" or "-T" or "-w" or "-W" or "-s" or "--eval" or "-l" or "-f")
            {
                if (i + 1 < c.Args.Length)
                {
                    var command = c.Args[++i].Value;
                    if (value is "-c" or "--cmd") RunExCommand(c, command);
                    else if (command.TrimStart(':').StartsWith('!')) c.RunShellText(command.TrimStart(':')[1..]);
                }
                continue;
            }
            if (value.StartsWith('+'))
            {
                RunExCommand(c, value[1..]);
                continue;
            }
            if (value.StartsWith('-'))
            {
                exMode |= value is "-e" or "-es" or "-E" or "-Es" or "-se" or "-eS";
                continue;
            }
            c.AddPath(EffectKind.Write, c.Args[i]);
        }
        // vim -es / ex / ed read their commands from stdin.
        if (exMode && c.Stdin.KnownText is { } script)
        {
            foreach (var line in script.Split('\n')) RunExCommand(c, line);
        }
    }

    private static readonly System.Buffers.SearchValues<char> RangeCharacters = System.Buffers.SearchValues.Create("%.,$0123456789'<>+-");

    /// <summary>An Ex command that runs the shell: <c>!cmd</c>, <c>silent !cmd</c>, <c>r !cmd</c>, <c>w !cmd</c>, a range
    /// filtered through a command (<c>%!sort</c>), <c>call system('cmd')</c>.</summary>
    private static void RunExCommand(CommandContext c, string command)
    {
        var text = command.Trim().TrimStart(':').TrimStart();
        while (text.StartsWith("silent", StringComparison.Ordinal))
        {
            var rest = text.AsSpan(6).TrimStart('!').TrimStart();
            if (rest.Length == text.Length - 6) break;
            text = rest.ToString();
        }
        var bang = text.IndexOf('!', StringComparison.Ordinal);
        if (bang >= 0)
        {
            var before = text.AsSpan(0, bang).Trim();
            if (before.IsEmpty || before is "r" or "read" or "w" or "write" or "exe" || !before.ContainsAnyExcept(RangeCharacters))
            {
                c.RunShellText(text[(bang + 1)..]);
                return;
            }
        }
        var system = text.IndexOf("system(", StringComparison.Ordinal);
        if (system < 0) system = text.IndexOf("systemlist(", StringComparison.Ordinal);
        if (system < 0) return;
        var open = text.IndexOf('(', system) + 1;
        if (open >= text.Length || text[open] is not ('\'' or '"')) return;
        var close = text.IndexOf(text[open], open + 1);
        if (close > open) c.RunShellText(text[(open + 1)..close]);
    }
}
