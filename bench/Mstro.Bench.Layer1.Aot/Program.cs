using System.Diagnostics;
using System.Globalization;
using Mstro.Bouncer;
using Mstro.Bouncer.Policy;

namespace Mstro.Bench.Layer1.Aot;

/// <summary>Layer 1 as <c>mstro-hook</c> runs it (NativeAOT): <c>throughput</c> (the default), <c>worst</c>, or
/// <c>passes N</c> (decide the corpus N times, for bench/layer1-instructions.sh) or <c>spin CASE</c> (one input, for a profiler). Publish it first; see bench/README.md.</summary>
public static class Program
{
    private const int Rounds = 7;
    private const int PassesPerRound = 60;

    public static int Main(string[] args)
    {
        if (OperatingSystem.IsLinux()) Process.GetCurrentProcess().ProcessorAffinity = 1; // one core
        var corpus = Corpus.Load().ToArray();
        var engine = new BouncerEngine(RuleSet.BuiltIn, new NoDisk());
        switch (args)
        {
            case [] or ["throughput"]:
                return Throughput(engine, corpus);
            case ["worst"]:
                var timings = WorstCase.Measure(corpus.Select(input => ("corpus", input))
                    .Concat(Pathological.All().Select(input => ("pathological", input))));
                WorstCase.Print(timings, Console.Out);
                return timings.Any(t => t.MedianUs > WorstCase.Bound.TotalMicroseconds) ? 1 : 0;
            case ["passes", var count] when int.TryParse(count, CultureInfo.InvariantCulture, out var passes):
                BenchInput.DecideAll(engine, corpus); // rules compiled, first-use costs paid
                for (var i = 0; i < passes; i++) BenchInput.DecideAll(engine, corpus);
                return 0;
            case ["spin", var name]:
                return Spin(engine, corpus.Concat(Pathological.All()).FirstOrDefault(input => input.Name == name));
            default:
                Console.Error.WriteLine("usage: Mstro.Bench.Layer1.Aot [throughput|worst|passes N|spin CASE]");
                return 2;
        }
    }

    /// <summary>Decides one input (a corpus case or a pathological one, by name) for five seconds, for a profiler.</summary>
    private static int Spin(BouncerEngine engine, BenchInput? input)
    {
        if (input is null)
        {
            Console.Error.WriteLine("no corpus case or pathological input has that name");
            return 2;
        }
        var count = 0;
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started).TotalSeconds < 5)
        {
            input.DecideWith(engine);
            count++;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{input.Name}: {Stopwatch.GetElapsedTime(started).TotalMicroseconds / count:0.0} µs per decision"));
        return 0;
    }

    /// <summary>Rounds of whole-corpus passes, the decision and the baseline alternating; the best round of each
    /// (the one the machine disturbed least).</summary>
    private static int Throughput(BouncerEngine engine, BenchInput[] corpus)
    {
        for (var i = 0; i < 20; i++)
        {
            BenchInput.DecideAll(engine, corpus);
            BenchInput.ParseAllAsDocuments(corpus);
        }
        double decisions = 0, parses = 0;
        for (var round = 0; round < Rounds; round++)
        {
            decisions = Math.Max(decisions, PerSecond(() => BenchInput.DecideAll(engine, corpus), corpus.Length));
            parses = Math.Max(parses, PerSecond(() => BenchInput.ParseAllAsDocuments(corpus), corpus.Length));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"NativeAOT, one core, {corpus.Length} payloads per pass, best of {Rounds} rounds of {PassesPerRound} passes"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"JsonDocument.Parse (baseline): {parses:N0}/s; Layer 1 decision: {decisions:N0}/s ({parses / decisions:0.0}x the baseline; target ≥ 200,000/s)"));
        return decisions >= 200_000 ? 0 : 1;
    }

    private static double PerSecond(Func<int> pass, int perPass)
    {
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < PassesPerRound; i++) pass();
        return PassesPerRound * perPass / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }
}
