using System.Text;

namespace Mstro.Bouncer.Analysis.Programs;

/// <summary>Programs that run command strings of their own: terminal multiplexers (<c>tmux new -d 'cmd'</c>,
/// <c>tmux send-keys 'cmd' Enter</c>, <c>screen -dm cmd</c>), <c>expect</c> scripts (<c>spawn</c>, <c>exec</c>,
/// <c>system</c>, text sent to a spawned shell), the sqlite3 shell's dot-commands (<c>.shell</c>, <c>.system</c>,
/// <c>.output |cmd</c>) and the database shells' <c>\!</c>. Each command string is analysed like <c>sh -c</c>.</summary>
internal static class CommandRunners
{
    private const int MaxTclDepth = 4;

    private static readonly System.Buffers.SearchValues<char> ScreenValueLetters = System.Buffers.SearchValues.Create("cehpStTXs");

    public static void Register(ProgramTable table)
    {
        table["tmux"] = Tmux;
        table["screen"] = Screen;
        table["expect"] = Expect;
        table["sqlite3"] = Sqlite;
        table["psql"] = c => DatabaseShell(c, ["-c", "--command"], "\\!");
        foreach (var name in new[] { "mysql", "mariadb" }) table[name] = c => DatabaseShell(c, ["-e", "--execute"], "\\!", "system ");
    }

    // ---- tmux ----

    /// <summary>Option letters that take a value, per tmux command (and the global ones before the command).</summary>
    private static string TmuxValueLetters(string command) => command switch
    {
        "" => "cfLST",
        "new-session" or "new" => "cefFnstxy",
        "new-window" or "neww" => "cefFnt",
        "split-window" or "splitw" => "ceFlpt",
        "respawn-pane" or "respawnp" or "respawn-window" or "respawnw" => "cet",
        "run-shell" or "run" => "cdt",
        "if-shell" or "if" => "t",
        "send-keys" or "send" => "Nt",
        "pipe-pane" or "pipep" => "t",
        "display-popup" or "popup" => "cdehwxytTsSb",
        _ => "t",
    };

    /// <summary><c>tmux [-c shell-command] command [flags] [shell-command] [\; command ...]</c>.</summary>
    private static void Tmux(CommandContext c)
    {
        c.PathsHandled = true;
        var args = c.Args;
        var i = SkipOptions(args, 1, TmuxValueLetters(""), out var values);
        if (values.TryGetValue('c', out var global))
        {
            c.RunShellText(global);
            return;
        }
        while (i < args.Length)
        {
            var end = i;
            while (end < args.Length && args[end].Value != ";") end++;
            TmuxCommand(c, i, end);
            i = end + 1;
        }
    }

    private static void TmuxCommand(CommandContext c, int start, int end)
    {
        if (start >= end) return;
        var name = c.Args[start].Value;
        var operands = SkipOptions(c.Args[..end], start + 1, TmuxValueLetters(name), out _);
        switch (name)
        {
            case "new-session" or "new" or "new-window" or "neww" or "split-window" or "splitw" or "respawn-pane" or "respawnp"
                or "respawn-window" or "respawnw" or "run-shell" or "run" or "pipe-pane" or "pipep" or "display-popup" or "popup":
                if (operands < end) c.RunShellText(Join(c.Args, operands, end));
                break;
            case "if-shell" or "if":
                if (operands < end) c.RunShellText(c.Args[operands].Value);
                for (var k = operands + 1; k < end; k++) RunTmuxText(c, c.Args[k].Value);
                break;
            case "send-keys" or "send":
                c.RunShellText(TypedText(c.Args, operands, end, Literal(c.Args, start + 1, end)));
                break;
        }
    }

    /// <summary>A tmux command given as one string (<c>if-shell 'test' 'new-window cmd'</c>).</summary>
    private static void RunTmuxText(CommandContext c, string text)
    {
        var words = EnvSplitter.Split(text);
        if (words.Count == 0) return;
        var argv = new Arg[words.Count + 1];
        argv[0] = Arg.Literal("tmux");
        for (var k = 0; k < words.Count; k++) argv[k + 1] = Arg.Unquoted(words[k]);
        c.RunArgv(argv);
    }

    private static bool Literal(Arg[] args, int start, int end)
    {
        for (var k = start; k < end; k++)
        {
            var value = args[k].Value;
            if (value.Length > 1 && value[0] == '-' && value.Contains('l', StringComparison.Ordinal)) return true;
            if (!value.StartsWith('-')) return false;
        }
        return false;
    }

    /// <summary>The text <c>send-keys</c> types: key names like <c>Enter</c> and <c>C-m</c> end a line, other control keys
    /// type nothing, every other argument is typed as it is.</summary>
    private static string TypedText(Arg[] args, int start, int end, bool literal)
    {
        var text = new StringBuilder();
        for (var k = start; k < end; k++)
        {
            var key = args[k].Value;
            if (!literal)
            {
                if (key is "Enter" or "C-m" or "C-j" or "KPEnter" or "^M" or "^J")
                {
                    text.Append('\n');
                    continue;
                }
                if (key.Length > 2 && key[1] == '-' && key[0] is 'C' or 'M' or 'S' || key is "Escape" or "Tab" or "Space" or "BSpace"
                    or "Up" or "Down" or "Left" or "Right" or "Home" or "End")
                {
                    if (key == "Space") text.Append(' ');
                    continue;
                }
            }
            text.Append(key);
        }
        return text.ToString();
    }

    // ---- screen ----

    /// <summary><c>screen [-dmS name] [-X command args] [cmd args]</c>: the command runs in a new window; <c>-X stuff
    /// text</c> types into a running one, <c>-X exec</c> / <c>-X screen</c> run a program there.</summary>
    private static void Screen(CommandContext c)
    {
        c.PathsHandled = true;
        var args = c.Args;
        var i = 1;
        string? remote = null;
        for (; i < args.Length; i++)
        {
            var value = args[i].Value;
            if (value is "-ls" or "-list" or "-wipe" or "-r" or "-R" or "-RR" or "-x" or "-v" or "-version") return;
            if (value == "--" || value.Length < 2 || value[0] != '-')
            {
                if (value == "--") i++;
                break;
            }
            if (value is "-Logfile" or "-fn" or "-fa" or "-ln" or "-4" or "-6") continue;
            var letters = value.AsSpan(1);
            var withValue = letters.IndexOfAny(ScreenValueLetters);
            if (withValue < 0) continue;
            var attached = letters[(withValue + 1)..].ToString();
            var operand = attached.Length > 0 ? attached : i + 1 < args.Length ? args[++i].Value : null;
            if (letters[withValue] == 'X' && operand is not null)
            {
                remote = operand;
                i++;
                break;
            }
        }
        if (remote is null)
        {
            if (i < args.Length) c.RunInner(i);
            return;
        }
        switch (remote)
        {
            case "stuff":
                if (i < args.Length) c.RunShellText(Join(args, i, args.Length).Replace("^M", "\n", StringComparison.Ordinal));
                break;
            case "exec" or "screen":
                while (i < args.Length && args[i].Value.StartsWith('-')) i++;
                if (i < args.Length) c.RunInner(i);
                break;
        }
    }

    // ---- expect ----

    /// <summary><c>expect [-c cmds]... [-f file | file | -] [args]</c>: the Tcl script's <c>spawn</c>, <c>exec</c> and
    /// <c>system</c> run programs; text it sends to a spawned shell runs there. A script file is code outside the call.</summary>
    private static void Expect(CommandContext c)
    {
        c.PathsHandled = true;
        var args = c.Args;
        var scanned = false;
        for (var i = 1; i < args.Length; i++)
        {
            var value = args[i].Value;
            if (value == "-c" && i + 1 < args.Length)
            {
                new TclScan(c).Scan(args[++i].Value, 0);
                scanned = true;
                continue;
            }
            if (value is "-f" or "-b" && i + 1 < args.Length)
            {
                ReadScript(c, args[++i]);
                return;
            }
            if (value == "-")
            {
                ReadScript(c, args[i]);
                return;
            }
            if (value.StartsWith('-')) continue;
            if (!scanned) ReadScript(c, args[i]);
            return;
        }
        if (!scanned && c.Stdin.KnownText is { } text) new TclScan(c).Scan(text, 0);
    }

    private static void ReadScript(CommandContext c, in Arg script)
    {
        if (script.Value is "-" or "/dev/stdin")
        {
            if (c.Stdin.KnownText is { } text) new TclScan(c).Scan(text, 0);
            return;
        }
        Shells.RunScriptFile(c, script);
    }

    /// <summary>A small Tcl reader: commands end at a newline or <c>;</c>, words are grouped by <c>"..."</c> and
    /// <c>{...}</c>, <c>[...]</c> is a nested command; braced bodies (<c>expect { ... }</c>, <c>if {..} { ... }</c>) are
    /// read as scripts too. Bounded by depth.</summary>
    private sealed class TclScan(CommandContext c)
    {
        private bool _spawnedShell;

        public void Scan(string script, int depth)
        {
            if (depth > MaxTclDepth) return;
            var words = new List<(string Text, bool Braced)>();
            var i = 0;
            while (i <= script.Length)
            {
                if (i == script.Length || script[i] is '\n' or ';')
                {
                    Command(words, depth);
                    words.Clear();
                    i++;
                    continue;
                }
                var ch = script[i];
                if (ch is ' ' or '\t' or '\r')
                {
                    i++;
                    continue;
                }
                if (ch == '#' && words.Count == 0)
                {
                    while (i < script.Length && script[i] != '\n') i++;
                    continue;
                }
                if (ch == '{')
                {
                    var close = Matching(script, i, '{', '}');
                    words.Add((script[(i + 1)..close], true));
                    i = close + 1;
                    continue;
                }
                if (ch == '[')
                {
                    var close = Matching(script, i, '[', ']');
                    Scan(script[(i + 1)..close], depth + 1);
                    words.Add(("$[]", false));
                    i = close + 1;
                    continue;
                }
                var word = new StringBuilder();
                if (ch == '"')
                {
                    i++;
                    while (i < script.Length && script[i] != '"') AppendChar(script, ref i, word, depth);
                    i++;
                }
                else
                {
                    while (i < script.Length && script[i] is not (' ' or '\t' or '\r' or '\n' or ';')) AppendChar(script, ref i, word, depth);
                }
                words.Add((word.ToString(), false));
            }
        }

        private void AppendChar(string script, ref int i, StringBuilder word, int depth)
        {
            var ch = script[i];
            if (ch == '\\' && i + 1 < script.Length)
            {
                var next = script[i + 1];
                word.Append(next switch { 'r' => '\n', 'n' => '\n', 't' => '\t', _ => next });
                i += 2;
                return;
            }
            if (ch == '[')
            {
                var close = Matching(script, i, '[', ']');
                Scan(script[(i + 1)..close], depth + 1);
                word.Append("$[]");
                i = close + 1;
                return;
            }
            word.Append(ch);
            i++;
        }

        private static int Matching(string script, int open, char opening, char closing)
        {
            var depth = 0;
            for (var k = open; k < script.Length; k++)
            {
                if (script[k] == '\\')
                {
                    k++;
                    continue;
                }
                if (script[k] == opening) depth++;
                else if (script[k] == closing && --depth == 0) return k;
            }
            return script.Length;
        }

        private void Command(List<(string Text, bool Braced)> words, int depth)
        {
            if (words.Count == 0) return;
            var name = words[0].Text;
            switch (name)
            {
                case "spawn" or "exec":
                {
                    var start = 1;
                    while (start < words.Count && words[start].Text.StartsWith('-') && !words[start].Braced)
                    {
                        if (words[start].Text == "--") { start++; break; }
                        start += words[start].Text == "-ignore" ? 2 : 1;
                    }
                    if (start >= words.Count) return;
                    var argv = new Arg[words.Count - start];
                    for (var k = start; k < words.Count; k++)
                    {
                        var text = words[k].Text;
                        argv[k - start] = !words[k].Braced && text.Contains('$', StringComparison.Ordinal) ? Arg.Unknown(text) : Arg.Literal(text);
                    }
                    if (name == "spawn" && Shells.IsShell(ProgramCatalog.Canonical(PathText.BaseName(argv[0].Value)))) _spawnedShell = true;
                    c.RunArgv(argv);
                    return;
                }
                case "system":
                    c.RunShellText(string.Join(' ', words.Skip(1).Select(w => w.Text)));
                    return;
                case "send" or "exp_send" when _spawnedShell:
                {
                    var start = 1;
                    while (start < words.Count && words[start].Text.StartsWith('-') && !words[start].Braced)
                    {
                        if (words[start++].Text == "--") break;
                    }
                    if (start < words.Count) c.RunShellText(words[start].Text);
                    return;
                }
            }
            // expect { pattern { body } ... }, if {cond} { body }, proc name {args} { body }: bodies are scripts.
            for (var k = 1; k < words.Count; k++)
            {
                if (words[k].Braced && words[k].Text.AsSpan().IndexOfAny('\n', ';', ' ') >= 0) Scan(words[k].Text, depth + 1);
            }
        }
    }

    // ---- sqlite3 ----

    /// <summary><c>sqlite3 [options] [db [sql-or-dot-command...]]</c>, <c>-cmd</c>, and commands on stdin. Dot-commands that
    /// run the shell (<c>.shell</c>, <c>.system</c>, <c>|cmd</c> targets of <c>.output</c>/<c>.once</c>/<c>.read</c>/
    /// <c>.import</c>) are analysed; <c>.output FILE</c> writes, <c>.read</c>/<c>.import</c> read; <c>.load</c> loads native
    /// code; the SQL functions <c>readfile()</c>/<c>writefile()</c> read and write files. <c>-safe</c> forbids all of it.</summary>
    private static void Sqlite(CommandContext c)
    {
        c.PathsHandled = true;
        var args = c.Args;
        var commands = new List<string>();
        var database = -1;
        for (var i = 1; i < args.Length; i++)
        {
            var value = args[i].Value;
            if (value.StartsWith('-') && value.Length > 1 && database < 0)
            {
                var option = value.TrimStart('-');
                if (option == "safe") return;
                if (option == "cmd" && i + 1 < args.Length) commands.Add(args[++i].Value);
                else if (option == "init" && i + 1 < args.Length) c.AddPath(EffectKind.Read, args[++i]);
                else if (option is "separator" or "newline" or "nullvalue" or "mmap" or "vfs" or "maxsize" or "A") i++;
                else if (option is "pagecache" or "lookaside" or "heap") i += 2;
                continue;
            }
            if (database < 0)
            {
                database = i;
                if (value is not ("" or ":memory:")) c.AddPath(EffectKind.Read, args[i]);
                continue;
            }
            commands.Add(value);
        }
        if (c.Stdin.KnownText is { } piped) commands.Add(piped);
        var path = database >= 0 ? c.PathOf(args[database]).Path : null;
        var contents = path is null ? DataSource.Unknown : new DataSource(SourceKind.File, Path: path);
        foreach (var text in commands)
        {
            var changes = SqlStatements.Report(c.Analysis.Sink, text, c.Cwd, c.Scope.Depth + 1, c.Scope.Inherited);
            if (database >= 0 && changes) c.AddPath(EffectKind.Write, args[database]);
            foreach (var line in text.Split('\n'))
            {
                var trimmed = line.Trim();
                if (trimmed.StartsWith('.')) SqliteDotCommand(c, trimmed, contents);
                else SqlFileFunctions(c, trimmed);
            }
        }
    }

    /// <param name="contents">What a command that reads sqlite's output gets: the database's data.</param>
    private static void SqliteDotCommand(CommandContext c, string line, DataSource contents)
    {
        var space = line.IndexOfAny([' ', '\t']);
        var name = space < 0 ? line : line[..space];
        var rest = space < 0 ? "" : Unquote(line[(space + 1)..].Trim());
        switch (name)
        {
            case ".shell" or ".system":
                if (rest.Length > 0) c.RunShellText(rest);
                break;
            case ".output" or ".once" or ".read" or ".import" or ".backup" or ".save" or ".restore" or ".open" or ".log":
            {
                var words = EnvSplitter.Split(rest);
                var target = words.FirstOrDefault(w => !w.StartsWith('-'));
                if (target is null || target is "stdout" or "stderr" or "off") break;
                var pipe = rest.IndexOf('|', StringComparison.Ordinal);
                if (target.StartsWith('|') && pipe >= 0) c.RunShellText(Unquote(rest[(pipe + 1)..].Trim()), stdin: contents);
                else c.AddPath(name is ".read" or ".import" or ".restore" ? EffectKind.Read : EffectKind.Write, Arg.Literal(target));
                break;
            }
            case ".load":
            {
                var words = EnvSplitter.Split(rest);
                if (words.Count > 0) c.AddPath(EffectKind.ExecuteCode, Arg.Literal(words[0]), detail: "script");
                break;
            }
        }
    }

    /// <summary>sqlite3's <c>readfile('path')</c> and <c>writefile('path', data)</c>.</summary>
    private static void SqlFileFunctions(CommandContext c, string sql)
    {
        foreach (var (function, kind) in (ReadOnlySpan<(string, EffectKind)>)[("readfile(", EffectKind.Read), ("writefile(", EffectKind.Write)])
        {
            for (var at = TextSearch.IndexOfIgnoringCase(sql, function); at >= 0;
                 at = TextSearch.IndexOfIgnoringCase(sql, function, at + function.Length))
            {
                var open = at + function.Length;
                while (open < sql.Length && sql[open] == ' ') open++;
                if (open >= sql.Length || sql[open] != '\'') continue;
                var close = sql.IndexOf('\'', open + 1);
                if (close > open + 1) c.AddPath(kind, Arg.Literal(sql[(open + 1)..close]));
            }
        }
    }

    private static string Unquote(string text) =>
        text.Length >= 2 && text[0] is '"' or '\'' && text[^1] == text[0] ? text[1..^1] : text;

    // ---- psql, mysql ----

    /// <summary>A database shell's meta-command that runs the shell (<c>\! cmd</c>, mysql's <c>system cmd</c>) in a
    /// <c>-c</c>/<c>-e</c> string or on stdin. Other arguments keep the generic treatment (paths read).</summary>
    private static void DatabaseShell(CommandContext c, string[] commandOptions, params string[] shellEscapes)
    {
        var texts = new List<string>();
        for (var i = 1; i < c.Args.Length; i++)
        {
            var value = c.Args[i].Value;
            if (Array.IndexOf(commandOptions, value) >= 0 && i + 1 < c.Args.Length) texts.Add(c.Args[++i].Value);
            else
            {
                foreach (var option in commandOptions)
                {
                    if (option.StartsWith("--", StringComparison.Ordinal) && value.StartsWith(option + "=", StringComparison.Ordinal))
                        texts.Add(value[(option.Length + 1)..]);
                }
            }
        }
        if (c.Stdin.KnownText is { } piped) texts.Add(piped);
        foreach (var text in texts)
        {
            SqlStatements.Report(c.Analysis.Sink, text, c.Cwd, c.Scope.Depth + 1, c.Scope.Inherited);
            foreach (var piece in text.Split('\n', ';'))
            {
                var trimmed = piece.Trim();
                foreach (var escape in shellEscapes)
                {
                    if (trimmed.StartsWith(escape, StringComparison.OrdinalIgnoreCase)) c.RunShellText(trimmed[escape.Length..]);
                }
            }
        }
    }

    // ---- shared ----

    /// <summary>Skips getopt-style options (letters in <paramref name="valueLetters"/> take a value); returns the index of
    /// the first operand. Values of the options are returned by letter.</summary>
    private static int SkipOptions(Arg[] args, int start, string valueLetters, out Dictionary<char, string> values)
    {
        values = [];
        var i = start;
        for (; i < args.Length; i++)
        {
            var value = args[i].Value;
            if (value == "--") return i + 1;
            if (value.Length < 2 || value[0] != '-' || value == ";") return i;
            for (var k = 1; k < value.Length; k++)
            {
                if (valueLetters.Contains(value[k], StringComparison.Ordinal))
                {
                    var operand = k + 1 < value.Length ? value[(k + 1)..] : i + 1 < args.Length ? args[++i].Value : "";
                    values[value[k]] = operand;
                    break;
                }
            }
        }
        return i;
    }

    private static string Join(Arg[] args, int start, int end)
    {
        if (end - start == 1) return args[start].Value;
        var text = new StringBuilder();
        for (var k = start; k < end; k++)
        {
            if (k > start) text.Append(' ');
            text.Append(args[k].Value);
        }
        return text.ToString();
    }
}
