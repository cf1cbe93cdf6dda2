using System.Text;
using System.Text.Json;
using Mstro.Server.Tests.Support;

namespace Mstro.Server.Tests.EndToEnd;

/// <summary>The real <c>mstro escalations</c>, <c>mstro approve</c> and <c>mstro deny</c>, as a person runs them in a
/// terminal next to <c>mstro serve</c>.</summary>
public sealed class EscalationCommandTests
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task EscalationsListsWhatWaitsWithAgeTimeLeftSessionToolAndWhy()
    {
        await using var server = await Layers.StartAsync(attended: true);
        var posting = Layers.PostAsync(server, Payloads.PreToolUse("bash /opt/tools/setup.sh", "sess-1234"));
        var id = (await Layers.WaitingAsync(server))[0];

        var (exit, stdout, _) = await RunAsync(server.Home, "escalations");
        var (jsonExit, json, _) = await RunAsync(server.Home, "escalations", "--json");
        await server.Server.Escalations.AnswerAsync(id, new Escalations.EscalationAnswer(false));
        await posting;
        var (_, empty, _) = await RunAsync(server.Home, "escalations");

        Assert.Equal((0, 0), (exit, jsonExit));
        var row = stdout.Split('\n').Single(line => line.StartsWith(id, StringComparison.Ordinal));
        Assert.Matches($@"^{id}\s+\d+s\s+\d+s\s+sess-1234\s+Bash\s+bash /opt/tools/setup.sh", row);
        Assert.Contains("Layer 1: runs the script /opt/tools/setup.sh", stdout, StringComparison.Ordinal);
        Assert.Contains("AI review: AI review is off", stdout, StringComparison.Ordinal);
        Assert.Equal(id, JsonDocument.Parse(json).RootElement.GetProperty("escalations")[0].GetProperty("id").GetString());
        Assert.Contains("Nothing waits for a person.", empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAgentControlledCommandCannotDriveTheTerminalThatListsIt()
    {
        await using var server = await Layers.StartAsync(attended: true);
        var posting = Layers.PostAsync(server, Payloads.PreToolUse("bash /opt/tools/x.sh # \u001b]0;owned\u0007\u001b[2J\u202eevil"));
        var id = (await Layers.WaitingAsync(server))[0];

        var (_, stdout, _) = await RunAsync(server.Home, "escalations");
        await server.Server.Escalations.AnswerAsync(id, new Escalations.EscalationAnswer(false));
        await posting;

        Assert.DoesNotContain('\u001b', stdout);
        Assert.DoesNotContain('\u202e', stdout);
        Assert.Contains("\\u001b]0;owned", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADenialRememberedForTheProjectFromAPairedTerminalShowsTheRule()
    {
        var display = new CapturingPairingDisplay();
        await using var server = await Layers.StartAsync(attended: true, display: display);
        var project = Directory.CreateDirectory(Path.Combine(server.Home.Path, "work", "app")).FullName;
        var posting = Layers.PostAsync(server, Payloads.PreToolUse("bash /opt/tools/setup.sh", cwd: project));
        var id = (await Layers.WaitingAsync(server))[0];

        using var terminal = Terminals.StartInPty(server.Home.Path, """
            "$MSTRO" deny "$ID" --remember --scope project; echo "EXIT=$?"
            """, new Dictionary<string, string> { ["MSTRO"] = Processes.MstroExecutable, ["ID"] = id });
        var seen = new StringBuilder();
        await Terminals.ReadUntilAsync(terminal, seen, "Pairing code");
        await terminal.StandardInput.WriteLineAsync(display.LatestCode!.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal));
        await terminal.StandardInput.FlushAsync();
        var output = await Terminals.ReadUntilAsync(terminal, seen, "EXIT=");
        await terminal.WaitForExitAsync().WaitAsync(ProcessTimeout);

        Assert.Contains("EXIT=0", output, StringComparison.Ordinal);
        Assert.Contains($"Denied {id}: Claude Code was told to deny.", output, StringComparison.Ordinal);
        Assert.Contains($"Remembered in {Path.Combine(project, ".mstro", "bouncer.json")}", output, StringComparison.Ordinal);
        Assert.Equal("deny", (await posting).GetProperty("decision").GetString());
    }

    [Theory]
    [InlineData("approve")]
    [InlineData("deny")]
    public async Task WithoutAServerTheAnswerSaysMstroIsNotRunning(string command)
    {
        using var home = new TempHome();

        var (exit, _, stderr) = await RunAsync(home, command, "abc123");

        Assert.Equal(1, exit);
        Assert.Contains($"mstro {command}: mstro is not running", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownOrFinishedEscalationIsNamedAsSuch()
    {
        var display = new CapturingPairingDisplay();
        await using var server = await Layers.StartAsync(attended: true, display: display);
        var posting = Layers.PostAsync(server, Payloads.PreToolUse("bash /opt/tools/setup.sh"));
        var id = (await Layers.WaitingAsync(server))[0];
        await server.Server.Escalations.AnswerAsync(id, new Escalations.EscalationAnswer(true));
        await posting;

        using var terminal = Terminals.StartInPty(server.Home.Path, """
            "$MSTRO" approve zzzzzz; echo "UNKNOWN=$?"; "$MSTRO" deny "$ID"; echo "FINISHED=$?"
            """, new Dictionary<string, string> { ["MSTRO"] = Processes.MstroExecutable, ["ID"] = id });
        var seen = new StringBuilder();
        await Terminals.ReadUntilAsync(terminal, seen, "Pairing code");
        await terminal.StandardInput.WriteLineAsync(display.LatestCode);
        await terminal.StandardInput.FlushAsync();
        var output = await Terminals.ReadUntilAsync(terminal, seen, "FINISHED=");
        await terminal.WaitForExitAsync().WaitAsync(ProcessTimeout);

        Assert.Contains("no escalation zzzzzz", output, StringComparison.Ordinal);
        Assert.Contains("UNKNOWN=1", output, StringComparison.Ordinal);
        Assert.Contains($"escalation {id} is no longer waiting: a person approved it", output, StringComparison.Ordinal);
        Assert.Contains("FINISHED=1", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWrongCodeIsAskedAgainAndSaysHowManyTriesAreLeft()
    {
        var display = new CapturingPairingDisplay();
        await using var server = await Layers.StartAsync(attended: true, display: display);

        using var terminal = Terminals.StartInPty(server.Home.Path, """
            "$MSTRO" approve --pair; echo "EXIT=$?"
            """, new Dictionary<string, string> { ["MSTRO"] = Processes.MstroExecutable });
        var seen = new StringBuilder();
        await Terminals.ReadUntilAsync(terminal, seen, "Pairing code");
        await terminal.StandardInput.WriteLineAsync("AAAAA-AAAAA");
        await terminal.StandardInput.FlushAsync();
        await Terminals.ReadUntilAsync(terminal, seen, "tries left");
        await terminal.StandardInput.WriteLineAsync(display.LatestCode);
        await terminal.StandardInput.FlushAsync();
        var output = await Terminals.ReadUntilAsync(terminal, seen, "EXIT=");

        Assert.Contains("wrong pairing code (4 tries left", output, StringComparison.Ordinal);
        Assert.Contains("Paired (terminal session", output, StringComparison.Ordinal);
        Assert.Contains("EXIT=0", output, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(TempHome home, params string[] arguments)
    {
        using var process = Terminals.StartDetached(home.Path, Processes.MstroExecutable, arguments);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(ProcessTimeout);
        return (process.ExitCode, await stdout.WaitAsync(ProcessTimeout), await stderr.WaitAsync(ProcessTimeout));
    }
}
