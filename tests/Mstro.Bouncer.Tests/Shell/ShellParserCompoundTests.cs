using Mstro.Bouncer.Shell;
using static Mstro.Bouncer.Tests.Shell.ShellParsing;

namespace Mstro.Bouncer.Tests.Shell;

/// <summary>Subshells, groups, functions and the compound commands.</summary>
public class ShellParserCompoundTests
{
    [Fact]
    public void SubshellAndGroupWithRedirections()
    {
        var subshell = Assert.IsType<Subshell>(OnlyCommand(Valid("(cd / && rm -rf *) >log 2>&1")));
        Assert.Equal("cd / && rm -rf *", ShellTreeText.Of(subshell.Body));
        Assert.Equal(2, subshell.Redirections.Length);
        var pipeline = Assert.Single(Valid("{ rm -rf ~; echo; } | tee x").Statements).Pipeline;
        var group = Assert.IsType<Group>(pipeline.Commands[0]);
        Assert.Equal("rm -rf ~ ; echo", ShellTreeText.Of(group.Body));
    }

    [Fact]
    public void BracesAreReservedOnlyAsWholeWordsInCommandPosition()
    {
        Assert.Equal(["echo", "{", "}", "{a,b}"], LiteralWords(OnlySimple("echo { } {a,b}")));
        Assert.Equal(["{echo,hi}"], LiteralWords(OnlySimple("{echo,hi}")));
        Assert.Equal("{ echo } }", Tree("{ echo }; }"));
    }

    [Fact]
    public void KeywordsAreWordsOutsideCommandPosition()
    {
        Assert.Equal(["echo", "if", "then", "fi", "done", "case", "esac"], LiteralWords(OnlySimple("echo if then fi done case esac")));
        Assert.Equal(["iffy", "x"], LiteralWords(OnlySimple("iffy x")));
        Assert.Equal(["\"if\""], OnlySimple("\"if\"").Words.Select(word => word.Source));
    }

    [Fact]
    public void TheForkBombParsesAsAFunctionNamedColon()
    {
        var script = Valid(":(){ :|:& };:");
        Assert.Equal(2, script.Statements.Length);
        var function = Assert.IsType<FunctionDefinition>(Assert.Single(script.Statements[0].Pipeline.Commands));
        Assert.Equal(":", function.Name);
        var body = Assert.IsType<Group>(function.Body);
        var inner = Assert.Single(body.Body.Statements);
        Assert.True(inner.Background);
        Assert.Equal([":", ":"], inner.Pipeline.Commands.Select(command => Assert.IsType<SimpleCommand>(command).Words[0].LiteralValue));
        Assert.Equal(ListOperator.Sequence, script.Statements[1].Operator);
        Assert.Equal([":"], LiteralWords(Assert.IsType<SimpleCommand>(Assert.Single(script.Statements[1].Pipeline.Commands))));
    }

    [Theory]
    [InlineData("bomb() { bomb | bomb & }; bomb", "fn bomb { bomb | bomb & } ; bomb")]
    [InlineData("function f { echo; }", "fn f { echo }")]
    [InlineData("function f() { echo; }", "fn f { echo }")]
    [InlineData("function g ( ls )", "fn g ( ls )")]
    [InlineData("h () \n{\n rm -rf ~\n}", "fn h { rm -rf ~ }")]
    [InlineData("f() if true; then :; fi", "fn f If[]{true}{:}")]
    [InlineData("rm() { command rm -i \"$@\"; }", "fn rm { command rm -i ${@} }")]
    public void FunctionDefinitions(string source, string tree)
    {
        Assert.Equal(tree, Tree(source));
    }

    [Fact]
    public void RedirectionsAfterAFunctionBodyBelongToTheDefinition()
    {
        var function = Assert.IsType<FunctionDefinition>(OnlyCommand(Valid("f() { echo; } >out")));
        Assert.Empty(function.Body.Redirections);
        Assert.Equal("out", Assert.Single(function.Redirections).Target!.LiteralValue);
    }

    [Fact]
    public void IfWithElifAndElseLaysOutConditionsAndBodiesInOrder()
    {
        var compound = Assert.IsType<Compound>(OnlyCommand(Valid("if a; then b; elif c; then d\nelse e; fi >log")));
        Assert.Equal(CompoundKind.If, compound.Kind);
        Assert.Empty(compound.Header);
        Assert.Equal(["a", "b", "c", "d", "e"], compound.Bodies.Select(ShellTreeText.Of));
        Assert.Equal("log", Assert.Single(compound.Redirections).Target!.LiteralValue);
        Assert.Equal("If[]{x}{y}", Tree("if x\nthen\n y\nfi"));
    }

    [Fact]
    public void WhileAndUntilLoops()
    {
        Assert.Equal("While[]{true}{rm -rf / ; sleep 1}", Tree("while true; do rm -rf /; sleep 1; done"));
        Assert.Equal("Until[]{test -f x}{sleep 1}", Tree("until test -f x\ndo\n  sleep 1\ndone"));
    }

    [Theory]
    [InlineData("for f in *.txt a b; do rm \"$f\"; done", "For[f *.txt a b]{rm ${f}}")]
    [InlineData("for f; do echo $f; done", "For[f]{echo ${f}}")]
    [InlineData("for f do echo; done", "For[f]{echo}")]
    [InlineData("for f\nin a\ndo echo\ndone", "For[f a]{echo}")]
    [InlineData("for ((i=0; i<3; i++)); do echo $i; done", "For[i=0; i<3; i++]{echo ${i}}")]
    [InlineData("for ((;;)) { :; }", "For[;;]{:}")]
    [InlineData("for x in a; { echo; }", "For[x a]{echo}")]
    [InlineData("select x in a b; do break; done", "Select[x a b]{break}")]
    public void ForAndSelectLoops(string source, string tree)
    {
        Assert.Equal(tree, Tree(source));
    }

    [Fact]
    public void ArithmeticForKeepsTheExpressionAsOneWord()
    {
        var compound = Assert.IsType<Compound>(OnlyCommand(Valid("for ((i=$(id -u); i<3; i++)); do :; done")));
        var header = Assert.Single(compound.Header);
        Assert.Equal("i=$(id -u); i<3; i++", header.Source);
        Assert.IsType<CommandSubstitutionPart>(header.Parts[1]);
    }

    [Fact]
    public void CasePatternsAndBodies()
    {
        var compound = Assert.IsType<Compound>(OnlyCommand(Valid("case $x in\n  a|b) echo ab;;\n  (*.c) cc \"$x\";&\n  *) rm -rf /;;&\nesac")));
        Assert.Equal(CompoundKind.Case, compound.Kind);
        Assert.Equal(["${x}", "a", "b", "*.c", "*"], compound.Header.Select(ShellTreeText.Of));
        Assert.Equal(["echo ab", "cc ${x}", "rm -rf /"], compound.Bodies.Select(ShellTreeText.Of));
    }

    [Fact]
    public void CaseWithAnEmptyItemAndNoFinalTerminator()
    {
        Assert.Equal("Case[x a b]{}{echo b}", Tree("case x in a) ;; b) echo b\nesac"));
        Assert.Equal("Case[x]", Tree("case x in esac"));
    }

    [Fact]
    public void ConditionalCommandKeepsItsWordsAndOperators()
    {
        Assert.Equal("Conditional[-f ${x} && ! ( ${y} == z* || a < b )]", Tree("[[ -f $x && ! ( $y == z* || a < b ) ]]"));
        Assert.Equal("Conditional[${s} =~ ^(a|b)\\ c$]", Tree("[[ $s =~ ^(a|b)\\ c$ ]]"));
        Assert.Equal("Conditional[${s} =~ ^(a b)$] && x", Tree("[[ $s =~ ^(a b)$ ]] && x"));
    }

    [Fact]
    public void ArithmeticCommand()
    {
        var compound = Assert.IsType<Compound>(OnlyCommand(Valid("(( x = $(id -u) + 2 ))")));
        Assert.Equal(CompoundKind.Arithmetic, compound.Kind);
        var expression = Assert.Single(compound.Header);
        Assert.Equal(" x = $(id -u) + 2 ", expression.Source);
        Assert.Empty(compound.Bodies);
        Assert.IsType<CommandSubstitutionPart>(expression.Parts[1]);
    }

    [Fact]
    public void DoubleParenthesesThatAreNotArithmeticAreNestedSubshells()
    {
        Assert.Equal("( ( cd / ; rm -rf * ) )", Tree("((cd /; rm -rf *) )"));
        Assert.Equal("( ( a ) | b )", Tree("((a) | b)"));
    }

    [Fact]
    public void CoprocIsParsedAsItsCommand()
    {
        Assert.Equal("cat file", Tree("coproc cat file"));
        Assert.Equal("{ rm -rf ~ }", Tree("coproc { rm -rf ~; }"));
        Assert.Equal("{ ls }", Tree("coproc NAME { ls; }"));
    }

    [Fact]
    public void NestedCompoundsInsideASubstitution()
    {
        Assert.Equal("echo $(If[]{true}{For[i a]{While[]{x}{( y )}}})", Tree("echo $(if true; then for i in a; do while x; do (y); done; done; fi)"));
    }
}
