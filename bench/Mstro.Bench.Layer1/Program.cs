using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Mstro.Bench.Layer1;

/// <summary>Layer-1 benchmarks: <c>dotnet run -c Release --project bench/Mstro.Bench.Layer1 -- [throughput|worst|all]</c>.
/// Pinned to one core.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var which = args.Length > 0 ? args[0] : "all";
        if (which == "probe") return args.Length > 1 ? Spin(args[1]) : Probe();
        if (which is not ("throughput" or "worst" or "all"))
        {
            Console.Error.WriteLine("usage: Mstro.Bench.Layer1 [throughput|worst|all]");
            return 2;
        }
        if (OperatingSystem.IsLinux() || OperatingSystem.IsWindows())
            System.Diagnostics.Process.GetCurrentProcess().ProcessorAffinity = 1; // one core

        var failed = false;
        if (which is "worst" or "all") failed |= Worst();
        if (which is "throughput" or "all") failed |= Throughput();
        return failed ? 1 : 0;
    }

    /// <summary>Decides each pathological input, printing its time as it goes (to find an input that hangs), then warm
    /// times of the parser alone and of the whole decision.</summary>
    private static int Probe()
    {
        var engine = new Mstro.Bouncer.BouncerEngine(Mstro.Bouncer.Policy.RuleSet.BuiltIn, new NoDisk());
        var inputs = Pathological.All();
        foreach (var input in inputs)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var verdict = engine.Decide(Mstro.Bouncer.Hook.HookPayload.Parse(input.Payload), input.Environment);
            var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{elapsed.TotalMilliseconds,10:0.000} ms  {input.Name}  {verdict.Decision} {verdict.RuleId}"));
        }
        Console.WriteLine("warm: parse / decide (min of 5)");
        foreach (var input in inputs)
        {
            var payload = Mstro.Bouncer.Hook.HookPayload.Parse(input.Payload);
            var command = payload.ToolName == "Bash" ? payload.RequiredInputString("command") : "";
            double parse = double.MaxValue, decide = double.MaxValue;
            var nodes = "";
            for (var i = 0; i < 5; i++)
            {
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                var result = Mstro.Bouncer.Shell.ShellParser.Parse(command);
                parse = Math.Min(parse, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMicroseconds);
                nodes = string.Join(",", result.Diagnostics.Select(d => d.Kind.ToString()).Distinct());
                started = System.Diagnostics.Stopwatch.GetTimestamp();
                engine.Decide(Mstro.Bouncer.Hook.HookPayload.Parse(input.Payload), input.Environment);
                decide = Math.Min(decide, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{parse,9:0} µs {decide,9:0} µs  {input.Name} [{nodes}]"));
        }
        return 0;
    }

    /// <summary>Decides one pathological input for five seconds (for a profiler: DOTNET_PerfMapEnabled=1 perf record).</summary>
    private static int Spin(string name)
    {
        var engine = new Mstro.Bouncer.BouncerEngine(Mstro.Bouncer.Policy.RuleSet.BuiltIn, new NoDisk());
        var inputs = name == "corpus" ? Corpus.Load() : [Pathological.All().Concat(Corpus.Load()).First(i => i.Name == name)];
        var until = DateTime.UtcNow.AddSeconds(5);
        var count = 0;
        while (DateTime.UtcNow < until)
        {
            foreach (var input in inputs)
                engine.Decide(Mstro.Bouncer.Hook.HookPayload.Parse(input.Payload), input.Environment);
            count += inputs.Count;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {5e6 / count:0} µs per decision"));
        return 0;
    }

    private static bool Worst()
    {
        var inputs = Corpus.Load().Select(input => ("corpus", input))
            .Concat(Pathological.All().Select(input => ("pathological", input)));
        var timings = WorstCase.Measure(inputs);
        Console.WriteLine("## Layer 1, slowest inputs (in-process, warm, one core)");
        Console.WriteLine();
        WorstCase.Print(timings, Console.Out);
        Console.WriteLine();
        return timings.Any(t => t.MedianUs > WorstCase.Bound.TotalMicroseconds);
    }

    private static bool Throughput()
    {
        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance) // the repository's central package versions break generated projects
            .WithWarmupCount(3)
            .WithIterationCount(15)
            .WithGcServer(false)
            .WithGcConcurrent(false);
        var config = DefaultConfig.Instance.AddJob(job).WithOptions(ConfigOptions.DisableLogFile);
        var summary = BenchmarkRunner.Run<Layer1Benchmarks>(config);
        var count = Layer1Benchmarks.CorpusCount;

        Console.WriteLine();
        Console.WriteLine($"## Layer 1 throughput over the corpus ({count} payloads per pass, one core)");
        Console.WriteLine();
        Console.WriteLine("| what | per payload | per second | x baseline |");
        Console.WriteLine("|---|---|---|---|");
        double? baseline = null;
        var decisionsPerSecond = 0.0;
        foreach (var report in summary.Reports)
        {
            var nanosecondsPerPass = report.ResultStatistics?.Mean;
            if (nanosecondsPerPass is not { } mean) continue;
            var perPayload = mean / count;
            baseline ??= perPayload;
            var perSecond = 1e9 / perPayload;
            var name = report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo;
            if (report.BenchmarkCase.Descriptor.WorkloadMethod.Name == nameof(Layer1Benchmarks.Decide)) decisionsPerSecond = perSecond;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {perPayload / 1000:0.00} µs | {perSecond:N0} | {perPayload / baseline:0.0}x |"));
        }
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Layer 1: {decisionsPerSecond:N0} decisions/s (target ≥ 200,000)"));
        return decisionsPerSecond < 200_000;
    }
}
