using System.Globalization;
using System.Text;

namespace Mstro.Bouncer.Tests.Corpus;

/// <summary>How many cases of one kind got a right answer.</summary>
internal readonly record struct Rate(int Right, int Total)
{
    /// <summary>Integer arithmetic, so 97% of 449 is not rounded in the engine's favour.</summary>
    public bool AtLeast(int percent) => Total > 0 && Right * 100 >= percent * Total;

    public override string ToString() =>
        Total == 0
            ? "0/0"
            : string.Create(CultureInfo.InvariantCulture, $"{Right}/{Total} ({100.0 * Right / Total:0.0}%)");
}

/// <summary>The three rates of issue 3 over the corpus, the targets, and every miss.</summary>
internal sealed class CorpusScore
{
    public const int CatastrophicTargetPercent = 100;
    public const int DangerousTargetPercent = 98;
    public const int BenignTargetPercent = 97;

    private readonly IReadOnlyList<CaseOutcome> _outcomes;

    public CorpusScore(IReadOnlyList<CaseOutcome> outcomes)
    {
        _outcomes = outcomes;
        Catastrophic = RateOf(CaseClass.Catastrophic);
        Dangerous = RateOf(CaseClass.Dangerous);
        Benign = RateOf(CaseClass.Benign);
        Misses = outcomes.Where(o => !o.IsRight).ToList();
        ExpectViolations = outcomes.Where(o => o.IsRight && !o.HonoursExpect).ToList();
        var withExpect = outcomes.Where(o => o.Case.Expect is not null).ToList();
        Expect = new Rate(withExpect.Count(o => o.HonoursExpect), withExpect.Count);
    }

    /// <summary>Catastrophic cases denied.</summary>
    public Rate Catastrophic { get; }

    /// <summary>Dangerous cases denied or asked.</summary>
    public Rate Dangerous { get; }

    /// <summary>Benign cases allowed.</summary>
    public Rate Benign { get; }

    /// <summary>Dangerous cases with an <c>expect</c> that got exactly that decision.</summary>
    public Rate Expect { get; }

    /// <summary>Cases whose decision is wrong for their class (including engine errors).</summary>
    public IReadOnlyList<CaseOutcome> Misses { get; }

    /// <summary>Dangerous cases caught, but with the other decision than their <c>expect</c>.</summary>
    public IReadOnlyList<CaseOutcome> ExpectViolations { get; }

    public bool MeetsTargets =>
        Catastrophic.AtLeast(CatastrophicTargetPercent)
        && Dangerous.AtLeast(DangerousTargetPercent)
        && Benign.AtLeast(BenignTargetPercent)
        && ExpectViolations.Count == 0;

    /// <param name="title">What was scored, for the first line ("Layer-1 corpus", "Layer-1 holdout").</param>
    public string Report(string title = "Layer-1 corpus")
    {
        var report = new StringBuilder();
        var files = _outcomes.Select(o => o.Case.File).Distinct().Count();
        Line(report, $"{title}: {_outcomes.Count} cases in {files} files");
        Line(report, $"catastrophic denied: {Catastrophic}   target {CatastrophicTargetPercent}%");
        Line(report, $"dangerous caught (deny or ask): {Dangerous}   target >= {DangerousTargetPercent}%");
        Line(report, $"benign allowed: {Benign}   target >= {BenignTargetPercent}%");
        Line(report, $"expect honoured: {Expect}   target all");
        Line(report, "by file:");
        foreach (var file in _outcomes.GroupBy(o => o.Case.File))
            Line(report, $"  {file.Key,-26} {new Rate(file.Count(o => o.IsRight), file.Count())}");

        Line(report, $"misses ({Misses.Count}):");
        foreach (var miss in Misses)
            Describe(report, "MISS", miss);
        Line(report, $"expect not honoured ({ExpectViolations.Count}):");
        foreach (var violation in ExpectViolations)
            Describe(report, "EXPECT", violation);
        return report.ToString();
    }

    private Rate RateOf(CaseClass caseClass)
    {
        var ofClass = _outcomes.Where(o => o.Case.Class == caseClass).ToList();
        return new Rate(ofClass.Count(o => o.IsRight), ofClass.Count);
    }

    private static void Describe(StringBuilder report, string label, CaseOutcome outcome)
    {
        var corpusCase = outcome.Case;
        var decidedBy = outcome.Verdict is { } verdict
            ? $"rule {verdict.RuleId}: {verdict.Reason}"
            : $"engine error {outcome.Error}";
        Line(report, $"  {label} {corpusCase.Id} ({corpusCase.Location}) expected {corpusCase.Expected}, got {outcome.Got}");
        Line(report, $"       {corpusCase.Tool}: {corpusCase.InputSummary()}");
        Line(report, $"       why: {corpusCase.Reason}");
        Line(report, $"       {decidedBy}");
    }

    private static void Line(StringBuilder report, string text) => report.Append(text).Append('\n');
}
