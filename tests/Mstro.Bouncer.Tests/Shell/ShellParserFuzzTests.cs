using System.Text;
using Mstro.Bouncer.Shell;
using static Mstro.Bouncer.Tests.Shell.ShellParsing;

namespace Mstro.Bouncer.Tests.Shell;

/// <summary>
/// Property tests with fixed seeds (deterministic): generated valid scripts must parse cleanly and show every
/// command they contain; mutated real commands and random bytes must never break the parser's promises.
/// </summary>
public class ShellParserFuzzTests
{
    [Fact]
    public void GeneratedValidScriptsParseCleanlyAndShowEveryCommand()
    {
        var random = new Random(20_240_601);
        for (int round = 0; round < 3000; round++)
        {
            var generator = new ScriptGenerator(random);
            string source = generator.Script(depth: 0);
            var result = ShellParser.Parse(source);
            Assert.True(result.Diagnostics.Length == 0,
                $"round {round}: diagnostics {string.Join("; ", result.Diagnostics)} for:\n{source}");

            var seen = AllCommands(result.Script)
                .OfType<SimpleCommand>()
                .Select(command => command.Words.Length > 0 ? command.Words[0].LiteralValue : null)
                .Where(name => name is not null && name.StartsWith("cmd", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .ToArray();
            Assert.True(generator.Commands.Order(StringComparer.Ordinal).SequenceEqual(seen),
                $"round {round}: missing [{string.Join(' ', generator.Commands.Except(seen))}] " +
                $"extra [{string.Join(' ', seen.Except(generator.Commands))}] in:\n{source}\n=> {ShellTreeText.Of(result.Script)}");
            CheckInvariants(source, result);
        }
    }

    [Fact]
    public void MutatedRealCommandsKeepTheParsersPromises()
    {
        var random = new Random(7);
        var corpus = ShellSeedCorpus.Commands;
        Assert.InRange(corpus.Length, 100, 200);
        foreach (string seed in corpus)
        {
            CheckInvariants(seed, ShellParser.Parse(seed));
            for (int i = 0; i < 40; i++)
            {
                string mutated = Mutate(random, seed, corpus);
                CheckInvariants(mutated, ShellParser.Parse(mutated));
            }
        }
    }

    [Fact]
    public void RandomBytesKeepTheParsersPromises()
    {
        var random = new Random(99);
        const string Shellish = "'\"`$(){}[]|&;<>\\\n#~!*?=: \t-/@+%^,0123456789abcEOFifthenfidoesac";
        for (int round = 0; round < 1500; round++)
        {
            int length = random.Next(0, round % 10 == 0 ? 4000 : 200);
            var builder = new StringBuilder(length);
            for (int i = 0; i < length; i++)
            {
                builder.Append(random.Next(4) switch
                {
                    0 => (char)random.Next(0, 0x80),
                    1 => (char)random.Next(0, 0x10000),
                    _ => Shellish[random.Next(Shellish.Length)],
                });
            }

            string source = builder.ToString();
            CheckInvariants(source, ShellParser.Parse(source));
        }
    }

    [Fact]
    public void EveryPrefixOfTheCorpusParses()
    {
        // Truncation is how unterminated constructs arise; each prefix must still give a tree.
        foreach (string seed in ShellSeedCorpus.Commands)
        {
            for (int length = 0; length <= seed.Length; length++)
            {
                string prefix = seed[..length];
                CheckInvariants(prefix, ShellParser.Parse(prefix));
            }
        }
    }

    [Fact]
    public void ParsingOnManyThreadsAtOnceGivesTheSameTrees()
    {
        var expected = ShellSeedCorpus.Commands.Select(command => ShellTreeText.Of(ShellParser.Parse(command).Script)).ToArray();
        var actual = new string[8 * expected.Length];
        Parallel.For(0, actual.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            i => actual[i] = ShellTreeText.Of(ShellParser.Parse(ShellSeedCorpus.Commands[i % expected.Length]).Script));
        for (int i = 0; i < actual.Length; i++) Assert.Equal(expected[i % expected.Length], actual[i]);
    }

    [Fact]
    public void AHugeParseDoesNotDisturbTheNextOne()
    {
        var before = ShellTreeText.Of(ShellParser.Parse("git commit -m \"fix: x\" && git push").Script);
        ShellParser.Parse(string.Join(' ', Enumerable.Repeat("$(a 'b' \"c\")", 20_000)));
        ShellParser.Parse("echo \"unterminated $(");
        Assert.Equal(before, ShellTreeText.Of(ShellParser.Parse("git commit -m \"fix: x\" && git push").Script));
    }

    private static void CheckInvariants(string source, ParseResult result)
    {
        Assert.NotNull(result.Script);
        Assert.DoesNotContain(result.Diagnostics, diagnostic => diagnostic.Message.StartsWith(BashParser.InternalErrorMessage, StringComparison.Ordinal));
        Assert.All(result.Diagnostics, diagnostic => Assert.InRange(diagnostic.Position, 0, source.Length));

        // The same input always gives the same tree (the parser's reused state is reset between calls).
        var again = ShellParser.Parse(source);
        Assert.Equal(ShellTreeText.Of(result.Script), ShellTreeText.Of(again.Script));
        Assert.Equal(result.Diagnostics, again.Diagnostics);

        // Every word's Source is text of the input, except inside backquotes whose text had to be un-escaped.
        var checkedSources = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in Words(result.Script, insideUnescapedBackquotes: false, source))
        {
            if (checkedSources.Add(word.Source))
                Assert.True(source.Contains(word.Source, StringComparison.Ordinal), $"<{word.Source}> is not in the input <{source}>");
        }

        // Top-level statements come in input order.
        int cursor = 0;
        foreach (var statement in result.Script.Statements)
        {
            if (statement.Pipeline.Commands.Length > 0 && statement.Pipeline.Commands[0] is SimpleCommand { Words.Length: > 0 } simple)
            {
                int at = source.IndexOf(simple.Words[0].Source, cursor, StringComparison.Ordinal);
                Assert.True(at >= 0, $"statement <{simple.Words[0].Source}> out of order in <{source}>");
                cursor = at;
            }
        }
    }

    private static IEnumerable<Word> Words(Script script, bool insideUnescapedBackquotes, string source)
    {
        var pending = new Stack<(object Node, bool Skip)>();
        pending.Push((script, insideUnescapedBackquotes));
        while (pending.Count > 0)
        {
            var (node, skip) = pending.Pop();
            switch (node)
            {
                case Script s:
                    foreach (var statement in s.Statements)
                    {
                        foreach (var command in statement.Pipeline.Commands) pending.Push((command, skip));
                    }

                    break;
                case Command command:
                    foreach (var redirection in command.Redirections)
                    {
                        if (redirection.Target is not null) pending.Push((redirection.Target, skip));
                        if (redirection.HereDocument is not null) pending.Push((redirection.HereDocument.Body, skip));
                    }

                    switch (command)
                    {
                        case SimpleCommand simple:
                            foreach (var word in simple.Words) pending.Push((word, skip));
                            foreach (var assignment in simple.Assignments)
                            {
                                pending.Push((assignment.Value, skip));
                                if (assignment.Subscript is not null) pending.Push((assignment.Subscript, skip));
                                foreach (var element in assignment.ArrayElements ?? []) pending.Push((element, skip));
                            }

                            break;
                        case Subshell subshell: pending.Push((subshell.Body, skip)); break;
                        case Group group: pending.Push((group.Body, skip)); break;
                        case FunctionDefinition function: pending.Push((function.Body, skip)); break;
                        case Compound compound:
                            foreach (var word in compound.Header) pending.Push((word, skip));
                            foreach (var body in compound.Bodies) pending.Push((body, skip));
                            break;
                    }

                    break;
                case Word word:
                    if (!skip) yield return word;
                    foreach (var part in word.Parts)
                    {
                        switch (part)
                        {
                            case CommandSubstitutionPart substitution:
                                // Backquote text with a backslash in the input may have been un-escaped into new text.
                                pending.Push((substitution.Script, skip || (substitution.Backtick && source.Contains('\\'))));
                                break;
                            case ProcessSubstitutionPart process: pending.Push((process.Script, skip)); break;
                            case ParameterPart parameter:
                                if (parameter.Argument is not null) pending.Push((parameter.Argument, skip));
                                if (parameter.Subscript is not null) pending.Push((parameter.Subscript, skip));
                                break;
                            case ArithmeticPart { ExpressionWord: { } expression }: pending.Push((expression, skip)); break;
                        }
                    }

                    break;
            }
        }
    }

    private static string Mutate(Random random, string seed, string[] corpus)
    {
        const string Specials = "'\"`$(){}[]|&;<>\\\n#~!*?=:\t \0";
        var text = new StringBuilder(seed);
        int operations = random.Next(1, 6);
        for (int op = 0; op < operations; op++)
        {
            int at = text.Length == 0 ? 0 : random.Next(text.Length + 1);
            switch (random.Next(6))
            {
                case 0:
                    text.Insert(at, Specials[random.Next(Specials.Length)]);
                    break;
                case 1 when text.Length > 0:
                    int start = random.Next(text.Length);
                    text.Remove(start, random.Next(1, Math.Min(8, text.Length - start) + 1));
                    break;
                case 2 when text.Length > 0:
                    int from = random.Next(text.Length);
                    int count = random.Next(1, Math.Min(16, text.Length - from) + 1);
                    text.Insert(at, text.ToString(from, count));
                    break;
                case 3:
                    string other = corpus[random.Next(corpus.Length)];
                    int otherStart = random.Next(other.Length);
                    text.Insert(at, other.AsSpan(otherStart, random.Next(other.Length - otherStart + 1)));
                    break;
                case 4 when text.Length > 0:
                    text.Length = random.Next(text.Length);
                    break;
                default:
                    if (text.Length > 0) text[random.Next(text.Length)] = (char)random.Next(0, 0x3000);
                    break;
            }
        }

        return text.ToString();
    }

    /// <summary>Writes random valid bash from a small grammar and records the command names it used.</summary>
    private sealed class ScriptGenerator(Random random)
    {
        private const int MaxDepth = 4;
        private int _counter;
        private readonly List<string> _heredocBodies = [];

        public List<string> Commands { get; } = [];

        public string Script(int depth)
        {
            var text = new StringBuilder();
            int statements = random.Next(1, depth == 0 ? 5 : 3);
            bool afterPipe = false;
            for (int i = 0; i < statements; i++)
            {
                if (i > 0)
                {
                    // A newline reads the pending heredoc bodies: nested lines get one only when none is pending.
                    int choices = depth > 0 && _heredocBodies.Count > 0 ? 4 : 6;
                    string separator = random.Next(choices) switch
                    {
                        0 => "; ",
                        1 => " && ",
                        2 => " || ",
                        3 => " & ",
                        4 => " |\n ",
                        _ => "\n",
                    };
                    text.Append(separator);
                    afterPipe = separator.Contains('|', StringComparison.Ordinal);
                    if (separator.Contains('\n', StringComparison.Ordinal) && depth == 0) FlushHeredocs(text);
                }

                if (!afterPipe && random.Next(8) == 0) text.Append("! ");
                text.Append(Command(depth));
                if (random.Next(4) == 0) text.Append(" | ").Append(Command(depth));
            }

            if (depth == 0 && _heredocBodies.Count > 0)
            {
                text.Append('\n');
                FlushHeredocs(text);
            }

            return text.ToString();
        }

        private void FlushHeredocs(StringBuilder text)
        {
            foreach (string body in _heredocBodies) text.Append(body);
            _heredocBodies.Clear();
        }

        private string Name()
        {
            string name = "cmd" + (++_counter).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Commands.Add(name);
            return name;
        }

        private string Command(int depth)
        {
            int choice = depth >= MaxDepth ? 0 : random.Next(16);
            string body() => Script(depth + 1);
            return choice switch
            {
                < 6 => Simple(depth),
                6 => $"( {body()} )",
                7 => $"{{ {body()}; }}",
                8 => random.Next(2) == 0
                    ? $"if {body()}; then {body()}; fi"
                    : $"if {body()}; then {body()}; elif {body()}; then {body()}; else {body()}; fi",
                9 => $"{(random.Next(2) == 0 ? "while" : "until")} {body()}; do {body()}; done",
                10 => $"for v in a \"b c\" $x; do {body()}; done",
                11 => $"case $v in a|b) {body()};; (*.c) {body()};& *) {body()};; esac",
                12 => $"f{_counter}() {{ {body()}; }}",
                13 => "[[ -f x && $y == z* || ! -d /tmp ]]",
                14 => "(( i = (1 + 2) * $j ))",
                _ => $"for ((i = 0; i < 3; i++)); do {body()}; done",
            } + (choice is >= 6 and < 13 && random.Next(3) == 0 ? " >out 2>&1" : "");
        }

        private string Simple(int depth)
        {
            var text = new StringBuilder();
            if (random.Next(4) == 0) text.Append("A=1 B=").Append(Argument(depth)).Append(' ');
            text.Append(Name());
            int arguments = random.Next(0, 4);
            for (int i = 0; i < arguments; i++) text.Append(' ').Append(Argument(depth));
            switch (random.Next(8))
            {
                case 0: text.Append(" >out"); break;
                case 1: text.Append(" 2>&1 <in"); break;
                case 2: text.Append(" >>'log file'"); break;
                case 3 when depth == 0:
                    bool quoted = random.Next(2) == 0;
                    text.Append(quoted ? " <<'EOF'" : " <<EOF");
                    string inner = quoted ? "cmd_not_run" : $"$({Name()} x)";
                    _heredocBodies.Add($"line {inner} \"q\"\nEOF\n");
                    break;
            }

            return text.ToString();
        }

        private string Argument(int depth)
        {
            int choice = depth >= MaxDepth ? random.Next(7) : random.Next(14);
            return choice switch
            {
                0 => "plain-arg",
                1 => "'single quoted; | &'",
                2 => "\"double $x ${y:-def}\"",
                3 => "a\\ b",
                4 => "~/x",
                5 => "$'\\x41\\n'",
                6 => "${#z}",
                7 => $"$( {Script(depth + 1)} )",
                8 => $"\"$( {Script(depth + 1)} )\"",
                9 => $"`{Name()} arg`",
                10 => $"<( {Script(depth + 1)} )",
                11 => $"$(( 1 + $({Name()}) ))",
                12 => $"${{u:-$({Name()})}}",
                _ => $"@(a|b)",
            };
        }
    }
}
