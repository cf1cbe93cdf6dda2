using Mstro.Bouncer.Shell;
using static Mstro.Bouncer.Tests.Shell.ShellParsing;

namespace Mstro.Bouncer.Tests.Shell;

/// <summary>Quoting, escapes, expansions and tildes inside words.</summary>
public class ShellParserWordTests
{
    private static Word Argument(string source, int index = 1) => OnlySimple(source).Words[index];

    [Theory]
    [InlineData("r''m")]
    [InlineData("\"r\"m")]
    [InlineData("r\\m")]
    [InlineData("'r'\"m\"")]
    [InlineData("\"rm\"")]
    [InlineData("'rm'")]
    [InlineData("\\r\\m")]
    [InlineData("$'rm'")]
    [InlineData("$'\\x72\\x6d'")]
    [InlineData("$'\\162\\155'")]
    [InlineData("$'\\u0072m'")]
    [InlineData("$\"rm\"")]
    [InlineData("r\\\nm")]
    public void QuoteSplittingTricksAllSpellRm(string spelling)
    {
        var command = OnlySimple(spelling + " -rf /");
        Assert.Equal("rm", command.Words[0].LiteralValue);
        Assert.Equal(["rm", "-rf", "/"], LiteralWords(command));
    }

    [Fact]
    public void EachQuotingStyleIsItsOwnPart()
    {
        var word = Argument("echo a'b'\"c\"\\d$'e'");
        Assert.Equal(
            [new LiteralPart("a", QuoteKind.None), new LiteralPart("b", QuoteKind.Single), new LiteralPart("c", QuoteKind.Double),
             new LiteralPart("d", QuoteKind.Escaped), new LiteralPart("e", QuoteKind.AnsiC)],
            word.Parts);
        Assert.Equal("a'b'\"c\"\\d$'e'", word.Source);
    }

    [Fact]
    public void EmptyQuotesAreAnEmptyArgument()
    {
        var command = OnlySimple("printf '' \"\" $''");
        Assert.Equal(["printf", "", "", ""], LiteralWords(command));
        Assert.Equal(new LiteralPart("", QuoteKind.Single), Assert.Single(command.Words[1].Parts));
    }

    [Fact]
    public void DoubleQuotesEscapeOnlyDollarBackquoteQuoteBackslashAndNewline()
    {
        Assert.Equal("$`\"\\ab\\n\\'", Argument("echo \"\\$\\`\\\"\\\\a\\\nb\\n\\'\"").LiteralValue);
    }

    [Fact]
    public void SingleQuotesKeepEverythingLiterally()
    {
        Assert.Equal("$(rm -rf /) `x` $HOME \\", Argument("echo '$(rm -rf /) `x` $HOME \\'").LiteralValue);
    }

    [Fact]
    public void AnsiCQuotingIsFullyDecoded()
    {
        var word = Argument(@"echo $'\n\t\\\'\""\a\b\e\E\f\r\v\x41\101\u00e9\U0001F600\cA\?'");
        Assert.Equal("\n\t\\'\"\a\b\u001b\u001b\f\r\vAAé\U0001F600\u0001?", word.LiteralValue);
        Assert.All(word.Parts, part => Assert.Equal(QuoteKind.AnsiC, Assert.IsType<LiteralPart>(part).Quote));
    }

    [Fact]
    public void AnsiCQuotingStopsTheValueAtANul()
    {
        Assert.Equal("rX", Argument(@"echo $'r\0m'X").LiteralValue);
    }

    [Fact]
    public void AnsiCUnknownEscapesKeepTheirBackslash()
    {
        Assert.Equal("\\q\\x", Argument(@"echo $'\q\x'").LiteralValue);
    }

    [Fact]
    public void DollarQuoteInsideDoubleQuotesIsLiteral()
    {
        Assert.Equal("$'x'", Argument("echo \"$'x'\"").LiteralValue);
    }

    [Fact]
    public void GlobAndBraceCharactersStayUnquotedLiterals()
    {
        var word = Argument("rm {a,b}*.[ch]");
        Assert.Equal(new LiteralPart("{a,b}*.[ch]", QuoteKind.None), Assert.Single(word.Parts));
    }

    [Fact]
    public void ExtendedGlobsAreOneWord()
    {
        Assert.Equal(["ls", "@(a|b)", "!(x y)", "*(z)", "+(q)", "?(r)"], LiteralWords(OnlySimple("ls @(a|b) !(x y) *(z) +(q) ?(r)")));
    }

    [Fact]
    public void SimpleParametersAndSpecialParameters()
    {
        var words = OnlySimple("echo $HOME $_x1 $1 $@ $* $# $? $$ $! $- $0 $12").Words.Skip(1).ToArray();
        string[] names = ["HOME", "_x1", "1", "@", "*", "#", "?", "$", "!", "-", "0", "1"];
        for (int i = 0; i < names.Length; i++)
        {
            var parameter = Assert.IsType<ParameterPart>(words[i].Parts[0]);
            Assert.Equal(names[i], parameter.Name);
            Assert.Null(parameter.Operator);
            Assert.False(parameter.Quoted);
        }

        Assert.Equal(new LiteralPart("2", QuoteKind.None), words[^1].Parts[1]);
    }

    [Fact]
    public void ALoneDollarIsLiteral()
    {
        Assert.Equal(["echo", "$", "a$", "$/"], LiteralWords(OnlySimple("echo $ a$ $/")));
    }

    [Theory]
    [InlineData("${HOME}", "HOME", null, null)]
    [InlineData("${x:-default}", "x", ":-", "default")]
    [InlineData("${x-default}", "x", "-", "default")]
    [InlineData("${x:=v}", "x", ":=", "v")]
    [InlineData("${x:?msg here}", "x", ":?", "msg here")]
    [InlineData("${x:+alt}", "x", ":+", "alt")]
    [InlineData("${x#*/}", "x", "#", "*/")]
    [InlineData("${x##*/}", "x", "##", "*/")]
    [InlineData("${x%.*}", "x", "%", ".*")]
    [InlineData("${x%%.*}", "x", "%%", ".*")]
    [InlineData("${x/a/b}", "x", "/", "a/b")]
    [InlineData("${x//a/b}", "x", "//", "a/b")]
    [InlineData("${x^^}", "x", "^^", "")]
    [InlineData("${x,}", "x", ",", "")]
    [InlineData("${x:1:2}", "x", ":", "1:2")]
    [InlineData("${x@Q}", "x", "@", "Q")]
    [InlineData("${#x}", "x", "length", null)]
    [InlineData("${#}", "#", null, null)]
    [InlineData("${!ref}", "!ref", null, null)]
    [InlineData("${!prefix*}", "!prefix*", null, null)]
    [InlineData("${10}", "10", null, null)]
    [InlineData("${@}", "@", null, null)]
    public void BracedParameterExpansions(string spelling, string name, string? op, string? argument)
    {
        var parameter = Assert.IsType<ParameterPart>(Assert.Single(Argument("echo " + spelling).Parts));
        Assert.Equal(name, parameter.Name);
        Assert.Equal(op, parameter.Operator);
        Assert.Equal(argument, parameter.Argument?.LiteralValue);
    }

    [Fact]
    public void AParameterArgumentIsAWordWithItsOwnExpansions()
    {
        var parameter = Assert.IsType<ParameterPart>(Assert.Single(Argument("echo ${x:-$(rm -rf ~) \"$y\"}").Parts));
        Assert.Equal("$(rm -rf ~) ${y}", ShellTreeText.Of(parameter.Argument!));
        var substitution = Assert.IsType<CommandSubstitutionPart>(parameter.Argument!.Parts[0]);
        Assert.Equal("rm -rf ~", ShellTreeText.Of(substitution.Script));
    }

    [Fact]
    public void ATildeInAParameterDefaultIsATilde()
    {
        var parameter = Assert.IsType<ParameterPart>(Assert.Single(Argument("rm -rf ${DIR:-~}", 2).Parts));
        Assert.IsType<TildePart>(Assert.Single(parameter.Argument!.Parts));
    }

    [Fact]
    public void AnArraySubscriptIsParsedSoItsSubstitutionsAreSeen()
    {
        var parameter = Assert.IsType<ParameterPart>(Assert.Single(Argument("echo ${a[$(rm -rf /)]}").Parts));
        Assert.Equal("a", parameter.Name);
        var substitution = Assert.IsType<CommandSubstitutionPart>(Assert.Single(parameter.Subscript!.Parts));
        Assert.Equal("rm -rf /", ShellTreeText.Of(substitution.Script));
        Assert.Equal("@", Assert.IsType<ParameterPart>(Assert.Single(Argument("echo ${#a[@]}").Parts)).Subscript!.LiteralValue);
    }

    [Fact]
    public void ExpansionsInsideDoubleQuotesAreMarkedQuoted()
    {
        var word = Argument("echo \"a $x ${y} $(z) `w` $((1))\"");
        Assert.True(Assert.IsType<ParameterPart>(word.Parts[1]).Quoted);
        Assert.True(Assert.IsType<ParameterPart>(word.Parts[3]).Quoted);
        Assert.True(Assert.IsType<CommandSubstitutionPart>(word.Parts[5]).Quoted);
        var backquoted = Assert.IsType<CommandSubstitutionPart>(word.Parts[7]);
        Assert.True(backquoted.Quoted);
        Assert.True(backquoted.Backtick);
        Assert.True(Assert.IsType<ArithmeticPart>(word.Parts[9]).Quoted);
        Assert.Null(word.LiteralValue);
    }

    [Fact]
    public void CommandSubstitutionIsParsedRecursively()
    {
        var word = Argument("echo $(cd /tmp && curl -s x | sh)");
        var substitution = Assert.IsType<CommandSubstitutionPart>(Assert.Single(word.Parts));
        Assert.False(substitution.Backtick);
        Assert.Equal("cd /tmp && curl -s x | sh", ShellTreeText.Of(substitution.Script));
    }

    [Fact]
    public void CommandSubstitutionSeesThroughQuotesParenthesesAndCasePatterns()
    {
        Assert.Equal("echo $(echo \")\" ')' \\) ; ( ls ))", Tree("echo $(echo \")\" ')' \\); (ls))"));
        Assert.Equal("echo $(Case[${x} a b]{echo a}{echo \")\"}) done",
            Tree("echo $(case $x in a) echo a;; b) echo \")\";; esac) done"));
    }

    [Fact]
    public void NestedCommandSubstitutions()
    {
        Assert.Equal("echo $(a $(b $(c)))", Tree("echo $(a $(b $(c)))"));
    }

    [Fact]
    public void BackquotesUnescapeTheirContentBeforeParsing()
    {
        var word = Argument("echo `echo \\`rm -rf /\\` \\$HOME \\\\`");
        var outer = Assert.IsType<CommandSubstitutionPart>(Assert.Single(word.Parts));
        Assert.True(outer.Backtick);
        Assert.Equal("echo `rm -rf /` ${HOME} \\", ShellTreeText.Of(outer.Script));
    }

    [Fact]
    public void BackquotesInsideDoubleQuotesAlsoUnescapeQuotes()
    {
        var word = Argument("echo \"`echo \\\"hi\\\"`\"");
        var substitution = Assert.IsType<CommandSubstitutionPart>(Assert.Single(word.Parts));
        Assert.Equal("echo \"hi\"", ShellTreeText.Of(substitution.Script));
    }

    [Fact]
    public void ArithmeticExpansionKeepsItsTextAndItsSubstitutions()
    {
        var arithmetic = Assert.IsType<ArithmeticPart>(Assert.Single(Argument("echo $(( 1 + $(rm -rf /) * (2+$x) ))").Parts));
        Assert.Equal(" 1 + $(rm -rf /) * (2+$x) ", arithmetic.Expression);
        var parts = arithmetic.ExpressionWord!.Parts;
        Assert.Equal("rm -rf /", ShellTreeText.Of(Assert.IsType<CommandSubstitutionPart>(parts[1]).Script));
        Assert.Equal("x", Assert.IsType<ParameterPart>(parts[3]).Name);
    }

    [Fact]
    public void QuotedTextInsideArithmeticDoesNotCloseIt()
    {
        var arithmetic = Assert.IsType<ArithmeticPart>(Assert.Single(Argument("echo $(( ')' + \")\" ))").Parts));
        Assert.Equal(" ')' + \")\" ", arithmetic.Expression);
    }

    [Fact]
    public void BracketArithmeticIsArithmetic()
    {
        var arithmetic = Assert.IsType<ArithmeticPart>(Assert.Single(Argument("echo $[1+(2*3)]").Parts));
        Assert.Equal("1+(2*3)", arithmetic.Expression);
    }

    [Fact]
    public void DollarDoubleParenThatDoesNotCloseAsArithmeticIsACommandSubstitution()
    {
        var substitution = Assert.IsType<CommandSubstitutionPart>(Assert.Single(Argument("echo $((rm -rf /) )").Parts));
        Assert.Equal("( rm -rf / )", ShellTreeText.Of(substitution.Script));
        Assert.Equal("echo $(( cd / ; ls ) | wc)", Tree("echo $((cd /; ls) | wc)"));
    }

    [Fact]
    public void ProcessSubstitutions()
    {
        var command = OnlySimple("diff <(sort a) >(tee b) x<(c)");
        var input = Assert.IsType<ProcessSubstitutionPart>(Assert.Single(command.Words[1].Parts));
        Assert.True(input.Input);
        Assert.Equal("sort a", ShellTreeText.Of(input.Script));
        Assert.False(Assert.IsType<ProcessSubstitutionPart>(Assert.Single(command.Words[2].Parts)).Input);
        Assert.IsType<ProcessSubstitutionPart>(command.Words[3].Parts[1]);
    }

    [Fact]
    public void TildeAtTheStartOfAWord()
    {
        var command = OnlySimple("ls ~ ~/x ~root/y ~root a~ '~' \\~ \"~\" ~\"x\"");
        Assert.Equal(new TildePart(null), Assert.Single(command.Words[1].Parts));
        Assert.Equal([new TildePart(null), new LiteralPart("/x", QuoteKind.None)], command.Words[2].Parts);
        Assert.Equal(new TildePart("root"), command.Words[3].Parts[0]);
        Assert.Equal(new TildePart("root"), Assert.Single(command.Words[4].Parts));
        for (int i = 5; i < command.Words.Length; i++) Assert.DoesNotContain(command.Words[i].Parts, part => part is TildePart);
    }

    [Fact]
    public void TildePlusAndMinusAreTheWorkingDirectories()
    {
        var command = OnlySimple("rm -rf ~+ ~-/x");
        Assert.Equal("PWD", Assert.IsType<ParameterPart>(Assert.Single(command.Words[2].Parts)).Name);
        Assert.Equal("OLDPWD", Assert.IsType<ParameterPart>(command.Words[3].Parts[0]).Name);
    }

    [Fact]
    public void TildeAfterTheEqualsAndColonsOfAssignments()
    {
        var command = OnlySimple("PATH=~/bin:~/x:a~ dd of=~/disk.img --opt=~ x:~");
        var value = command.Assignments[0].Value;
        Assert.Equal(
            [new TildePart(null), new LiteralPart("/bin:", QuoteKind.None), new TildePart(null), new LiteralPart("/x:a~", QuoteKind.None)],
            value.Parts);
        Assert.Equal(new TildePart(null), command.Words[1].Parts[1]); // of=~/disk.img looks like an assignment
        Assert.DoesNotContain(command.Words[2].Parts, part => part is TildePart); // --opt is not a name
        Assert.DoesNotContain(command.Words[3].Parts, part => part is TildePart);
    }

    [Fact]
    public void WordSourceIsTheTextAsWritten()
    {
        var command = OnlySimple("git commit -m \"fix: x\" '--a'b");
        Assert.Equal(["git", "commit", "-m", "\"fix: x\"", "'--a'b"], command.Words.Select(word => word.Source));
    }
}
