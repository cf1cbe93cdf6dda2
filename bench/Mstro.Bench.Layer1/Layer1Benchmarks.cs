using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Mstro.Bouncer;
using Mstro.Bouncer.Hook;
using Mstro.Bouncer.Policy;

namespace Mstro.Bench.Layer1;

/// <summary>One pass over the whole corpus per invocation: Layer 1's decision (the payload parsed as the hook parses it,
/// then analysed and matched against the built-in rules) against two baselines measured in the same run — parsing each
/// payload into a <see cref="JsonDocument"/>, and <see cref="HookPayload.Parse"/> alone.</summary>
[MemoryDiagnoser]
public class Layer1Benchmarks
{
    private BenchInput[] _corpus = [];
    private BouncerEngine _engine = null!;

    public static int CorpusCount => Corpus.Load().Count;

    [GlobalSetup]
    public void Setup()
    {
        _corpus = [.. Corpus.Load()];
        _engine = new BouncerEngine(RuleSet.BuiltIn, new NoDisk());
        Decide(); // compile every rule the corpus reaches
    }

    [Benchmark(Baseline = true, Description = "JsonDocument.Parse (baseline)")]
    public int ParseJson() => BenchInput.ParseAllAsDocuments(_corpus);

    [Benchmark(Description = "HookPayload.Parse")]
    public int ParsePayload()
    {
        var total = 0;
        foreach (var input in _corpus)
            total += HookPayload.Parse(input.Payload).ToolName!.Length;
        return total;
    }

    [Benchmark(Description = "Layer 1 decision")]
    public int Decide() => BenchInput.DecideAll(_engine, _corpus);
}
