using System.Text;
using Mstro.Bouncer.Analysis;
using static Mstro.Bouncer.Tests.Analysis.AnalysisKit;

namespace Mstro.Bouncer.Tests.Analysis;

/// <summary>Bad and huge input: analysed as far as possible, always bounded, never silent.</summary>
public class LimitsTests
{
    [Theory]
    [InlineData("echo 'unterminated")]
    [InlineData("rm -rf $(echo x")]
    [InlineData("if true; then rm -rf /")]
    [InlineData("cat <<EOF\nnever ends")]
    public void ParseErrorsAreUnknownButTheTreeIsStillAnalysed(string command)
    {
        var effects = Of(command);
        Assert.Contains(effects, e => e.Kind == EffectKind.Unknown && e.Detail!.StartsWith("could not parse", StringComparison.Ordinal));
    }

    [Fact]
    public void ABestEffortTreeStillShowsTheDelete() => Of("rm -rf / 'oops").Has(EffectKind.Delete, "/");

    [Fact]
    public void TooManyCommandsIsUnknown()
    {
        var script = new StringBuilder();
        for (var i = 0; i < ShellAnalysis.MaxCommands + 10; i++) script.Append("true; ");
        script.Append("rm -rf /");
        Of(script.ToString()).Has(EffectKind.Unknown, detail: "too many commands to analyse");
    }

    [Fact]
    public void HugeExpansionsAreBounded()
    {
        var effects = Of("rm -rf /x/{1..100}{1..100}{1..100}");
        Assert.InRange(effects.Count(e => e.Kind == EffectKind.Delete), 1, BraceExpander.MaxResults);
        var loops = Of("for a in {1..50}; do for b in {1..50}; do for c in {1..50}; do rm -rf /tmp/$a$b$c; done; done; done");
        Assert.True(loops.Count <= EffectSink.MaxEffects + 1);
        loops.Has(EffectKind.Unknown);
    }

    [Fact]
    public void RecursiveFunctionsTerminate()
    {
        var effects = Of("f(){ f; f; g; }; g(){ f; g; }; f");
        Assert.True(effects.Count < 100);
    }

    [Fact]
    public void DeeplyNestedTextIsUnknownBeyondTheDepth()
    {
        var command = "rm -rf /";
        for (var i = 0; i < 10; i++) command = "bash -c " + Quote(command);
        Of(command).Has(EffectKind.Unknown);
        var substitutions = string.Concat(Enumerable.Repeat("$(", 30)) + "ls" + new string(')', 30);
        Of("echo " + substitutions).Has(EffectKind.Unknown);
    }

    [Fact]
    public void HugeInputsFinish()
    {
        var big = new StringBuilder();
        while (big.Length < 64 * 1024) big.Append("python3 -c \"import os; os.system('ls')\" && ");
        big.Append("true");
        var effects = Of(big.ToString());
        Assert.True(effects.Count <= EffectSink.MaxEffects + 1);
        var word = Of("rm -rf " + string.Concat(Enumerable.Repeat("*/", 16 * 1024)));
        word.Has(EffectKind.Delete, flags: EffectFlags.Glob);
    }

    [Fact]
    public void AliasesThatGrowOrLoopAreBounded()
    {
        var chain = new StringBuilder();
        for (var i = 0; i < 100; i++) chain.Append("alias a").Append(i).Append("='a").Append(i + 1).Append(" x'; ");
        chain.Append("a0");
        Of(chain.ToString()).Has(EffectKind.Unknown, detail: "too many alias expansions to analyse");
        var big = "alias b='" + new string('x', 40 * 1024) + "'; b; b; b";
        Of(big).Has(EffectKind.Unknown, detail: "too many alias expansions to analyse");
    }

    [Theory]
    [InlineData("pwsh -c ")]
    [InlineData("expect -c ")]
    [InlineData("sqlite3 x.db ")]
    [InlineData("tmux send-keys ")]
    [InlineData("python3 -c ")]
    [InlineData("node -e ")]
    [InlineData("ruby -e ")]
    public void ScannersTakeHugeAndUnbalancedTextInStride(string program)
    {
        var random = new Random(7);
        const string alphabet = "{}[]()\"'`$;|&\n .,:=!#<>*/-~@%^abcRemove-Itemspawnexecforin";
        foreach (var length in new[] { 1, 17, 300, 4096, 64 * 1024 })
        {
            var text = new StringBuilder(length);
            for (var i = 0; i < length; i++) text.Append(alphabet[random.Next(alphabet.Length)]);
            var effects = Of(program + Quote(text.ToString()));
            Assert.True(effects.Count <= EffectSink.MaxEffects + 1);
        }
        Assert.NotEmpty(Of(program + Quote(new string('{', 64 * 1024))));
        Assert.NotEmpty(Of(program + Quote(new string('[', 64 * 1024))));
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
