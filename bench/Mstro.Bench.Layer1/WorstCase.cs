using System.Diagnostics;
using System.Globalization;
using Mstro.Bouncer;
using Mstro.Bouncer.Hook;
using Mstro.Bouncer.Policy;

namespace Mstro.Bench.Layer1;

/// <summary>The slowest inputs: every corpus payload and every pathological input is decided <see cref="Runs"/> times
/// (warm), and each input's median time is compared with the 1 ms bound of issue 4. The median, not the single worst
/// run, because on a shared machine one run can lose its core to another process; the table shows the worst run too.</summary>
public static class WorstCase
{
    public const int Runs = 15;
    public static readonly TimeSpan Bound = TimeSpan.FromMilliseconds(1);

    public sealed record Timing(string Set, string Name, int PayloadBytes, double MedianUs, double MaxUs, Verdict Verdict);

    public static IReadOnlyList<Timing> Measure(IEnumerable<(string Set, BenchInput Input)> inputs)
    {
        var engine = new BouncerEngine(RuleSet.BuiltIn, new NoDisk());
        var list = inputs.ToList();
        foreach (var (_, input) in list) input.DecideWith(engine); // JIT and compile every rule reached
        foreach (var (_, input) in list) input.DecideWith(engine);

        var timings = new List<Timing>();
        var samples = new double[Runs];
        foreach (var (set, input) in list)
        {
            Verdict verdict = null!;
            for (var run = 0; run < Runs; run++)
            {
                var started = Stopwatch.GetTimestamp();
                verdict = input.DecideWith(engine);
                samples[run] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            }
            Array.Sort(samples);
            timings.Add(new Timing(set, input.Name, input.Payload.Length, samples[Runs / 2], samples[^1], verdict));
        }
        return timings;
    }

    public static void Print(IReadOnlyList<Timing> timings, TextWriter output, int top = 12)
    {
        var c = CultureInfo.InvariantCulture;
        foreach (var set in timings.Select(t => t.Set).Distinct())
        {
            var inSet = timings.Where(t => t.Set == set).ToList();
            var worst = inSet.MaxBy(t => t.MedianUs)!;
            var over = inSet.Count(t => t.MedianUs > Bound.TotalMicroseconds);
            output.WriteLine(string.Create(c,
                $"{set}: {inSet.Count} inputs, slowest median {worst.MedianUs:0} µs ({worst.Name}), over 1 ms: {over}"));
        }
        output.WriteLine();
        output.WriteLine($"| slowest {top} (median of {Runs} runs) | set | payload | median | worst run | decision | rule |");
        output.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var t in timings.OrderByDescending(t => t.MedianUs).Take(top))
            output.WriteLine(string.Create(c,
                $"| {t.Name} | {t.Set} | {t.PayloadBytes / 1024.0:0.#} KB | {t.MedianUs:0} µs | {t.MaxUs:0} µs | {t.Verdict.Decision.ToWireString()} | {t.Verdict.RuleId} |"));
    }
}
