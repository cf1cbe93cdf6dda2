using System.Text.Json;
using Mstro.Bouncer.Hook;
using Mstro.Hook;
using Mstro.Cli.Tests.Processes;
using Mstro.Cli.Tests.TestSupport;
using Xunit.Abstractions;

namespace Mstro.Cli.Tests.Fuzz;

/// <summary>Whatever arrives on stdin, the hook exits 0 and prints either nothing (an event other than PreToolUse) or
/// one valid hook answer, and never allow for a payload that could not be read.</summary>
public sealed class HookFuzzTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempHome _home = new();

    public void Dispose() => _home.Dispose();

    [Theory]
    [InlineData(20260822, 2000)]
    [InlineData(7, 2000)]
    public void RandomAndMutatedPayloadsThroughTheRunnerKeepTheHookContract(int seed, int count)
    {
        var fuzzer = new PayloadFuzzer(seed);
        var tally = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var input = fuzzer.Next();
            var run = InProcessHook.Run(_home, input);
            var outcome = HookContract.Verify(input, run.ExitCode, run.Stdout, $"seed {seed} input {i}");
            tally[outcome] = tally.GetValueOrDefault(outcome) + 1;
        }
        output.WriteLine($"seed {seed}: {count} inputs: " + string.Join(", ", tally.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}")));
        // The generator must reach every branch of the contract, or the test proves little.
        Assert.True(tally.GetValueOrDefault("unreadable, ask") > count / 10, "many unreadable payloads");
        Assert.True(tally.GetValueOrDefault("readable, allow") > count / 20, "some valid PreToolUse payloads");
        Assert.True(tally.GetValueOrDefault("no answer") > count / 50, "some other events");
    }
}

/// <summary>The hook's contract, checked on one run against an independent reading of its input.</summary>
public static class HookContract
{
    /// <summary>Checks one run against the contract; returns a label for the tally.</summary>
    public static string Verify(byte[] input, int exitCode, byte[] stdout, string label)
    {
        Assert.True(exitCode == 0, $"{label}: exit code {exitCode}");
        var oracle = Oracle(input);
        if (stdout.Length == 0)
        {
            Assert.True(oracle.OtherEvent, $"{label}: no answer, but the input was not another event");
            return "no answer";
        }

        var answer = HookAnswer.Parse(stdout);
        if (!oracle.Readable)
        {
            Assert.True(answer.Decision != "allow", $"{label}: allow for an unreadable payload");
            return "unreadable, " + answer.Decision;
        }
        Assert.False(oracle.OtherEvent, $"{label}: answered {answer.Decision} for another event");
        return "readable, " + answer.Decision;
    }

    private readonly record struct Expectation(bool Readable, bool OtherEvent);

    /// <summary>An independent judgement of the input: can it be read as a PreToolUse payload, or is it another event?</summary>
    private static Expectation Oracle(byte[] input)
    {
        if (input.Length > HookRunner.MaxPayloadBytes || Utf8Check.FirstInvalidByte(input) >= 0) return new(false, false);
        try
        {
            var payload = HookPayload.Parse(input);
            if (!payload.IsPreToolUse) return new(true, true);
            // Bash needs a string command; reading it the way the analysis does is part of "readable".
            if (payload.ToolName == "Bash") payload.RequiredInputString("command");
            return new(true, false);
        }
        catch (Exception e) when (e is HookPayloadException or InvalidOperationException)
        {
            try
            {
                using var document = JsonDocument.Parse(input, new JsonDocumentOptions { MaxDepth = 256 });
                var other = document.RootElement.ValueKind == JsonValueKind.Object
                            && document.RootElement.TryGetProperty("hook_event_name", out var name)
                            && name.ValueKind == JsonValueKind.String
                            && name.GetString() != "PreToolUse";
                return new(false, other);
            }
            catch (Exception inner) when (inner is JsonException or InvalidOperationException)
            {
                return new(false, false);
            }
        }
    }
}

/// <summary>A few hundred fuzzed inputs through the real executable.</summary>
[Collection(RealProcesses.Name)]
public sealed class HookProcessFuzzTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public void MutatedPayloadsThroughTheRealProcessKeepTheHookContract()
    {
        const int count = 300;
        var fuzzer = new PayloadFuzzer(4242);
        var inputs = Enumerable.Range(0, count).Select(_ => fuzzer.Next()).ToArray();
        var outcomes = new string[count];
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
        {
            var run = MstroProcess.RunHook(_home, inputs[i]);
            outcomes[i] = HookContract.Verify(inputs[i], run.ExitCode, run.Stdout, $"process input {i}");
        });
        output.WriteLine($"{count} processes: " + string.Join(", ", outcomes.GroupBy(o => o).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}")));
        Assert.Contains("unreadable, ask", outcomes);
        Assert.Contains("readable, allow", outcomes);
    }
}
