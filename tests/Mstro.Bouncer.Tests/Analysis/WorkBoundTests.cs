using System.Text;
using Mstro.Bouncer.Analysis;
using Mstro.Bouncer.Policy;
using Mstro.Bouncer.Shell;
using static Mstro.Bouncer.Tests.Analysis.AnalysisKit;

namespace Mstro.Bouncer.Tests.Analysis;

/// <summary>Issue 4: no input up to 64 KB may keep Layer 1 busy for long. The time is measured by
/// bench/Mstro.Bench.Layer1 (never here); these tests pin the <b>work</b> bounds that keep it short, and that a call
/// beyond them is asked about rather than allowed.</summary>
public class WorkBoundTests
{
    private const int Size = 64 * 1024;

    private static string Repeat(string unit, int length = Size)
    {
        var s = new StringBuilder(length + unit.Length);
        while (s.Length + unit.Length <= length) s.Append(unit);
        return s.ToString();
    }

    private static Verdict Decide(string command) =>
        new BouncerEngine(RuleSet.BuiltIn).DecideCommand(command, Env);

    [Fact]
    public void TheParserStopsAtItsNodeBudget()
    {
        var result = ShellParser.Parse(Repeat("ls;"), new ParserLimits(MaxNodes: 1000));
        Assert.InRange(result.Nodes, 1000, 1016); // the nodes open when it stops are closed
        Assert.Contains(result.Diagnostics, d => d.Kind == ParseDiagnosticKind.LimitExceeded);
    }

    [Fact]
    public void AParseReportsTheNodesItBuilt()
    {
        var small = ShellParser.Parse("ls -la");
        var larger = ShellParser.Parse("ls -la; git status | head -5");
        Assert.InRange(small.Nodes, 1, 10);
        Assert.True(larger.Nodes > small.Nodes);
    }

    [Theory]
    [InlineData("ls;")]
    [InlineData("cat | ")]
    [InlineData("true && ")]
    [InlineData("rm -rf ./bin;")]
    [InlineData("x=$(id) ")]
    public void SixtyFourKilobytesOfStatementsAreTooComplexAndAsked(string unit)
    {
        var effects = Of(Repeat(unit));
        Assert.Contains(effects, e => e.Kind == EffectKind.Unknown);
        Assert.True(effects.Count <= EffectSink.MaxEffects + 1);
        Assert.Equal(Decision.Ask, Decide(Repeat(unit)).Decision);
    }

    [Fact]
    public void ABudgetIsSharedByEveryNestedParse()
    {
        // eval re-parses its words: each level would otherwise parse the rest of the line again.
        var effects = Of(Repeat("eval ") + "id");
        Assert.Contains(effects, e => e.Kind == EffectKind.Unknown);
        var decoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(Repeat("rm -rf ./bin; ", 40 * 1024)));
        Assert.Contains(Of("echo " + decoded + " | base64 -d | sh"), e => e.Kind == EffectKind.Unknown);
    }

    [Fact]
    public void NestedLoopsOverEmptyBodiesEnd()
    {
        // 2,000 nested "for i in a b" (the parser keeps 64 levels): 2^64 passes if a pass cost nothing.
        var command = Repeat("for i in a b; do ", 34_000) + "id" + Repeat("; done", 12_000);
        var effects = Of(command);
        Assert.Contains(effects, e => e.Kind == EffectKind.Unknown);
        Assert.Equal(Decision.Ask, Decide(command).Decision);
    }

    [Fact]
    public void EveryLoopPassSpendsACommand()
    {
        var effects = Of("for a in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do for b in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do :; done; done");
        effects.Has(EffectKind.Unknown, detail: "too many commands to analyse");
    }

    [Fact]
    public void AHugeRedirectionListIsTooComplex()
    {
        var effects = Of("cat" + Repeat(" >f <g 2>&1", 16 * 1024));
        effects.Has(EffectKind.Unknown, detail: "too complex to analyse");
        Assert.True(effects.Count < 16);
    }

    [Fact]
    public void BraceExpansionOfAHugeWordIsBoundedAndKeepsTheWord()
    {
        var word = Repeat("{a,b}", 13 * 1024);
        var output = new List<string>();
        Assert.True(BraceExpander.TryExpand(word, output));
        Assert.InRange(output.Count, 1, BraceExpander.MaxResults);
        Assert.All(output, text => Assert.True(text.Length >= word.Length / 2));
        // The delete is still seen.
        Of("rm -rf /" + word).Has(EffectKind.Delete);
    }

    [Fact]
    public void OrdinaryCommandLinesStayFarBelowTheBudget()
    {
        const string script = "set -e; cd \"$CLAUDE_PROJECT_DIR\" && npm ci && npm run build 2>&1 | tail -50; " +
                              "for f in src/*.ts; do npx eslint \"$f\" || exit 1; done; git add -A && git commit -m 'wip'";
        var result = ShellParser.Parse(script);
        Assert.True(result.Nodes * 20 < ShellAnalysis.MaxWork, $"{result.Nodes} nodes");
        Assert.DoesNotContain(Of(script), e => e.Kind == EffectKind.Unknown);
    }
}

public class WorkBoundOfLongScriptsTests
{
    /// <summary>A long script of the kind an agent writes (a build-and-check script of 60 lines: loops, tests,
    /// pipelines, substitutions, a heredoc) is analysed whole: the budgets are for pathological input, not long work.
    /// Such a script parses into ~1,300 of the 4,000 units, so the budget cannot shrink to buy speed on pathological
    /// input without asking about scripts like it.</summary>
    [Fact]
    public void ASixtyLineScriptIsAnalysedWhole()
    {
        var script = new StringBuilder("#!/usr/bin/env bash\nset -euo pipefail\ncd \"$CLAUDE_PROJECT_DIR\"\n");
        for (var i = 0; i < 10; i++)
        {
            script.Append($"echo \"== step {i}: building package pkg{i} ==\"\n");
            script.Append($"if [ -f \"packages/pkg{i}/package.json\" ]; then\n  (cd packages/pkg{i} && npm ci --no-audit && npm run build 2>&1 | tail -20)\nfi\n");
            script.Append($"for f in packages/pkg{i}/src/*.ts; do npx eslint \"$f\" || exit 1; done\n");
            script.Append($"count=$(grep -rn 'TODO' packages/pkg{i}/src | wc -l)\n");
            script.Append("[ \"$count\" -gt 0 ] && echo \"$count TODOs left\" >> build.log\n");
        }
        script.Append("cat > dist/VERSION <<'EOF'\n1.2.3\nEOF\ngit add -A && git commit -m 'build all packages'\n");
        var text = script.ToString();
        Assert.True(text.Split('\n').Length >= 60, "a long script");
        var result = ShellParser.Parse(text);
        Assert.True(result.Nodes * 2 < ShellAnalysis.MaxWork, $"{result.Nodes} nodes of {ShellAnalysis.MaxWork}");
        Assert.DoesNotContain(AnalysisKit.Of(text), e => e.Kind == EffectKind.Unknown);
    }
}
