using System.Diagnostics.Tracing;
using System.Globalization;

namespace Mstro.Bench.Layer1;

/// <summary>Which types a decision allocates: the runtime's allocation-tick events (one per ~100 KB allocated) counted
/// by type while the named inputs are decided in a loop. A sample, so shares, not exact counts.</summary>
public sealed class AllocationCensus : EventListener
{
    private readonly Dictionary<string, long> _bytesByType = new(StringComparer.Ordinal);
    private long _total;
    private bool _on;

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1); // GC keyword: AllocationTick
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_on || eventData.EventName is null || !eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal)) return;
        var name = eventData.PayloadNames!.IndexOf("TypeName") is var i and >= 0 ? eventData.Payload![i] as string ?? "?" : "?";
        var amount = eventData.PayloadNames!.IndexOf("AllocationAmount64") is var j and >= 0 ? Convert.ToInt64(eventData.Payload![j], CultureInfo.InvariantCulture) : 100_000;
        lock (_bytesByType)
        {
            _bytesByType[name] = _bytesByType.GetValueOrDefault(name) + amount;
            _total += amount;
        }
    }

    public static int Run(IReadOnlyList<BenchInput> inputs, int passes)
    {
        var engine = new Mstro.Bouncer.BouncerEngine(Mstro.Bouncer.Policy.RuleSet.BuiltIn, new NoDisk());
        BenchInput.DecideAll(engine, inputs);
        using var census = new AllocationCensus();
        var before = GC.GetAllocatedBytesForCurrentThread();
        census._on = true;
        for (var pass = 0; pass < passes; pass++)
            BenchInput.DecideAll(engine, inputs);
        census._on = false;
        var perDecision = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)(passes * inputs.Count);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{perDecision:0} bytes per decision; by type (sampled):"));
        lock (census._bytesByType)
            foreach (var (type, bytes) in census._bytesByType.OrderByDescending(p => p.Value).Take(60))
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{100.0 * bytes / census._total,6:0.0}%  {perDecision * bytes / census._total,7:0} B  {type}"));
        return 0;
    }
}
