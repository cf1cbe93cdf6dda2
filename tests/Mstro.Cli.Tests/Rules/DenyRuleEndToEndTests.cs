using System.Text.Json;
using Mstro.Cli.Check;
using Mstro.Cli.Tests.Processes;
using Mstro.Cli.Tests.TestSupport;

namespace Mstro.Cli.Tests.Rules;

/// <summary>A user's deny rule in a real ~/.mstro/bouncer.json decides through the real hook process, shows in the
/// audit log, in <c>mstro check</c>'s exit code, and in a replay of the log.</summary>
[Collection(RealProcesses.Name)]
public sealed class DenyRuleEndToEndTests : IDisposable
{
    private const string Rules = """
        { "version": 1,
          "rules": [
            { "id": "my.no-terraform-destroy", "decision": "deny", "reason": "never destroy infra from an agent",
              "tool": "Bash", "command": "terraform destroy*" },
            { "id": "my.ask-kubectl-delete", "decision": "ask", "reason": "deleting cluster objects needs a person",
              "tool": "Bash", "command": "kubectl delete *" } ] }
        """;

    private readonly TempHome _home = new();

    public DenyRuleEndToEndTests()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_home.UserRules)!);
        File.WriteAllText(_home.UserRules, Rules);
    }

    public void Dispose() => _home.Dispose();

    [Fact]
    public void TheRealHookDeniesWithTheUsersRuleAndLogsIt()
    {
        var run = MstroProcess.RunHook(_home, Payloads.Bash("cd infra && terraform destroy -auto-approve", _home.Project));

        Assert.Equal(0, run.ExitCode);
        var answer = HookAnswer.Parse(run.Stdout);
        Assert.Equal("deny", answer.Decision);
        Assert.StartsWith("mstro: never destroy infra from an agent", answer.Reason, StringComparison.Ordinal);
        Assert.EndsWith("[rule my.no-terraform-destroy]", answer.Reason, StringComparison.Ordinal);
        using var line = JsonDocument.Parse(Assert.Single(File.ReadAllLines(_home.AuditLog)));
        Assert.Equal("deny", line.RootElement.GetProperty("decision").GetString());
        Assert.Equal("my.no-terraform-destroy", line.RootElement.GetProperty("rule").GetString());
        Assert.Equal("critical", line.RootElement.GetProperty("severity").GetString());
    }

    [Fact]
    public void CheckExitCodesFollowTheDecision()
    {
        var deny = MstroProcess.Run(_home, null, "check", "--cwd", _home.Project, "terraform destroy");
        var ask = MstroProcess.Run(_home, null, "check", "--cwd", _home.Project, "kubectl delete pod web-1");
        var allow = MstroProcess.Run(_home, null, "check", "--cwd", _home.Project, "terraform plan");

        Assert.Equal(ExitCodes.Deny, deny.ExitCode);
        Assert.Contains("rule      my.no-terraform-destroy", deny.StdoutText, StringComparison.Ordinal);
        Assert.Contains("my.no-terraform-destroy: never destroy infra from an agent", deny.StdoutText, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ask, ask.ExitCode);
        Assert.Contains("rule      my.ask-kubectl-delete", ask.StdoutText, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Allow, allow.ExitCode);
    }

    [Fact]
    public void CheckJsonListsEveryFinding()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = new CheckCommand(_home.Get, output, error).RunCommand("terraform destroy && kubectl delete ns prod", json: true, cwd: _home.Project);

        Assert.Equal(ExitCodes.Deny, exitCode);
        using var document = JsonDocument.Parse(output.ToString());
        Assert.Equal("my.no-terraform-destroy", document.RootElement.GetProperty("rule").GetString());
        var findings = document.RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("rule").GetString()).ToArray();
        Assert.Contains("my.no-terraform-destroy", findings);
        Assert.Contains("my.ask-kubectl-delete", findings);
    }

    [Fact]
    public void AReplayOfTheAuditLogReDecidesWithTheCurrentRules()
    {
        File.Delete(_home.UserRules);
        MstroProcess.RunHook(_home, Payloads.Bash("terraform destroy", _home.Project)); // built-ins: ask (infrastructure pack)
        MstroProcess.RunHook(_home, Payloads.Bash("terraform plan", _home.Project));
        File.WriteAllText(_home.UserRules, Rules);

        var replay = MstroProcess.Run(_home, null, "check", "--jsonl", _home.AuditLog);

        Assert.Equal(ExitCodes.Deny, replay.ExitCode);
        var lines = replay.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal("deny", lines[0].GetProperty("decision").GetString());
        Assert.Equal("ask", lines[0].GetProperty("logged").GetProperty("decision").GetString());
        Assert.Equal("allow", lines[1].GetProperty("decision").GetString());
    }

    [Fact]
    public void BuiltInRulesDecideThroughTheRealProcessToo()
    {
        var home = MstroProcess.RunHook(_home, Payloads.Bash("rm -rf ~", _home.Project));

        Assert.Equal("deny", HookAnswer.Parse(home.Stdout).Decision);
    }
}
