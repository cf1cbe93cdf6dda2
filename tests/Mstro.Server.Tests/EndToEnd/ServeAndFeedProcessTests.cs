using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Mstro.Protocol.Events;
using Mstro.Protocol.Runtime;
using Mstro.Server.Tests.Support;

namespace Mstro.Server.Tests.EndToEnd;

/// <summary>The real <c>mstro</c> executable: <c>mstro serve</c> starts, refuses a second instance and stops cleanly on
/// SIGTERM; <c>mstro feed</c> prints the stream as JSON lines.</summary>
public sealed class ServeAndFeedProcessTests
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ServeStartsWritesTheRuntimeFileAndStopsCleanlyOnSigterm()
    {
        using var home = new TempHome();
        using var serve = Processes.StartMstro(home.Path, "serve");
        var stderr = serve.StandardError.ReadToEndAsync();
        try
        {
            var runtime = await WaitForRuntimeFileAsync(home, serve);
            Assert.Equal(serve.Id, runtime.Pid);
            using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false });
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"http://127.0.0.1:{runtime.Port}/health")).StatusCode);

            Processes.Signal(serve.Id, 15);
            await serve.WaitForExitAsync().WaitAsync(ProcessTimeout);

            Assert.Equal(0, serve.ExitCode);
            Assert.False(File.Exists(home.RuntimeFile), "the runtime file must be removed on a clean stop");
            var log = await stderr;
            Assert.Contains($"listening on http://127.0.0.1:{runtime.Port}", log, StringComparison.Ordinal);
            Assert.DoesNotContain(runtime.Token, log, StringComparison.Ordinal);
        }
        finally
        {
            if (!serve.HasExited) serve.Kill();
        }
    }

    [Fact]
    public async Task ASecondServeSaysWhereTheFirstOneRuns()
    {
        await using var first = await RunningServer.StartAsync();
        using var second = Processes.StartMstro(first.Home.Path, "serve");

        var stderr = await second.StandardError.ReadToEndAsync().WaitAsync(ProcessTimeout);
        await second.WaitForExitAsync().WaitAsync(ProcessTimeout);

        Assert.Equal(1, second.ExitCode);
        Assert.Contains($"mstro is already running (pid {Environment.ProcessId}, port {first.Port}", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServeRefusesANonLoopbackBindWithoutTheOptIn()
    {
        using var home = new TempHome();
        using var serve = Processes.StartMstro(home.Path, "serve", "--bind", "0.0.0.0");

        var stderr = await serve.StandardError.ReadToEndAsync().WaitAsync(ProcessTimeout);
        await serve.WaitForExitAsync().WaitAsync(ProcessTimeout);

        Assert.Equal(2, serve.ExitCode);
        Assert.Contains("--allow-non-loopback", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(home.RuntimeFile));
    }

    [Fact]
    public async Task FeedPrintsTheBufferedEventsAsJsonLinesAndExits()
    {
        await using var server = await RunningServer.StartAsync();
        for (var i = 1; i <= 3; i++)
            server.Server.Events.Publish(new SessionEventData("s", "Notification", "waiting", "/p", null, null, $"note {i}"));

        using var feed = Processes.StartMstro(server.Home.Path, "feed");
        var stdout = await feed.StandardOutput.ReadToEndAsync().WaitAsync(ProcessTimeout);
        await feed.WaitForExitAsync().WaitAsync(ProcessTimeout);

        Assert.Equal(0, feed.ExitCode);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        for (var i = 0; i < 3; i++)
        {
            var line = JsonDocument.Parse(lines[i]).RootElement;
            Assert.Equal(i + 1, line.GetProperty("seq").GetInt64());
            Assert.Equal("session", line.GetProperty("type").GetString());
            Assert.Equal($"note {i + 1}", line.GetProperty("data").GetProperty("detail").GetString());
        }
    }

    [Fact]
    public async Task FeedFollowPrintsLiveEventsUntilInterrupted()
    {
        await using var server = await RunningServer.StartAsync();
        using var feed = Processes.StartMstro(server.Home.Path, "feed", "--follow");
        try
        {
            await WaitUntilAsync(() => server.Server.Events.SubscriberCount > 0, feed);
            server.Server.Events.Publish(new SessionEventData("s", "Stop", "idle", "/p", null, null, "live"));

            var line = await feed.StandardOutput.ReadLineAsync().WaitAsync(ProcessTimeout);
            Processes.Signal(feed.Id, 2);
            await feed.WaitForExitAsync().WaitAsync(ProcessTimeout);

            Assert.Equal("live", JsonDocument.Parse(line!).RootElement.GetProperty("data").GetProperty("detail").GetString());
            Assert.Equal(0, feed.ExitCode);
        }
        finally
        {
            if (!feed.HasExited) feed.Kill();
        }
    }

    [Fact]
    public async Task FeedFollowReconnectsToARestartedServer()
    {
        using var home = new TempHome();
        var first = await RunningServer.StartAsync(home: home);
        using var feed = Processes.StartMstro(home.Path, "feed", "--follow");
        try
        {
            await WaitUntilAsync(() => first.Server.Events.SubscriberCount > 0, feed);
            first.Server.Events.Publish(new SessionEventData("s", "Stop", "idle", "/p", null, null, "before restart"));
            var before = await feed.StandardOutput.ReadLineAsync().WaitAsync(ProcessTimeout);
            await first.DisposeAsync();

            await using var second = await RunningServer.StartAsync(home: home);
            await WaitUntilAsync(() => second.Server.Events.SubscriberCount > 0, feed);
            second.Server.Events.Publish(new SessionEventData("s", "SessionStart", "started", "/p", null, null, "after restart"));
            var after = await feed.StandardOutput.ReadLineAsync().WaitAsync(ProcessTimeout);

            Assert.Equal("before restart", JsonDocument.Parse(before!).RootElement.GetProperty("data").GetProperty("detail").GetString());
            var line = JsonDocument.Parse(after!).RootElement;
            Assert.Equal("after restart", line.GetProperty("data").GetProperty("detail").GetString());
            Assert.Equal(1, line.GetProperty("seq").GetInt64()); // the new server numbers from 1: no gap confusion
        }
        finally
        {
            if (!feed.HasExited) feed.Kill();
        }
    }

    [Fact]
    public async Task FeedWithoutAServerSaysSo()
    {
        using var home = new TempHome();
        using var feed = Processes.StartMstro(home.Path, "feed");

        var stderr = await feed.StandardError.ReadToEndAsync().WaitAsync(ProcessTimeout);
        await feed.WaitForExitAsync().WaitAsync(ProcessTimeout);

        Assert.Equal(1, feed.ExitCode);
        Assert.Contains("mstro is not running", stderr, StringComparison.Ordinal);
    }

    internal static async Task<RuntimeInfo> WaitForRuntimeFileAsync(TempHome home, Process process)
    {
        RuntimeInfo? runtime = null;
        await WaitUntilAsync(() => (runtime = RuntimeFile.TryRead(home.RuntimeFile, out _)) is not null, process);
        return runtime!;
    }

    internal static async Task WaitUntilAsync(Func<bool> condition, Process process)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (process.HasExited) throw new Xunit.Sdk.XunitException($"the process exited early with {process.ExitCode}: {await process.StandardError.ReadToEndAsync()}");
            if (clock.Elapsed > ProcessTimeout) throw new TimeoutException("the condition did not come true in time");
            await Task.Delay(25);
        }
    }
}
