using Mstro.Bouncer.Analysis;
using static Mstro.Bouncer.Tests.Analysis.AnalysisKit;

namespace Mstro.Bouncer.Tests.Analysis;

/// <summary>Words bash rewrites before it runs anything: brace expansion over the whole word (also in command position)
/// and aliases the script defines.</summary>
public class BraceAndAliasTests
{
    [Theory]
    [InlineData("{rm,-rf,$HOME}", Home)]
    [InlineData("{rm,-rf,\"$HOME\"}", Home)]
    [InlineData("{rm,-rf,~}", Home)]
    [InlineData("{rm,-rf,/}", "/")]
    [InlineData("{sudo,rm,-rf,/}", "/")]
    [InlineData("{rm,-rf,${HOME}/}", Home)]
    [InlineData("X=/; {rm,-fr,$X}", "/")]
    [InlineData("{/bin/rm,--recursive,--force,$HOME}", Home)]
    [InlineData("bash -c '{rm,-rf,$HOME}'", Home)]
    public void BracesInCommandPositionExpandIntoTheCommandTheyHide(string command, string deleted) =>
        Of(command).Has(EffectKind.Delete, deleted, EffectFlags.Recursive);

    [Fact]
    public void ABraceExpressionSpanningAnExpansionKeepsTheOtherWordsAsTheyWere()
    {
        var effects = Of("cp config.{json,\"$HOME\"} /tmp/");
        var run = effects.Has(EffectKind.Run, detail: "cp");
        Assert.Equal(["config.json", "config." + Home, "/tmp/"], run.Invocation!.Arguments);
    }

    [Theory]
    [InlineData("echo {a,b}{1,2}", new[] { "a1", "a2", "b1", "b2" })]
    [InlineData("echo '{rm,-rf,/}'", new[] { "{rm,-rf,/}" })]
    [InlineData("echo \"{rm,-rf,$HOME}\"", new[] { "{rm,-rf," + Home + "}" })]
    [InlineData("echo ${HOME}", new[] { Home })]
    [InlineData("echo {a,b", new[] { "{a,b" })]
    [InlineData("echo x{a,}", new[] { "xa", "x" })]
    public void QuotedBracesAndParameterBracesAreNotExpanded(string command, string[] arguments) =>
        Assert.Equal(arguments, Of(command).Has(EffectKind.Run, detail: "echo").Invocation!.Arguments);

    [Fact]
    public void BracedBuildCommandsStayOrdinary()
    {
        Of("mkdir -p src/{components,hooks,utils}").IsOrdinary();
        Of("rm -rf {bin,obj}").IsOrdinary();
        Of("cp src/app.{ts,bak}").IsOrdinary();
    }

    [Theory]
    [InlineData("alias nuke='rm -rf'; nuke ~/", Home)]
    [InlineData("shopt -s expand_aliases\nalias nuke='rm -rf'\nnuke ~/", Home)]
    [InlineData("alias wipe=\"rm -fr /\"\nwipe", "/")]
    [InlineData("alias r=rm; alias rr='r -rf'; rr ~", Home)]
    [InlineData("alias go='cd / && rm -rf'; go usr", "/usr")]
    [InlineData("alias x='sudo rm -rf'; x /etc", "/etc")]
    [InlineData("alias x='rm -rf'; (x ~)", Home)]
    public void AnAliasTheScriptDefinesRunsItsValue(string command, string deleted) =>
        Of(command).Has(EffectKind.Delete, deleted, EffectFlags.Recursive);

    [Fact]
    public void AnAliasIsNotReexpandedWithinItself()
    {
        var effects = Of("alias ls='ls -la'; ls src");
        Assert.Equal(["-la", "src"], effects.Where(e => e.Kind == EffectKind.Run && e.Detail == "ls").Single().Invocation!.Arguments);
        var loop = Of("alias a=b; alias b=a; a");
        loop.HasNo(EffectKind.Unknown);
        Assert.Contains(loop, e => e.Kind == EffectKind.Run && e.Detail == "a");
    }

    [Fact]
    public void QuotedOrRemovedAliasesAreNotExpanded()
    {
        Of("alias rm='rm -rf /'; 'rm' x.txt").HasNo(EffectKind.Delete, "/");
        Of("alias rm='rm -rf /'; \\rm x.txt").HasNo(EffectKind.Delete, "/");
        Of("alias nuke='rm -rf ~'; unalias nuke; nuke").HasNo(EffectKind.Delete);
        Of("alias nuke='rm -rf ~'; unalias -a; nuke").HasNo(EffectKind.Delete);
    }

    [Fact]
    public void OrdinaryAliasesStayOrdinary()
    {
        Of("alias ll='ls -l'; ll").IsOrdinary();
        Of("shopt -s expand_aliases; alias t='npm test --'; t --watch=false").IsOrdinary();
        Of("alias gs='git status'; gs").IsOrdinary();
    }
}
