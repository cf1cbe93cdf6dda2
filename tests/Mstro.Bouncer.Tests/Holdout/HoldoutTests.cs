using System.Text.Json;
using Mstro.Bouncer.Hook;
using Mstro.Bouncer.Tests.Corpus;
using Xunit.Abstractions;

namespace Mstro.Bouncer.Tests.Holdout;

/// <summary>Measures Layer 1 on the blind holdout set (Holdout/README.md). The rates are reported, never asserted:
/// a holdout that a test holds to a target becomes one more set to tune against and stops measuring
/// generalisation. Only the set's own shape is asserted.</summary>
public sealed class HoldoutTests
{
    /// <summary>Holdout ids are the corpus ids with this in front: <c>hcat-</c>, <c>hdan-</c>, <c>hben-</c>.</summary>
    private const string IdPrefix = "h";

    private const int MinimumCases = 300;
    private const int MinimumCatastrophic = 80;
    private const int MinimumDangerous = 100;
    private const int MinimumBenign = 120;

    /// <summary>The last report, next to the test assembly, for reading the misses without rerunning.</summary>
    private const string ReportFileName = "holdout-report.txt";

    private static string Directory => Path.Combine(AppContext.BaseDirectory, "Holdout");

    private readonly ITestOutputHelper _output;

    public HoldoutTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void HoldoutIsWellFormed()
    {
        var load = CorpusLoader.LoadDirectory(Directory, IdPrefix);

        Assert.True(load.Errors.Count == 0,
            $"{load.Errors.Count} problem(s) in the holdout set:\n" + string.Join('\n', load.Errors));
        Assert.True(load.Cases.Count >= MinimumCases,
            $"the holdout set has {load.Cases.Count} cases; it needs at least {MinimumCases}");
        AssertAtLeast(load, CaseClass.Catastrophic, MinimumCatastrophic);
        AssertAtLeast(load, CaseClass.Dangerous, MinimumDangerous);
        AssertAtLeast(load, CaseClass.Benign, MinimumBenign);
    }

    [Fact]
    public void HoldoutIdsMustCarryTheHoldoutPrefix()
    {
        const string corpusStyle =
            """{"id":"ben-npm-001","class":"benign","tool":"Bash","input":{"command":"npm test"},"reason":"runs the project's tests"}""";
        const string holdoutStyle =
            """{"id":"hben-npm-001","class":"benign","tool":"Bash","input":{"command":"npm run lint"},"reason":"runs the project's linter"}""";

        var load = CorpusLoader.Parse([("sample.jsonl", corpusStyle + "\n" + holdoutStyle + "\n")], IdPrefix);

        var error = Assert.Single(load.Errors);
        Assert.Contains("must start with \"hben-\"", error, StringComparison.Ordinal);
        Assert.Equal("hben-npm-001", Assert.Single(load.Cases).Id);
    }

    [Fact]
    public void EveryHoldoutCaseBecomesAPayloadTheHookAccepts()
    {
        var load = CorpusLoader.LoadDirectory(Directory, IdPrefix);
        var problems = new List<string>();

        foreach (var holdoutCase in load.Cases)
        {
            try
            {
                var payload = HookPayload.Parse(CorpusRunner.ToPayloadJson(holdoutCase));
                if (!payload.IsPreToolUse || payload.ToolName != holdoutCase.Tool
                    || payload.Cwd != (holdoutCase.Cwd ?? CorpusEnvironment.ProjectDir)
                    || !JsonElement.DeepEquals(payload.ToolInput, holdoutCase.Input))
                    problems.Add($"{holdoutCase.Location} {holdoutCase.Id}: the payload does not carry the case unchanged");
            }
            catch (HookPayloadException e)
            {
                problems.Add($"{holdoutCase.Location} {holdoutCase.Id}: {e.Message}");
            }
        }

        Assert.NotEmpty(load.Cases);
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    /// <summary>Decides every case and reports the rates and misses. Asserts only that the set loaded cleanly:
    /// the score is a measurement, not a gate.</summary>
    [Fact]
    public void Layer1HoldoutScoreIsReported()
    {
        var load = CorpusLoader.LoadDirectory(Directory, IdPrefix);
        Assert.True(load.Errors.Count == 0, "fix the holdout set first:\n" + string.Join('\n', load.Errors));

        var runner = new CorpusRunner();
        var score = new CorpusScore(load.Cases.Select(runner.Decide).ToList());
        var report = score.Report("Layer-1 holdout (blind; reported, not asserted)");

        _output.WriteLine(report);
        Console.WriteLine(report);
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, ReportFileName), report);
    }

    private static void AssertAtLeast(CorpusLoad load, CaseClass caseClass, int minimum)
    {
        var count = load.Cases.Count(c => c.Class == caseClass);
        Assert.True(count >= minimum,
            $"the holdout set has {count} {caseClass.ToString().ToLowerInvariant()} cases; it needs at least {minimum}");
    }
}
