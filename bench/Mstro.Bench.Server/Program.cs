using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Mstro.Bouncer;
using Mstro.Hook.Bridge;
using Mstro.Protocol.Events;
using Mstro.Protocol.Runtime;
using Mstro.Server;

namespace Mstro.Bench.Server;

/// <summary>mstro's server benchmarks. <c>dotnet run -c Release --project bench/Mstro.Bench.Server -- [bridge|hook|events|layer2|corpus|all]</c>.
/// Everything runs on 127.0.0.1 in throw-away HOME directories; every loop is bounded.</summary>
public static class Program
{
    private const string Payload = """{"session_id":"bench","cwd":"/home/user/project","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"npm test"},"tool_use_id":"toolu_1"}""";

    private static readonly Verdict Allowed = new(Decision.Allow, Severity.None, "default.allow", "nothing dangerous", Layer.Rules, []);

    public static async Task<int> Main(string[] args)
    {
        var which = args.Length > 0 ? args[0] : "all";
        if (which is "bridge" or "all") await BridgeRoundTripAsync();
        if (which is "hook" or "all") await HookProcessAsync();
        if (which is "events" or "all") await EventsToSubscribersAsync(subscribers: 4, events: 200_000);
        if (which is "layer2" or "all") await Layer2Bench.LatencyAsync();
        if (which is "corpus" or "all") await Layer2Bench.CorpusAsync();
        return 0;
    }

    /// <summary>The bridge alone, in-process and warm (what a native hook pays): a forwarded call vs. no server.</summary>
    private static async Task BridgeRoundTripAsync()
    {
        const int Warmup = 300, Runs = 3000;
        var payload = Encoding.UTF8.GetBytes(Payload);
        using var home = new Home();
        var noServer = Measure(Warmup, Runs, () =>
        {
            if (HookBridge.ForwardCall(home.MstroDirectory, payload, Allowed) is not null)
                throw new InvalidOperationException("no server should answer");
        });
        await using var server = await StartAsync(home, 1024);
        var withServer = Measure(Warmup, Runs, () =>
        {
            if (HookBridge.ForwardCall(home.MstroDirectory, payload, Allowed) is null)
                throw new InvalidOperationException("the server did not answer");
        });
        Report("bridge, no server (runtime file absent)", noServer, "µs", 1e6);
        Report("bridge, server running (POST /api/hook)", withServer, "µs", 1e6);
        Console.WriteLine($"  ratio with/without (p50): {Percentile(withServer, 50) / Percentile(noServer, 50):0.0}x");
    }

    /// <summary>The real `mstro hook` process, start to answer, with and without a server (JIT unless built native).</summary>
    private static async Task HookProcessAsync()
    {
        const int Runs = 20;
        var executable = Path.Combine(AppContext.BaseDirectory, "mstro-hook");
        using var home = new Home();
        RunHook(executable, home.Path); // first run pays disk caches
        var without = MeasureProcess(Runs, () => RunHook(executable, home.Path));
        await using var server = await StartAsync(home, 1024);
        RunHook(executable, home.Path); // the server's first request pays its own JIT
        var with = MeasureProcess(Runs, () => RunHook(executable, home.Path));
        Report("mstro hook process, no server", without, "ms", 1e3);
        Report("mstro hook process, server running", with, "ms", 1e3);
        Console.WriteLine($"  ratio with/without (p50): {Percentile(with, 50) / Percentile(without, 50):0.00}x; added p50 {(Percentile(with, 50) - Percentile(without, 50)) * 1e3:0} ms");
    }

    /// <summary>Events per second the server delivers to N WebSocket subscribers. "Sustained": the bench publishes as
    /// fast as the slowest subscriber keeps up (it holds back when one lags by half a queue), so nothing is dropped.
    /// "Flood": it publishes without looking; the hub never waits, slow readers lose the oldest with a marker.</summary>
    private static async Task EventsToSubscribersAsync(int subscribers, int events)
    {
        const int Queue = 4096;
        foreach (var paced in new[] { true, false })
        {
            using var home = new Home();
            await using var server = await StartAsync(home, Queue);
            var runtime = RuntimeFile.TryRead(home.RuntimeFile, out _)!;
            var readers = new List<Reader>();
            for (var i = 0; i < subscribers; i++) readers.Add(await Reader.ConnectAsync(runtime, events));
            while (server.Events.SubscriberCount < subscribers) await Task.Delay(10);

            var data = new SessionEventData("bench", "PostToolUse", "working", "/home/user/project", null, "Bash", null);
            var clock = Stopwatch.StartNew();
            for (var i = 1; i <= events; i++)
            {
                if (paced)
                {
                    while (i - readers.Min(r => Volatile.Read(ref r.LastSeq)) > Queue / 2) Thread.Yield();
                }
                server.Events.Publish(data);
            }
            var published = clock.Elapsed;
            await Task.WhenAll(readers.Select(r => r.Done)).WaitAsync(TimeSpan.FromMinutes(5));
            var delivered = clock.Elapsed;

            Console.WriteLine($"events to {subscribers} WebSocket subscribers, {(paced ? "sustained" : "flood")} ({events:N0} events, queue {Queue} per client):");
            if (paced)
                Console.WriteLine($"  {events / delivered.TotalSeconds:N0} events/s to each subscriber, {events * (long)subscribers / delivered.TotalSeconds:N0} messages/s in total");
            else
                Console.WriteLine($"  publish {events / published.TotalSeconds:N0} events/s without waiting for anyone");
            Console.WriteLine($"  received per subscriber: {string.Join(", ", readers.Select(r => r.Received))}; dropped (per markers): {string.Join(", ", readers.Select(r => r.Dropped))}");
            foreach (var reader in readers) reader.Socket.Dispose();
        }
    }

    /// <summary>A feed subscriber that reads as fast as it can and tracks the last sequence number.</summary>
    private sealed class Reader
    {
        public long LastSeq;
        public long Received;
        public long Dropped;

        private Reader(ClientWebSocket socket, long lastSeq)
        {
            Socket = socket;
            Done = Task.Run(() => ReadUntilAsync(lastSeq));
        }

        public ClientWebSocket Socket { get; }
        public Task Done { get; }

        public static async Task<Reader> ConnectAsync(RuntimeInfo runtime, long lastSeq)
        {
            var socket = new ClientWebSocket();
            socket.Options.Proxy = null;
            await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{runtime.Port}/ws"), CancellationToken.None);
            await socket.SendAsync(Encoding.UTF8.GetBytes($$"""{"type":"auth","token":"{{runtime.Token}}"}"""), WebSocketMessageType.Text, true, CancellationToken.None);
            return new Reader(socket, lastSeq);
        }

        private async Task ReadUntilAsync(long lastSeq)
        {
            var buffer = new byte[64 * 1024];
            while (true)
            {
                var result = await Socket.ReceiveAsync(buffer, CancellationToken.None);
                if (!result.EndOfMessage) throw new InvalidOperationException("bench events fit one frame");
                var message = buffer.AsSpan(0, result.Count);
                if (message.StartsWith("{\"seq\":"u8))
                {
                    if (!System.Buffers.Text.Utf8Parser.TryParse(message[7..], out long seq, out _))
                        throw new InvalidOperationException("an event without a number");
                    Received++;
                    Volatile.Write(ref LastSeq, seq);
                    if (seq == lastSeq) return;
                }
                else if (message.StartsWith("{\"type\":\"dropped\""u8))
                {
                    Dropped += JsonDocument.Parse(message.ToArray()).RootElement.GetProperty("count").GetInt64();
                }
            }
        }
    }

    private static async Task<MstroServer> StartAsync(Home home, int queueCapacity)
    {
        var server = MstroServer.Create(new ServerOptions
        {
            MstroDirectory = home.MstroDirectory,
            ClientQueueCapacity = queueCapacity,
            ReviewerEnvironment = new Mstro.Review.ReviewerEnvironment(home.Path, new Dictionary<string, string>()),
        });
        await server.StartAsync();
        return server;
    }

    private static void RunHook(string executable, string home)
    {
        var info = new ProcessStartInfo(executable) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.Environment["HOME"] = home;
        using var process = Process.Start(info)!;
        process.StandardInput.Write(Payload);
        process.StandardInput.Close();
        var answer = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (!answer.Contains("permissionDecision", StringComparison.Ordinal)) throw new InvalidOperationException($"unexpected hook answer: {answer}");
    }

    internal static double[] Measure(int warmup, int runs, Action action)
    {
        for (var i = 0; i < warmup; i++) action();
        var samples = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            action();
            samples[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        return samples;
    }

    private static double[] MeasureProcess(int runs, Action action) => Measure(0, runs, action);

    internal static void Report(string what, double[] samples, string unit, double scale) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}: p50 {Percentile(samples, 50) * scale:0.0} {unit}, p90 {Percentile(samples, 90) * scale:0.0} {unit}, p99 {Percentile(samples, 99) * scale:0.0} {unit} ({samples.Length} runs)"));

    internal static double Percentile(double[] samples, double percentile)
    {
        var sorted = samples.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1)];
    }

    internal sealed class Home : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("mstro-bench-").FullName;
        public string MstroDirectory => System.IO.Path.Combine(Path, ".mstro");
        public string RuntimeFile => System.IO.Path.Combine(MstroDirectory, "server.json");
        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
