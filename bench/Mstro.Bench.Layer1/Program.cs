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
        if (which == "allocs")
        {
            var corpus = Corpus.Load();
            var chosen = args.Length > 1 ? corpus.Where(i => args.Skip(1).Any(a => a.EndsWith('*') ? i.Name.StartsWith(a[..^1], StringComparison.Ordinal) : i.Name == a)).ToList() : corpus;
            return AllocationCensus.Run(chosen, Math.Max(300, 200_000 / chosen.Count));
        }
        if (which == "evalkinds") return EvalKinds();
        if (which == "phases") return Phases(args.Skip(1).ToArray());
        if (which == "share") return Share(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 40);
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
            var verdict = input.DecideWith(engine);
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
                input.DecideWith(engine);
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
        var seconds = double.TryParse(System.Environment.GetEnvironmentVariable("SPIN_SECONDS"), CultureInfo.InvariantCulture, out var s) ? s : 5;
        var until = DateTime.UtcNow.AddSeconds(seconds);
        var count = 0;
        while (DateTime.UtcNow < until)
        {
            BenchInput.DecideAll(engine, inputs);
            count += inputs.Count;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {seconds * 1e6 / count:0.00} µs per decision"));
        return 0;
    }

    /// <summary>Where a pass over the corpus spends its time: each case's median (warm), sorted, with its share of the
    /// whole pass, so that work goes where the mean is made.</summary>
    private static int Share(int top)
    {
        if (OperatingSystem.IsLinux()) System.Diagnostics.Process.GetCurrentProcess().ProcessorAffinity = 1;
        var timings = WorstCase.Measure(Corpus.Load().Select(input => ("corpus", input)));
        var total = timings.Sum(t => t.MedianUs);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sum of medians {total:0} µs over {timings.Count} cases ({total / timings.Count:0.00} µs mean)"));
        var running = 0.0;
        var rank = 0;
        foreach (var t in timings.OrderByDescending(t => t.MedianUs))
        {
            running += t.MedianUs;
            if (++rank > top) continue;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{rank,4} {t.MedianUs,8:0.0} µs {100 * running / total,5:0.0}%  {t.Name}  {t.Verdict.Decision} {t.Verdict.RuleId}"));
        }
        foreach (var limit in new[] { 1.0, 2.0, 5.0, 10.0, 20.0 })
        {
            var under = timings.Where(t => t.MedianUs <= limit).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"≤{limit,4} µs: {under.Count,4} cases, {100 * under.Sum(t => t.MedianUs) / total:0.0}% of the time"));
        }
        return 0;
    }

    /// <summary>Per phase (payload parse, analysis, rule evaluation) time of the named corpus cases, 20,000 warm runs each.</summary>
    private static int Phases(string[] names)
    {
        if (OperatingSystem.IsLinux()) System.Diagnostics.Process.GetCurrentProcess().ProcessorAffinity = 1;
        var analyzer = new Mstro.Bouncer.Analysis.CallAnalyzer(new NoDisk());
        var rules = Mstro.Bouncer.Policy.RuleSet.BuiltIn;
        var corpus = Corpus.Load();
        foreach (var input in corpus) rules.Evaluate(analyzer.Analyze(Mstro.Bouncer.Hook.HookPayload.Parse(input.Payload), input.Environment), "Bash", input.Environment);
        var all = names is ["all"];
        double sumParse = 0, sumAnalyze = 0, sumEvaluate = 0;
        long sumBytes = 0;
        var perKind = new Dictionary<string, (double Us, int Count)>();
        foreach (var name in all ? corpus.Select(i => i.Name).ToArray() : names)
        {
            var input = corpus.First(i => i.Name == name);
            var N = all ? 1000 : 20_000;
            double parse = 0, analyze = 0, evaluate = 0;
            long a0 = 0, a1 = 0, a2 = 0, a3 = 0;
            for (var round = 0; round < 2; round++)
            {
                a0 = GC.GetAllocatedBytesForCurrentThread();
                var t0 = System.Diagnostics.Stopwatch.GetTimestamp();
                Mstro.Bouncer.Hook.HookPayload payload = null!;
                for (var i = 0; i < N; i++) payload = Mstro.Bouncer.Hook.HookPayload.Parse(input.Payload);
                var t1 = System.Diagnostics.Stopwatch.GetTimestamp();
                a1 = GC.GetAllocatedBytesForCurrentThread();
                IReadOnlyList<Mstro.Bouncer.Analysis.Effect> effects = null!;
                for (var i = 0; i < N; i++) effects = analyzer.Analyze(payload, input.Environment);
                var t2 = System.Diagnostics.Stopwatch.GetTimestamp();
                a2 = GC.GetAllocatedBytesForCurrentThread();
                for (var i = 0; i < N; i++) rules.Evaluate(effects, payload.ToolName ?? "", input.Environment);
                var t3 = System.Diagnostics.Stopwatch.GetTimestamp();
                a3 = GC.GetAllocatedBytesForCurrentThread();
                parse = (t1 - t0) * 1e6 / System.Diagnostics.Stopwatch.Frequency / N;
                analyze = (t2 - t1) * 1e6 / System.Diagnostics.Stopwatch.Frequency / N;
                evaluate = (t3 - t2) * 1e6 / System.Diagnostics.Stopwatch.Frequency / N;
                if (round == 1 && all)
                {
                    sumParse += parse; sumAnalyze += analyze; sumEvaluate += evaluate; sumBytes += (a3 - a0) / N;
                    var key = string.Join(",", effects.Select(e => e.Kind).Distinct().Order());
                    perKind[key] = perKind.TryGetValue(key, out var k) ? (k.Us + analyze + evaluate, k.Count + 1) : (analyze + evaluate, 1);
                }
                if (round == 1 && !all)
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{name}: parse {parse:0.00} µs, analyze {analyze:0.00} µs ({effects.Count} effects: {string.Join(",", effects.Select(e => e.Kind).Distinct())}), evaluate {evaluate:0.00} µs; bytes {(a1 - a0) / N}/{(a2 - a1) / N}/{(a3 - a2) / N}"));
            }
        }
        if (all)
        {
            var n = corpus.Count;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"mean per case: parse {sumParse / n:0.00} µs, analyze {sumAnalyze / n:0.00} µs, evaluate {sumEvaluate / n:0.00} µs, allocated {sumBytes / n} B"));
            foreach (var (key, value) in perKind.OrderByDescending(p => p.Value.Us).Take(15))
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {value.Us / n:0.00} µs of the mean, {value.Count} cases: {key}"));
        }
        return 0;
    }

    /// <summary>Rule evaluation time per effect kind over the corpus's effects, each effect evaluated alone.</summary>
    private static int EvalKinds()
    {
        if (OperatingSystem.IsLinux()) System.Diagnostics.Process.GetCurrentProcess().ProcessorAffinity = 1;
        var analyzer = new Mstro.Bouncer.Analysis.CallAnalyzer(new NoDisk());
        var rules = Mstro.Bouncer.Policy.RuleSet.BuiltIn;
        var byKind = new Dictionary<string, (double Us, int Count, int Matched)>();
        var corpus = Corpus.Load();
        foreach (var input in corpus)
        {
            var payload = Mstro.Bouncer.Hook.HookPayload.Parse(input.Payload);
            foreach (var effect in analyzer.Analyze(payload, input.Environment))
            {
                Mstro.Bouncer.Analysis.Effect[] one = [effect];
                const int N = 2000;
                var findings = rules.Evaluate(one, payload.ToolName ?? "", input.Environment);
                var t0 = System.Diagnostics.Stopwatch.GetTimestamp();
                for (var i = 0; i < N; i++) rules.Evaluate(one, payload.ToolName ?? "", input.Environment);
                var us = System.Diagnostics.Stopwatch.GetElapsedTime(t0).TotalMicroseconds / N;
                var key = (findings.Count > 0 ? "+" : "-") + effect.Kind + ((effect.Flags & (Mstro.Bouncer.Analysis.EffectFlags.Recursive | Mstro.Bouncer.Analysis.EffectFlags.Glob)) != 0 && effect.Path is not null ? "/tree" : "");
                var k = byKind.GetValueOrDefault(key);
                byKind[key] = (k.Us + us, k.Count + 1, k.Matched + (findings.Count > 0 ? 1 : 0));
            }
        }
        foreach (var (key, v) in byKind.OrderByDescending(p => p.Value.Us))
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{key,-22} {v.Count,5} effects, {v.Us / v.Count,6:0.00} µs each, {v.Us / corpus.Count,5:0.00} µs of the per-case mean, {v.Matched} with findings"));
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
