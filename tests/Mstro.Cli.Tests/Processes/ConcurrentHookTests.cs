using System.Diagnostics;
using System.Text.Json;
using Mstro.Cli.Tests.TestSupport;
using Xunit.Abstractions;

namespace Mstro.Cli.Tests.Processes;

/// <summary>Many sessions run hooks at once: appends from concurrent processes must never interleave or be lost.</summary>
[Collection(RealProcesses.Name)]
public sealed class ConcurrentHookTests(ITestOutputHelper output) : IDisposable
{
    private const int Workers = 8;
    private const int CallsPerWorker = 200;

    private readonly TempHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task EightWorkersTimesTwoHundredHookProcessesLeaveExactlyOneWholeLinePerCall()
    {
        var answers = new string?[Workers * CallsPerWorker];
        var watch = Stopwatch.StartNew();

        var workers = Enumerable.Range(0, Workers).Select(worker => Task.Factory.StartNew(() =>
        {
            for (var call = 0; call < CallsPerWorker; call++)
            {
                var marker = $"call-{worker}-{call}";
                // A long-ish command, so each line is a few hundred bytes and a torn write would show.
                var command = $"echo {marker} && " + string.Join(" && ", Enumerable.Repeat($"printf '%s\\n' {marker}", 8));
                var run = MstroProcess.RunHook(_home, Payloads.Bash(command, _home.Project, session: marker, toolUseId: "toolu_" + marker));
                Assert.Equal(0, run.ExitCode);
                answers[worker * CallsPerWorker + call] = HookAnswer.Parse(run.Stdout).Decision;
            }
        }, TaskCreationOptions.LongRunning)).ToArray();
        await Task.WhenAll(workers);
        watch.Stop();

        var lines = File.ReadAllLines(_home.AuditLog);
        output.WriteLine($"{Workers} workers x {CallsPerWorker} hook processes: {lines.Length} audit lines in {watch.Elapsed.TotalSeconds:0.0} s " +
                         $"({watch.Elapsed.TotalMilliseconds / (Workers * CallsPerWorker):0.0} ms per call, wall)");

        Assert.All(answers, decision => Assert.Equal("allow", decision));
        Assert.Equal(Workers * CallsPerWorker, lines.Length);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            Assert.Equal(JsonValueKind.Object, root.ValueKind);
            var session = root.GetProperty("session").GetString()!;
            Assert.Equal("toolu_" + session, root.GetProperty("toolUseId").GetString());
            Assert.StartsWith($"echo {session} && ", root.GetProperty("input").GetProperty("command").GetString(), StringComparison.Ordinal);
            seen[session] = seen.GetValueOrDefault(session) + 1;
        }
        var expected = Enumerable.Range(0, Workers).SelectMany(w => Enumerable.Range(0, CallsPerWorker).Select(c => $"call-{w}-{c}"));
        Assert.Equal(expected.Order(StringComparer.Ordinal), seen.Keys.Order(StringComparer.Ordinal));
        Assert.All(seen.Values, count => Assert.Equal(1, count));
        Assert.Equal(FileModes.PrivateFile, FileModes.Of(_home.AuditLog));
    }
}
