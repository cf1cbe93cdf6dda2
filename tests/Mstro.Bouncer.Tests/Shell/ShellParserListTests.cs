using Mstro.Bouncer.Shell;
using static Mstro.Bouncer.Tests.Shell.ShellParsing;

namespace Mstro.Bouncer.Tests.Shell;

/// <summary>Lists, and-or lists, pipelines, comments and line continuations.</summary>
public class ShellParserListTests
{
    [Fact]
    public void EmptyAndBlankInputGiveAnEmptyScript()
    {
        Assert.Empty(Valid("").Statements);
        Assert.Empty(Valid("  \t\n\n  # only a comment\n").Statements);
    }

    [Fact]
    public void ASimpleCommandHasItsWordsInOrder()
    {
        var command = OnlySimple("npm test");
        Assert.Equal(["npm", "test"], LiteralWords(command));
        Assert.Empty(command.Assignments);
        Assert.Empty(command.Redirections);
    }

    [Fact]
    public void StatementsKeepTheOperatorThatJoinsThem()
    {
        var script = Valid("a; b && c || d & e\nf");
        Assert.Equal(
            [ListOperator.Start, ListOperator.Sequence, ListOperator.And, ListOperator.Or, ListOperator.AfterBackground, ListOperator.Start],
            script.Statements.Select(statement => statement.Operator));
        // `b && c || d &` puts the whole and-or list in the background.
        Assert.Equal([false, true, true, true, false, false], script.Statements.Select(statement => statement.Background));
        Assert.Equal("a ; b & && c & || d & e ⏎ f", ShellTreeText.Of(script));
    }

    [Fact]
    public void ABackgroundedAndOrListPutsAllItsStatementsInTheBackground()
    {
        Assert.Equal("a & && b & c", Tree("a && b & c"));
        var script = Valid("a && b &");
        Assert.All(script.Statements, statement => Assert.True(statement.Background));
    }

    [Fact]
    public void AnExplicitSeparatorWinsOverTheNewlineAfterIt()
    {
        var script = Valid("a;\n\nb &\nc");
        Assert.Equal([ListOperator.Start, ListOperator.Sequence, ListOperator.AfterBackground],
            script.Statements.Select(statement => statement.Operator));
    }

    [Fact]
    public void PipelinesSplitOnPipeAndPipeAmpersand()
    {
        var script = Valid("curl -s x | tee log |& sh");
        var pipeline = Assert.Single(script.Statements).Pipeline;
        Assert.Equal(3, pipeline.Commands.Length);
        Assert.Equal("curl -s x | tee log | sh", ShellTreeText.Of(script));
    }

    [Fact]
    public void NewlinesMayFollowPipesAndAndOrOperators()
    {
        Assert.Equal("a | b && c || d", Tree("a |\n  b &&\n\n c ||\n d"));
    }

    [Theory]
    [InlineData("! true", true)]
    [InlineData("! ! true", false)]
    [InlineData("!true", false)]
    public void ALeadingBangNegatesThePipeline(string source, bool negated)
    {
        var pipeline = Assert.Single(Valid(source).Statements).Pipeline;
        Assert.Equal(negated, pipeline.Negated);
    }

    [Fact]
    public void BangAsAnArgumentIsAWord()
    {
        Assert.Equal(["test", "!", "-f", "x"], LiteralWords(OnlySimple("test ! -f x")));
    }

    [Fact]
    public void CommentsStartOnlyAtTheStartOfAWord()
    {
        Assert.Equal(["echo", "a#b", "c"], LiteralWords(OnlySimple("echo a#b c # rm -rf /")));
        Assert.Equal("echo ⏎ ls", Tree("echo # comment ; rm -rf /\nls"));
        Assert.Equal("a ; b", Tree("a;#comment\nb"));
    }

    [Fact]
    public void AWordStartingWithHashInsideACommandSubstitutionIsAComment()
    {
        Assert.Equal("echo $(ls)", Tree("echo $( # comment with )\nls)"));
    }

    [Fact]
    public void LineContinuationsJoinWordsOperatorsAndNames()
    {
        Assert.Equal(["rm", "-rf", "/"], LiteralWords(OnlySimple("r\\\nm -rf \\\n/")));
        Assert.Equal("a && b", Tree("a &\\\n& b"));
        var home = Assert.IsType<ParameterPart>(Assert.Single(OnlySimple("echo $HO\\\nME").Words[1].Parts));
        Assert.Equal("HOME", home.Name);
    }

    [Fact]
    public void AContinuationInsideSingleQuotesIsKept()
    {
        Assert.Equal("a\\\nb", OnlySimple("echo 'a\\\nb'").Words[1].LiteralValue);
    }

    [Fact]
    public void ABackslashBeforeABackslashNewlineEscapesTheBackslash()
    {
        var script = Valid("echo a\\\\\nls");
        Assert.Equal(2, script.Statements.Length);
        Assert.Equal("a\\", Assert.IsType<SimpleCommand>(script.Statements[0].Pipeline.Commands[0]).Words[1].LiteralValue);
    }

    [Fact]
    public void ALongPipelineIsParsedWithoutRecursion()
    {
        string source = string.Join('|', Enumerable.Repeat("a", 10_000));
        var pipeline = Assert.Single(Valid(source).Statements).Pipeline;
        Assert.Equal(10_000, pipeline.Commands.Length);
    }

    [Fact]
    public void ALongAndListIsParsedWithoutRecursion()
    {
        string source = string.Join(" && ", Enumerable.Repeat("true", 20_000));
        Assert.Equal(20_000, Valid(source).Statements.Length);
    }

    [Fact]
    public void TimeStaysAWordBeforeASimpleCommandAndIsDroppedBeforeACompound()
    {
        Assert.Equal(["time", "-p", "make"], LiteralWords(OnlySimple("time -p make")));
        Assert.Equal("{ rm -rf ~ }", Tree("time { rm -rf ~; }"));
        Assert.Equal("! ( ls )", Tree("time -p ! (ls)"));
    }
}
