using System.Text;
using Mstro.Bouncer.Shell;
using static Mstro.Bouncer.Tests.Shell.ShellParsing;

namespace Mstro.Bouncer.Tests.Shell;

/// <summary>Bad input and pathological input: a best-effort tree, precise diagnostics, bounded work.</summary>
public class ShellParserRobustnessTests
{
    private static ParseDiagnostic OnlyDiagnostic(ParseResult result, ParseDiagnosticKind kind)
    {
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(kind, diagnostic.Kind);
        return diagnostic;
    }

    [Fact]
    public void AnUnterminatedSingleQuoteTakesTheRestAndKeepsEarlierCommands()
    {
        var result = ShellParser.Parse("ls; echo 'abc ; rm -rf /");
        Assert.Equal(9, OnlyDiagnostic(result, ParseDiagnosticKind.UnterminatedQuote).Position);
        Assert.Equal("ls ; echo 'abc ; rm -rf /'", ShellTreeText.Of(result.Script));
    }

    [Fact]
    public void AnUnterminatedDoubleQuoteStillParsesItsSubstitutions()
    {
        var result = ShellParser.Parse("echo \"a $(rm -rf /) b");
        OnlyDiagnostic(result, ParseDiagnosticKind.UnterminatedQuote);
        Assert.Contains(AllCommands(result.Script), command => command is SimpleCommand simple && simple.Words[0].LiteralValue == "rm");
    }

    [Theory]
    [InlineData("echo $(ls", ParseDiagnosticKind.UnterminatedSubstitution, "echo $(ls)")]
    [InlineData("echo ${x", ParseDiagnosticKind.UnterminatedSubstitution, "echo ${x}")]
    [InlineData("echo `ls", ParseDiagnosticKind.UnterminatedSubstitution, "echo `ls`")]
    [InlineData("echo $'ab", ParseDiagnosticKind.UnterminatedQuote, "echo $'ab'")]
    [InlineData("(ls", ParseDiagnosticKind.UnbalancedParenthesis, "( ls )")]
    [InlineData("cat <<EOF\nbody", ParseDiagnosticKind.UnterminatedHereDocument, "cat <<EOF[\"body\"]")]
    [InlineData("cat <<EOF", ParseDiagnosticKind.UnterminatedHereDocument, "cat <<EOF[]")]
    [InlineData("ls )", ParseDiagnosticKind.UnexpectedToken, "ls")]
    [InlineData("{ ls", ParseDiagnosticKind.UnexpectedToken, "{ ls }")]
    [InlineData("if true; then ls", ParseDiagnosticKind.UnexpectedToken, "If[]{true}{ls}")]
    public void UnterminatedConstructsGiveOneDiagnosticAndTheTreeSoFar(string source, ParseDiagnosticKind kind, string tree)
    {
        var result = ShellParser.Parse(source);
        OnlyDiagnostic(result, kind);
        Assert.Equal(tree, ShellTreeText.Of(result.Script));
    }

    [Fact]
    public void StrayKeywordsAndOperatorsAreReportedAndSkipped()
    {
        var result = ShellParser.Parse("fi; done ) } ;; | & echo ok");
        Assert.Equal("echo ok", ShellTreeText.Of(result.Script));
        Assert.Equal(8, result.Diagnostics.Length);
        Assert.All(result.Diagnostics, diagnostic => Assert.Equal(ParseDiagnosticKind.UnexpectedToken, diagnostic.Kind));
    }

    [Fact]
    public void AParenthesisAfterACommandStartsASubshellWithADiagnostic()
    {
        var result = ShellParser.Parse("echo (rm -rf /)");
        OnlyDiagnostic(result, ParseDiagnosticKind.UnexpectedToken);
        Assert.Equal("echo ; ( rm -rf / )", ShellTreeText.Of(result.Script));
    }

    [Fact]
    public void InputLongerThanTheLimitParsesThePrefix()
    {
        var result = ShellParser.Parse("echo hello; rm -rf /", new ParserLimits(MaxInputLength: 10));
        var diagnostic = OnlyDiagnostic(result, ParseDiagnosticKind.LimitExceeded);
        Assert.Equal(10, diagnostic.Position);
        Assert.Equal("echo hello", ShellTreeText.Of(result.Script));
    }

    [Fact]
    public void NestingDeeperThanTheLimitStopsWithLimitExceeded()
    {
        var result = ShellParser.Parse("echo $(a $(b $(c $(d))))", new ParserLimits(MaxNestingDepth: 3));
        Assert.Equal(ParseDiagnosticKind.LimitExceeded, Assert.Single(result.Diagnostics).Kind);
        Assert.StartsWith("echo $(a $(b", ShellTreeText.Of(result.Script), StringComparison.Ordinal);
    }

    [Fact]
    public void MoreNodesThanTheLimitStopsWithLimitExceeded()
    {
        var result = ShellParser.Parse(string.Join(' ', Enumerable.Repeat("word", 1000)), new ParserLimits(MaxNodes: 100));
        Assert.Equal(ParseDiagnosticKind.LimitExceeded, Assert.Single(result.Diagnostics).Kind);
        Assert.InRange(Assert.IsType<SimpleCommand>(OnlyCommand(result.Script)).Words.Length, 1, 100);
    }

    [Fact]
    public void ALimitHitInsideAHeredocBodyStillStopsTheWholeParse()
    {
        string source = "cat <<EOF\n" + string.Concat(Enumerable.Repeat("$x ", 500)) + "\nEOF\nrm -rf /";
        var result = ShellParser.Parse(source, new ParserLimits(MaxNodes: 200));
        Assert.Contains(result.Diagnostics, diagnostic => diagnostic.Kind == ParseDiagnosticKind.LimitExceeded);
        Assert.DoesNotContain(AllCommands(result.Script), command => command is SimpleCommand simple && simple.Words.Length > 0 && simple.Words[0].LiteralValue == "rm");
    }

    [Fact(Timeout = 30_000)]
    public async Task A64KilobyteSingleQuotedStringIsOneLiteral()
    {
        await Task.Yield();
        string content = new('x', 64 * 1024);
        var command = OnlySimple($"echo '{content}'");
        Assert.Equal(new LiteralPart(content, QuoteKind.Single), Assert.Single(command.Words[1].Parts));
    }

    [Fact(Timeout = 30_000)]
    public async Task TwentyThousandNestedCommandSubstitutionsHitTheDepthLimit()
    {
        await Task.Yield();
        string source = "echo " + string.Concat(Enumerable.Repeat("$(", 20_000)) + "x" + new string(')', 20_000);
        var result = ShellParser.Parse(source);
        Assert.Contains(result.Diagnostics, diagnostic => diagnostic.Kind == ParseDiagnosticKind.LimitExceeded);
        Assert.Equal("echo", Assert.IsType<SimpleCommand>(OnlyCommand(result.Script)).Words[0].LiteralValue);
    }

    [Fact(Timeout = 30_000)]
    public async Task SixtyFourKilobytesOfDollarParenHitTheDepthLimit()
    {
        await Task.Yield();
        var result = ShellParser.Parse(string.Concat(Enumerable.Repeat("$(", 32 * 1024)));
        Assert.Contains(result.Diagnostics, diagnostic => diagnostic.Kind == ParseDiagnosticKind.LimitExceeded);
    }

    [Fact(Timeout = 30_000)]
    public async Task AHundredThousandNestedParenthesesAreOneArithmeticCommand()
    {
        await Task.Yield();
        // `((` closed by `))` with balanced parentheses between is arithmetic, as bash reads it: no recursion.
        string inner = new string('(', 99_998) + "1" + new string(')', 99_998);
        var compound = Assert.IsType<Compound>(OnlyCommand(Valid("((" + inner + "))")));
        Assert.Equal(CompoundKind.Arithmetic, compound.Kind);
        Assert.Equal(inner, Assert.Single(compound.Header).Source);
    }

    [Fact(Timeout = 30_000)]
    public async Task AHundredThousandNestedSubshellsHitTheDepthLimit()
    {
        await Task.Yield();
        var result = ShellParser.Parse(string.Concat(Enumerable.Repeat("( ", 100_000)) + "ls" + string.Concat(Enumerable.Repeat(" )", 100_000)));
        Assert.Contains(result.Diagnostics, diagnostic => diagnostic.Kind == ParseDiagnosticKind.LimitExceeded);
        Assert.IsType<Subshell>(OnlyCommand(result.Script));
    }

    [Fact(Timeout = 30_000)]
    public async Task UnclosedParenthesesEverywhereHitALimit()
    {
        await Task.Yield();
        var result = ShellParser.Parse(new string('(', 100_000));
        Assert.Contains(result.Diagnostics, diagnostic => diagnostic.Kind == ParseDiagnosticKind.LimitExceeded);
    }

    [Fact(Timeout = 30_000)]
    public async Task NestedFailingArithmeticIsBoundedByTheBacktrackBudget()
    {
        await Task.Yield();
        // Each `$((` here is a command substitution, but only the last `)` shows it: without a budget the
        // rewinds would double at every level.
        string source = "echo " + string.Concat(Enumerable.Repeat("$((a ", 40)) + string.Concat(Enumerable.Repeat(") )", 40));
        Assert.Contains(ShellParser.Parse(source).Diagnostics, diagnostic => diagnostic.Kind == ParseDiagnosticKind.LimitExceeded);

        var shallow = OnlySimple("echo $(( $((a) ) ) )");
        var outer = Assert.IsType<CommandSubstitutionPart>(Assert.Single(shallow.Words[1].Parts));
        var subshell = Assert.IsType<Subshell>(OnlyCommand(outer.Script));
        var inner = Assert.IsType<CommandSubstitutionPart>(Assert.Single(Assert.IsType<SimpleCommand>(OnlyCommand(subshell.Body)).Words[0].Parts));
        Assert.IsType<Subshell>(OnlyCommand(inner.Script));
    }

    [Fact(Timeout = 30_000)]
    public async Task DeepNestingAroundALongWordIsBoundedByTheSourceBudget()
    {
        await Task.Yield();
        // Each enclosing word's Source repeats the long word: 60 levels would copy it 60 times.
        string source = string.Concat(Enumerable.Repeat("$(a ", 60)) + new string('x', 64 * 1024) + new string(')', 60);
        var result = ShellParser.Parse(source);
        Assert.Contains(result.Diagnostics, diagnostic => diagnostic.Kind == ParseDiagnosticKind.LimitExceeded);
        long copied = 0;
        var pending = new Stack<Script>([result.Script]);
        while (pending.Count > 0)
        {
            foreach (var command in pending.Pop().Statements.SelectMany(statement => statement.Pipeline.Commands).OfType<SimpleCommand>())
            {
                foreach (var word in command.Words)
                {
                    copied += word.Source.Length;
                    foreach (var substitution in word.Parts.OfType<CommandSubstitutionPart>()) pending.Push(substitution.Script);
                }
            }
        }

        Assert.InRange(copied, 0, 20L * source.Length);
    }

    [Fact(Timeout = 30_000)]
    public async Task ATenThousandSegmentPipeline()
    {
        await Task.Yield();
        var pipeline = Assert.Single(Valid(string.Join('|', Enumerable.Repeat("a", 10_000))).Statements).Pipeline;
        Assert.Equal(10_000, pipeline.Commands.Length);
    }

    [Fact(Timeout = 30_000)]
    public async Task TenThousandHeredocsOnOneLine()
    {
        await Task.Yield();
        var source = new StringBuilder("cat");
        for (int i = 0; i < 10_000; i++) source.Append(" <<E").Append(i);
        source.Append('\n');
        for (int i = 0; i < 10_000; i++) source.Append("body ").Append(i).Append("\nE").Append(i).Append('\n');
        source.Append("rm -rf /\n");

        var script = Valid(source.ToString());
        Assert.Equal(2, script.Statements.Length);
        var redirections = script.Statements[0].Pipeline.Commands[0].Redirections;
        Assert.Equal(10_000, redirections.Length);
        Assert.Equal("body 9999\n", redirections[9_999].HereDocument!.Body.LiteralValue);
        Assert.Equal("body 0\n", redirections[0].HereDocument!.Body.LiteralValue);
        Assert.Equal(["rm", "-rf", "/"], LiteralWords(Assert.IsType<SimpleCommand>(script.Statements[1].Pipeline.Commands[0])));
    }

    [Fact(Timeout = 30_000)]
    public async Task A64KilobyteWordOfBackslashes()
    {
        await Task.Yield();
        var word = OnlySimple("echo " + new string('\\', 64 * 1024)).Words[1];
        Assert.Equal(new string('\\', 32 * 1024), word.LiteralValue);
        Assert.Single(word.Parts);
    }

    [Fact(Timeout = 30_000)]
    public async Task DeeplyNestedBackquotesAndParameterDefaults()
    {
        await Task.Yield();
        string braces = string.Concat(Enumerable.Repeat("${a:-", 5000)) + "x" + new string('}', 5000);
        Assert.Contains(ShellParser.Parse("echo " + braces).Diagnostics, diagnostic => diagnostic.Kind == ParseDiagnosticKind.LimitExceeded);
        string quotes = string.Concat(Enumerable.Repeat("\"$(", 5000));
        Assert.Contains(ShellParser.Parse("echo " + quotes).Diagnostics, diagnostic => diagnostic.Kind == ParseDiagnosticKind.LimitExceeded);
    }

    [Fact(Timeout = 30_000)]
    public async Task ChainsOfFunctionsAndCoprocsAreBoundedByTheDepthLimit()
    {
        await Task.Yield();
        Assert.Contains(ShellParser.Parse(string.Concat(Enumerable.Repeat("f() ", 50_000)) + "{ :; }").Diagnostics,
            diagnostic => diagnostic.Kind == ParseDiagnosticKind.LimitExceeded);
        Assert.Contains(ShellParser.Parse(string.Concat(Enumerable.Repeat("coproc ", 50_000)) + "ls").Diagnostics,
            diagnostic => diagnostic.Kind == ParseDiagnosticKind.LimitExceeded);
        Assert.Contains(ShellParser.Parse(string.Concat(Enumerable.Repeat("function f ", 50_000)) + "{ :; }").Diagnostics,
            diagnostic => diagnostic.Kind == ParseDiagnosticKind.LimitExceeded);
    }

    [Fact]
    public void AHugeDepthLimitIsStillSafeFromStackOverflow()
    {
        // A small stack and no effective depth limit: the execution-stack check must stop the descent.
        Exception? failure = null;
        ParseResult? result = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = ShellParser.Parse(string.Concat(Enumerable.Repeat("$(", 200_000)),
                    new ParserLimits(MaxInputLength: 1_000_000, MaxNestingDepth: int.MaxValue));
            }
            catch (InvalidOperationException error)
            {
                failure = error;
            }
        }, maxStackSize: 256 * 1024);
        thread.Start();
        thread.Join();
        Assert.Null(failure);
        Assert.Contains(result!.Diagnostics, diagnostic => diagnostic.Kind == ParseDiagnosticKind.LimitExceeded);
    }

    [Fact]
    public void NullInputIsAnEmptyScript()
    {
        Assert.Empty(ShellParser.Parse(null!).Script.Statements);
    }
}
