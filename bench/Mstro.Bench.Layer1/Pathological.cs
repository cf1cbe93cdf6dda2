using System.Text;
using System.Text.Json;

namespace Mstro.Bench.Layer1;

/// <summary>Inputs built to make a shell analyser work hard, each close to 64 KB: long quotes, deep nesting, 10,000-part
/// pipelines and lists, floods of <c>$(</c>, heredocs, backslashes, brace expansions, wrappers, inline code, and seeded
/// random text. Layer 1 must decide every one in under 1 ms (issue 4); beyond its work bounds the answer is "ask".</summary>
public static class Pathological
{
    /// <summary>Size of each generated command: a payload of at most 64 KB with the JSON around it.</summary>
    public const int Size = 64 * 1024 - 1024;

    public static IReadOnlyList<BenchInput> All()
    {
        var inputs = new List<BenchInput>();
        void Bash(string name, string command) => inputs.Add(new BenchInput(name, Corpus.BashPayload(Fit(command), name),
            Corpus.EnvironmentFor(null)));

        Bash("long single quote", "echo '" + new string('a', Size) + "'");
        Bash("long double quote of expansions", "echo \"" + Repeat("$a${b}`c`", Size) + "\"");
        Bash("unclosed quote", "echo '" + new string('x', Size));
        Bash("10k-part pipeline", Repeat("cat | ", Size) + "cat");
        Bash("10k statements", Repeat("ls;", Size));
        Bash("10k and-list", Repeat("true && ", Size) + "true");
        Bash("10k rm statements", Repeat("rm -rf ./bin;", Size));
        Bash("64 KB of $(", Repeat("$(", Size));
        Bash("deep $( nesting", Repeat("$(", 5000) + "id" + Repeat(")", 5000));
        Bash("deep backtick nesting", Repeat("echo `", 3000) + "id" + Repeat("`", 3000));
        Bash("deep subshells", Repeat("(", 8000) + "id" + Repeat(")", 8000));
        Bash("deep braces", Repeat("{ ", 5000) + "id;" + Repeat(" }", 5000));
        Bash("deep arithmetic", "echo $((" + Repeat("(", 8000) + "1" + Repeat(")", 8000) + "))");
        Bash("long arithmetic", "echo $((" + Repeat("1+", Size / 2) + "1))");
        Bash("deep if nesting", Repeat("if true; then ", 3000) + "id" + Repeat("; fi", 3000));
        Bash("deep for nesting", Repeat("for i in a b; do ", 2000) + "id" + Repeat("; done", 2000));
        Bash("nested bash -c", NestedBashC(9));
        Bash("eval chain", Repeat("eval ", Size / 5) + "id");
        Bash("sudo chain", Repeat("sudo ", Size / 5) + "id");
        Bash("env/nice/timeout chain", Repeat("env nice timeout 5 ", Size / 20) + "id");
        Bash("heredoc flood", "cat" + Repeat(" <<E", 3000) + "\n" + Repeat("x\nE\n", Size / 4));
        Bash("many heredoc commands on one line", Repeat("cat <<E;", 1000) + "\n" + Repeat("some text\nE\n", 1000));
        Bash("one long heredoc", "cat <<'EOF'\n" + Repeat("line of text $x `y`\n", Size) + "EOF");
        Bash("heredoc to a shell", "bash <<'EOF'\n" + Repeat("rm -rf ./bin\n", Size) + "EOF");
        Bash("backslash flood", new string('\\', Size));
        Bash("backslash-newline flood", Repeat("\\\n", Size));
        Bash("brace expansion flood", "echo " + Repeat("{a,b}", Size / 5));
        Bash("nested brace expansion", "echo " + Repeat("{a,", 3000) + "b" + Repeat("}", 3000));
        Bash("glob flood", "ls " + Repeat("*?[a-z]", Size / 6));
        Bash("many redirections", "cat" + Repeat(" >f <g 2>&1", Size / 11));
        Bash("many assignments", Repeat("a=$b ", Size / 5) + "id");
        Bash("many variables", "echo " + Repeat("${a:-${b:-${c}}}", Size / 16));
        Bash("deep parameter default", "echo " + Repeat("${a:-", 4000) + "x" + Repeat("}", 4000));
        Bash("many functions", Repeat("f(){ g; }; ", Size / 11) + "f");
        Bash("function recursion", "f(){ f; f; }; f");
        Bash("case flood", "case $x in " + Repeat("a) id;; ", Size / 8) + "esac");
        Bash("quote alternation", "echo " + Repeat("'a'\"b\"", Size / 6));
        Bash("comment flood", Repeat("# comment\n", Size / 10) + "id");
        Bash("long word", "echo " + new string('w', Size));
        Bash("long path", "rm -rf ./" + Repeat("d/", Size / 2));
        Bash("many arguments", "rm -f" + Repeat(" ./x", Size / 4));
        Bash("python -c flood", "python3 -c \"" + Repeat("import os; os.system('id'); ", Size / 30) + "\"");
        Bash("node -e flood", "node -e \"" + Repeat("require('child_process').exec('id');", Size / 36) + "\"");
        Bash("base64 to a shell", "echo " + Convert.ToBase64String(Encoding.UTF8.GetBytes(Repeat("rm -rf ./bin; ", Size / 2))) + " | base64 -d | sh");
        Bash("printf escapes to a shell", "printf '" + Repeat("\\x72\\x6d ", Size / 9) + "' | sh");
        Bash("persisted content", "echo '" + Repeat("alias ls='rm -rf ~'; ", Size / 22) + "' >> ~/.bashrc");
        Bash("process substitution flood", "cat" + Repeat(" <(id)", Size / 6));
        Bash("coproc and background", Repeat("sleep 1 & ", Size / 10) + "wait");
        Bash("array flood", "a=(" + Repeat("x ", Size / 2) + ")");
        var random = new Random(4);
        for (var i = 0; i < 8; i++) Bash($"random shell text #{i + 1}", RandomShell(random, Size));
        for (var i = 0; i < 4; i++) Bash($"random bytes #{i + 1}", RandomPrintable(random, Size));

        inputs.Add(Tool("Write of 64 KB", "Write", ("file_path", Corpus.ProjectDir + "/big.txt"), ("content", Repeat("data $(id) `x` ", Size))));
        inputs.Add(Tool("Write of a 64 KB startup file", "Write", ("file_path", Corpus.Home + "/.bashrc"), ("content", Repeat("alias x='rm -rf /'\n", Size))));
        inputs.Add(Tool("Edit of 64 KB", "Edit", ("file_path", Corpus.Home + "/.zshrc"), ("old_string", "a"), ("new_string", Repeat("curl x | sh\n", Size))));
        return inputs;
    }

    private static BenchInput Tool(string name, string tool, params (string Key, string Value)[] fields)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in fields) writer.WriteString(key, value);
            writer.WriteEndObject();
        }
        using var document = JsonDocument.Parse(buffer.ToArray());
        return new BenchInput(name, Corpus.Payload(tool, document.RootElement, Corpus.ProjectDir, "path"), Corpus.EnvironmentFor(null));
    }

    private static string Repeat(string unit, int length)
    {
        var s = new StringBuilder(length + unit.Length);
        while (s.Length + unit.Length <= length) s.Append(unit);
        return s.ToString();
    }

    /// <summary>Cuts the command so that its JSON string (quotes, backslashes and control characters escaped) fits in
    /// <see cref="Size"/> bytes.</summary>
    private static string Fit(string command)
    {
        var bytes = 0;
        for (var i = 0; i < command.Length; i++)
        {
            var c = command[i];
            bytes += c is '"' or '\\' or '\n' or '\t' ? 2 : c < ' ' ? 6 : c < 0x80 ? 1 : 3;
            if (bytes > Size) return command[..i];
        }
        return command;
    }

    private static string NestedBashC(int depth)
    {
        var command = "rm -rf /";
        for (var i = 0; i < depth; i++) command = "bash -c " + ShellQuote(command);
        return command;
    }

    private static string ShellQuote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>Random text made of shell syntax and words, so that it parses into many small nodes.</summary>
    private static string RandomShell(Random random, int length)
    {
        string[] pieces = ["$(", ")", "`", "'", "\"", "${", "}", "{", "(", "|", "||", "&&", ";", "&", "<", ">", ">>", "<<E\n",
            "\nE\n", "\\", " ", " ", " ", "rm", "-rf", "/", "~", "*", "bash -c ", "eval ", "$x", "=", "[[", "]]", "((", "))",
            "if ", "then ", "fi ", "for ", "do ", "done ", "case ", "esac ", "\n", "#", "!", "curl ", "sh", "a", "b"];
        var s = new StringBuilder(length + 16);
        while (s.Length < length) s.Append(pieces[random.Next(pieces.Length)]);
        return s.ToString(0, length);
    }

    private static string RandomPrintable(Random random, int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++) chars[i] = (char)random.Next(32, 127);
        return new string(chars);
    }
}
