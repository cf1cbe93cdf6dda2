using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Mstro.Protocol.Runtime;
using Mstro.Server.Tests.Support;

namespace Mstro.Server.Tests.Runtime;

/// <summary>~/.mstro/server.json: private from birth, one server per user, stale files replaced, removed on stop.</summary>
public sealed class RuntimeFileTests
{
    [Fact]
    public async Task TheRuntimeFileIs0600InA0700DirectoryAndSaysWhereTheServerIs()
    {
        await using var server = await RunningServer.StartAsync();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(server.Home.RuntimeFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(server.Home.MstroDirectory));
        var runtime = server.Runtime;
        Assert.Equal(server.Port, runtime.Port);
        Assert.Equal(Environment.ProcessId, runtime.Pid);
        Assert.Equal("127.0.0.1", runtime.Address);
        Assert.Equal(43, runtime.Token.Length); // 32 random bytes, base64url
        Assert.InRange(runtime.StartedAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Empty(Directory.GetFiles(server.Home.MstroDirectory, "*.tmp"));
    }

    [Fact]
    public async Task AnExistingDirectoryWithWiderPermissionsIsTightenedTo0700()
    {
        using var home = new TempHome();
        Directory.CreateDirectory(home.MstroDirectory);
        File.SetUnixFileMode(home.MstroDirectory, (UnixFileMode)0b111_101_101); // 0755

        await using var server = await RunningServer.StartAsync(home: home);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(home.MstroDirectory));
        Assert.Contains(server.Log.Entries, e => e.Message.Contains("Tightened the permissions", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EveryStartHasAFreshToken()
    {
        using var home = new TempHome();
        string first;
        await using (var server = await RunningServer.StartAsync(home: home)) first = server.Runtime.Token;
        await using var second = await RunningServer.StartAsync(home: home);

        Assert.NotEqual(first, second.Runtime.Token);
    }

    [Fact]
    public async Task ASecondServerRefusesWithTheRunningPidAndPortAndLeavesTheFileAlone()
    {
        await using var first = await RunningServer.StartAsync();
        var before = await File.ReadAllBytesAsync(first.Home.RuntimeFile);
        await using var second = MstroServer.Create(new ServerOptions { MstroDirectory = first.Home.MstroDirectory });

        var refusal = await Assert.ThrowsAsync<ServerAlreadyRunningException>(() => second.StartAsync());

        Assert.Contains($"mstro is already running (pid {Environment.ProcessId}, port {first.Port}, started ", refusal.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(first.Runtime.Token, refusal.Message, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(first.Home.RuntimeFile));
        using var client = first.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task AStaleFileWithADeadPidIsReplaced()
    {
        using var home = new TempHome();
        Directory.CreateDirectory(home.MstroDirectory);
        var deadPid = Processes.DeadPid();
        await File.WriteAllTextAsync(home.RuntimeFile,
            $$"""{"address":"127.0.0.1","port":1,"pid":{{deadPid}},"token":"old","startedAt":"2026-01-01T00:00:00Z"}""");

        await using var server = await RunningServer.StartAsync(home: home);

        Assert.Equal(Environment.ProcessId, server.Runtime.Pid);
        Assert.Equal(server.Port, server.Runtime.Port);
        Assert.NotEqual("old", server.Runtime.Token);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(home.RuntimeFile));
        Assert.Contains(server.Log.Entries, e => e.Message.Contains($"pid {deadPid} is not running", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnUnreadableLeftoverFileIsReplaced()
    {
        using var home = new TempHome();
        Directory.CreateDirectory(home.MstroDirectory);
        await File.WriteAllTextAsync(home.RuntimeFile, "{ half a file");

        await using var server = await RunningServer.StartAsync(home: home);

        Assert.Equal(server.Port, server.Runtime.Port);
    }

    [Fact]
    public async Task AFileWhosePidIsAliveIsNotTakenOver()
    {
        using var home = new TempHome();
        Directory.CreateDirectory(home.MstroDirectory);
        using var sleeper = Processes.Sleeper();
        try
        {
            var content = $$"""{"address":"127.0.0.1","port":4321,"pid":{{sleeper.Id}},"token":"theirs","startedAt":"2026-01-01T00:00:00Z"}""";
            await File.WriteAllTextAsync(home.RuntimeFile, content);
            await using var server = MstroServer.Create(new ServerOptions { MstroDirectory = home.MstroDirectory });

            var refusal = await Assert.ThrowsAsync<ServerAlreadyRunningException>(() => server.StartAsync());

            Assert.Contains($"pid {sleeper.Id}, port 4321", refusal.Message, StringComparison.Ordinal);
            Assert.Contains("delete", refusal.Message, StringComparison.Ordinal);
            Assert.Equal(content, await File.ReadAllTextAsync(home.RuntimeFile));
        }
        finally
        {
            sleeper.Kill();
        }
    }

    [Fact]
    public async Task ACleanStopRemovesTheFileAndFreesTheLock()
    {
        using var home = new TempHome();
        var server = await RunningServer.StartAsync(home: home);
        Assert.True(File.Exists(home.RuntimeFile));

        await server.DisposeAsync();

        Assert.False(File.Exists(home.RuntimeFile));
        await using var next = await RunningServer.StartAsync(home: home);
        Assert.True(File.Exists(home.RuntimeFile));
    }

    [Fact]
    public async Task StopDoesNotRemoveAFileThatIsNoLongerOurs()
    {
        await using var server = await RunningServer.StartAsync();
        var replaced = JsonSerializer.Serialize(new { address = "127.0.0.1", port = 9, pid = 1, token = "someone-else", startedAt = DateTimeOffset.UtcNow });
        await File.WriteAllTextAsync(server.Home.RuntimeFile, replaced);

        await server.Server.StopAsync();

        Assert.Equal(replaced, await File.ReadAllTextAsync(server.Home.RuntimeFile));
    }

    [Fact]
    public async Task APortInUseIsAClearStartError()
    {
        using var occupied = new TcpListener(IPAddress.Loopback, 0);
        occupied.Start();
        var port = ((IPEndPoint)occupied.LocalEndpoint).Port;
        using var home = new TempHome();
        await using var server = MstroServer.Create(new ServerOptions { Port = port, MstroDirectory = home.MstroDirectory });

        var error = await Assert.ThrowsAsync<ServerStartException>(() => server.StartAsync());

        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(home.RuntimeFile));
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("192.168.1.10")]
    [InlineData("::")]
    public void ANonLoopbackBindIsRefusedWithoutTheOptIn(string address)
    {
        using var home = new TempHome();

        var error = Assert.Throws<OptionsValidationException>(() =>
            MstroServer.Create(new ServerOptions { BindAddress = address, MstroDirectory = home.MstroDirectory }));

        Assert.Contains("--allow-non-loopback", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheNonLoopbackOptInPassesValidation()
    {
        using var home = new TempHome();
        // Built, not started: a test binds nothing but loopback.
        await using var server = MstroServer.Create(new ServerOptions { BindAddress = "0.0.0.0", AllowNonLoopbackBind = true, MstroDirectory = home.MstroDirectory });
        Assert.Equal(0, server.Port);
    }

    [Fact]
    public void BadOptionsAreAllReportedAtOnce()
    {
        var error = Assert.Throws<OptionsValidationException>(() => MstroServer.Create(new ServerOptions
        {
            Port = 70000,
            BindAddress = "not-an-address",
            MstroDirectory = "relative/dir",
            ReplayBufferSize = 0,
            WebSocketAuthTimeout = TimeSpan.Zero,
        }));

        Assert.Equal(5, error.Failures.Count());
        Assert.Contains(error.Failures, f => f.Contains("port 70000", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("not-an-address", StringComparison.Ordinal));
    }

    [Fact]
    public void TheReaderRejectsOversizedAndIncompleteFiles()
    {
        using var home = new TempHome();
        Directory.CreateDirectory(home.MstroDirectory);

        File.WriteAllText(home.RuntimeFile, new string(' ', RuntimeFile.MaxFileBytes + 1));
        Assert.Null(RuntimeFile.TryRead(home.RuntimeFile, out var tooBig));
        Assert.Contains("larger than", tooBig, StringComparison.Ordinal);

        File.WriteAllText(home.RuntimeFile, """{"address":"127.0.0.1","port":5000,"pid":5}""");
        Assert.Null(RuntimeFile.TryRead(home.RuntimeFile, out var incomplete));
        Assert.NotNull(incomplete);

        File.Delete(home.RuntimeFile);
        Assert.Null(RuntimeFile.TryRead(home.RuntimeFile, out var absent));
        Assert.Null(absent);
    }

    public static TheoryData<string> RuntimeFiles => new()
    {
        """{"address":"127.0.0.1","port":5000,"pid":5,"token":"t","startedAt":"2026-11-25T22:00:00+00:00","decisionTimeoutMs":30000,"socket":"/tmp/m.sock"}""",
        """{"address":"127.0.0.1","port":5000,"pid":5,"token":"t","startedAt":"2026-11-25T22:00:00Z"}""",
        """{"address":"127.0.0.1","port":5000,"pid":5,"token":"t","startedAt":"2026-11-25T22:00:00Z","decisionTimeoutMs":null,"socket":null}""",
        """{"startedAt":"2026-11-25T22:00:00Z","token":"t","pid":5,"port":5000,"address":"::1","extra":{"a":[1,{"b":null}]}}""",
        """{"address":"127.0.0.1","port":5000,"pid":5,"token":"t","startedAt":"2026-11-25T22:00:00Z","port":6000}""",
        """{"address":"127.0.0.1","port":5000,"pid":5,"startedAt":"2026-11-25T22:00:00Z"}""",
        """{"address":"127.0.0.1","port":5000,"token":"t","startedAt":"2026-11-25T22:00:00Z"}""",
        """{"address":"127.0.0.1","pid":5,"token":"t","startedAt":"2026-11-25T22:00:00Z"}""",
        """{"port":5000,"pid":5,"token":"t","startedAt":"2026-11-25T22:00:00Z"}""",
        """{"address":"127.0.0.1","port":5000,"pid":5,"token":"t"}""",
        """{"address":null,"port":5000,"pid":5,"token":"t","startedAt":"2026-11-25T22:00:00Z"}""",
        """{"address":"127.0.0.1","port":5000,"pid":5,"token":null,"startedAt":"2026-11-25T22:00:00Z"}""",
        """{"address":"127.0.0.1","port":"5000","pid":5,"token":"t","startedAt":"2026-11-25T22:00:00Z"}""",
        """{"address":"127.0.0.1","port":5000.5,"pid":5,"token":"t","startedAt":"2026-11-25T22:00:00Z"}""",
        """{"address":"127.0.0.1","port":99999999999,"pid":5,"token":"t","startedAt":"2026-11-25T22:00:00Z"}""",
        """{"address":"127.0.0.1","port":5000,"pid":5,"token":"t","startedAt":"yesterday"}""",
        """{"address":"127.0.0.1","port":5000,"pid":5,"token":7,"startedAt":"2026-11-25T22:00:00Z"}""",
        """{"address":"127.0.0.1","port":5000,"pid":5,"token":"t","startedAt":"2026-11-25T22:00:00Z","decisionTimeoutMs":"30"}""",
        """{"address":"127.0.0.1","port":5000,"pid":5,"token":"t","startedAt":"2026-11-25T22:00:00Z","socket":3}""",
        """{"address":"127.0.0.1","port":70000,"pid":5,"token":"t","startedAt":"2026-11-25T22:00:00Z"}""",
        """{"address":"127.0.0.1","port":5000,"pid":5,"token":"t","startedAt":"2026-11-25T22:00:00Z",}""",
        """{"address":"127.0.0.1","port":5000,"pid":5,"token":"t","startedAt":"2026-11-25T22:00:00Z"} {}""",
        """{"address":"127.0.0.1","port":5000,"pid":5,"token":"t","startedAt":"2026-11-25T22:00:00Z" /* c */}""",
        """{"Address":"127.0.0.1","Port":5000,"Pid":5,"Token":"t","StartedAt":"2026-11-25T22:00:00Z"}""",
        "null",
        "[]",
        "",
        "   ",
        "{",
    };

    /// <summary>The runtime file is read by hand (the hook cannot afford the serializer's start): it must accept and reject
    /// exactly what the protocol's serializer, which writes it, does.</summary>
    [Theory]
    [MemberData(nameof(RuntimeFiles))]
    public void TheRuntimeFileIsReadAsTheSerializerReadsIt(string json)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(json);
        RuntimeInfo? expected;
        try
        {
            expected = System.Text.Json.JsonSerializer.Deserialize(bytes, Mstro.Protocol.ProtocolJsonContext.Default.RuntimeInfo);
            if (expected?.Validate() is not null) expected = null;
        }
        catch (System.Text.Json.JsonException)
        {
            expected = null;
        }
        var actual = RuntimeFile.Parse(bytes, "server.json", out var problem);
        Assert.Equal(expected, actual);
        Assert.Equal(actual is null, problem is not null);
    }
}
