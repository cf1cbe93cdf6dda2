using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Mstro.Server.Security;
using Mstro.Server.Tests.Support;

namespace Mstro.Server.Tests.Security;

/// <summary>Only a person answers. Everything the coding agent can hold (every file under HOME, the runtime token, any
/// process it starts, with or without a pseudo-terminal of its own) is not enough to approve or deny an escalation, nor to
/// change a rule through the API: that takes a terminal session paired with the code shown on mstro's console.</summary>
public sealed class ApproverTests
{
    private const string Ambiguous = "bash /opt/tools/setup.sh";

    [Fact]
    public async Task TheRuntimeTokenCannotReachAnyApproverRouteOverTcpOrTheSocket()
    {
        await using var server = await Layers.StartAsync(attended: true, display: new CapturingPairingDisplay());
        var rulesFile = Path.Combine(server.Home.MstroDirectory, "bouncer.json");
        await File.WriteAllTextAsync(rulesFile, """{ "version": 1, "rules": [] }""");
        var posting = Layers.PostAsync(server, Payloads.PreToolUse(Ambiguous));
        var id = (await Layers.WaitingAsync(server))[0];
        var approverRoutes = server.Server.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<EndpointAccess>()?.MinimumRole == CallerRole.Approver)
            .Select(e => e.RoutePattern.RawText!.Replace("{id}", id, StringComparison.Ordinal))
            .ToList();
        Assert.Equal(["/api/escalations/" + id + "/approve", "/api/escalations/" + id + "/deny"], approverRoutes.Order());

        using var tcp = server.AuthorizedClient();
        using var socket = server.SocketClient();
        foreach (var route in approverRoutes)
        {
            foreach (var client in new[] { tcp, socket })
            {
                using var response = await client.PostAsync(route, RunningServer.Json("""{"remember":{"scope":"user"}}"""));
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{route} via {client.BaseAddress}: {(int)response.StatusCode} {body}");
                Assert.Equal("approver-required", JsonDocument.Parse(body).RootElement.GetProperty("error").GetString());
            }
        }

        Assert.Equal([id], server.Server.Escalations.Waiting().Select(e => e.Id));
        Assert.Equal("""{ "version": 1, "rules": [] }""", await File.ReadAllTextAsync(rulesFile));
        await server.Server.Escalations.AnswerAsync(id, new Escalations.EscalationAnswer(false));
        await posting;
    }

    [Fact]
    public async Task WhileAPersonsTerminalIsPairedNoOtherProcessCanAnswer()
    {
        var display = new CapturingPairingDisplay();
        await using var server = await Layers.StartAsync(attended: true, display: display);
        var first = Layers.PostAsync(server, Payloads.PreToolUse("bash /opt/tools/a.sh"));
        var id = (await Layers.WaitingAsync(server))[0];

        // A person's terminal: pairs, then waits for the id of the call to approve.
        using var terminal = Terminals.StartInPty(server.Home.Path,
            """
            "$MSTRO" approve --pair && echo READY && read ID && "$MSTRO" approve "$ID" && echo DONE
            """,
            new Dictionary<string, string> { ["MSTRO"] = Processes.MstroExecutable });
        var seen = new StringBuilder();
        await Terminals.ReadUntilAsync(terminal, seen, "Pairing code");
        await terminal.StandardInput.WriteLineAsync(display.LatestCode);
        await terminal.StandardInput.FlushAsync();
        await Terminals.ReadUntilAsync(terminal, seen, "READY");

        // The agent: every file under HOME and the token, from its own session (no terminal), through the CLI and raw.
        using var agentCli = Terminals.StartDetached(server.Home.Path, Processes.MstroExecutable, "approve", id);
        var agentError = await agentCli.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await agentCli.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        using var agentRaw = Terminals.StartDetached(server.Home.Path, "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
            "--unix-socket", server.Server.SocketPath!, "-X", "POST", "-H", $"Authorization: Bearer {server.Runtime.Token}",
            "-H", "Content-Type: application/json", "--data", """{"remember":{}}""", $"http://localhost:{server.Port}/api/escalations/{id}/approve");
        var rawStatus = await agentRaw.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
        using var sameProcess = server.SocketClient();
        using var fromTests = await sameProcess.PostAsync($"/api/escalations/{id}/approve", RunningServer.Json("{}"));

        Assert.Equal(1, agentCli.ExitCode);
        Assert.Contains("not paired", agentError, StringComparison.Ordinal);
        Assert.Equal("403", rawStatus);
        Assert.Equal(HttpStatusCode.Forbidden, fromTests.StatusCode);
        Assert.Equal([id], server.Server.Escalations.Waiting().Select(e => e.Id));
        Assert.False(File.Exists(Path.Combine(server.Home.MstroDirectory, "bouncer.json")));

        // The person's paired terminal answers without being asked for the code again.
        await terminal.StandardInput.WriteLineAsync(id);
        await terminal.StandardInput.FlushAsync();
        var output = await Terminals.ReadUntilAsync(terminal, seen, "DONE");
        Assert.Equal("allow", (await first).GetProperty("decision").GetString());
        Assert.Equal(1, CountOf(output, "Pairing code"));
        Assert.Contains($"Approved {id}", output, StringComparison.Ordinal);
        await terminal.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task PairingIsRefusedOverTcpAndTheCodeStaysValid()
    {
        var display = new CapturingPairingDisplay();
        await using var server = await Layers.StartAsync(display: display);
        using var tcp = server.AuthorizedClient();

        using var response = await tcp.PostAsync("/api/pair", RunningServer.Json($$"""{"code":"{{display.LatestCode}}"}"""));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("local socket", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(server.Server.Pairing.Active);
    }

    [Fact]
    public async Task AFewWrongCodesBurnThePairingCodeUntilThePersonAsksForANewOne()
    {
        var display = new CapturingPairingDisplay();
        await using var server = await Layers.StartAsync(display: display);
        var code = display.LatestCode!;
        using var socket = server.SocketClient();
        var statuses = new List<(HttpStatusCode, string)>();

        foreach (var guess in new[] { "AAAAA-AAAAA", "BBBBBBBBBB", "", "x", "CCCCC-CCCCC", code })
        {
            using var response = await socket.PostAsync("/api/pair", RunningServer.Json(JsonSerializer.Serialize(new { code = guess })));
            statuses.Add((response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("message").GetString()!));
        }

        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden,
            HttpStatusCode.TooManyRequests, HttpStatusCode.Forbidden], statuses.Select(s => s.Item1));
        Assert.Contains("4 tries left", statuses[0].Item2, StringComparison.Ordinal);
        Assert.Contains("1 try left", statuses[3].Item2, StringComparison.Ordinal);
        Assert.Contains("no pairing code is in force", statuses[5].Item2, StringComparison.Ordinal); // the right code, too late
        Assert.Contains(display.Notices, n => n.StartsWith("Pairing locked", StringComparison.Ordinal));
        Assert.False(server.Server.Pairing.Active);
        Assert.NotEqual(code, server.Server.Pairing.Renew());
        Assert.True(server.Server.Pairing.Active);
    }

    [Fact]
    public async Task APairingCodeIsSingleUse()
    {
        var display = new CapturingPairingDisplay();
        await using var server = await Layers.StartAsync(display: display);
        var code = display.LatestCode!;
        var outputs = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            using var terminal = Terminals.StartInPty(server.Home.Path, """
                "$MSTRO" approve --pair; echo "EXIT=$?"
                """,
                new Dictionary<string, string> { ["MSTRO"] = Processes.MstroExecutable });
            var seen = new StringBuilder();
            await Terminals.ReadUntilAsync(terminal, seen, "Pairing code");
            await terminal.StandardInput.WriteLineAsync(code);
            await terminal.StandardInput.FlushAsync();
            outputs.Add(await Terminals.ReadUntilAsync(terminal, seen, "EXIT="));
            await terminal.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            outputs[^1] = seen.ToString();
        }

        Assert.Contains("Paired (terminal session", outputs[0], StringComparison.Ordinal);
        Assert.Contains("EXIT=0", outputs[0], StringComparison.Ordinal);
        Assert.Contains("no pairing code is in force", outputs[1], StringComparison.Ordinal);
        Assert.Contains("EXIT=1", outputs[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutAPersonOrAPairedTerminalNoOneIsCountedOn()
    {
        await using var server = await Layers.StartAsync(display: new CapturingPairingDisplay());

        var answer = await Layers.PostAsync(server, Payloads.PreToolUse(Ambiguous));

        Assert.False(server.Server.Presence.IsPresent);
        Assert.Equal("ask", answer.GetProperty("decision").GetString());
        Assert.Empty(server.Server.Escalations.Waiting());
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
