using System.Text.Json;
using Mstro.Cli.Check;
using Mstro.Cli.Tests.Processes;
using Mstro.Cli.Tests.TestSupport;

namespace Mstro.Cli.Tests.Rules;

/// <summary>Real rules files in a temp HOME, read by the real loader, through the hook and <c>mstro check</c>.</summary>
[Collection(RealProcesses.Name)]
public sealed class UserRulesEndToEndTests : IDisposable
{
    /// <summary>Line 4 holds an unknown decision.</summary>
    private const string BrokenRules = """
        { "version": 1,
          "rules": [
            { "id": "my.x", "command": "x",
              "decision": "block" } ] }
        """;

    private const string ExpectedBrokenReason =
        "mstro: your rules file ~/.mstro/bouncer.json line 4 rules[0].decision: unknown decision \"block\" (one of: allow, ask, deny)" +
        " — fix it; until then mstro asks [rule mstro.rules-file-error]";

    private readonly TempHome _home = new();

    public void Dispose() => _home.Dispose();

    private void WriteUserRules(string json)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_home.UserRules)!);
        File.WriteAllText(_home.UserRules, json);
    }

    [Fact]
    public void ABrokenUserRulesFileTurnsAllowIntoAskNamingFileLineAndFieldAndIsLogged()
    {
        WriteUserRules(BrokenRules);

        var run = InProcessHook.Run(_home, Payloads.Bash("ls", _home.Project));

        Assert.Equal("ask", run.Answer.Decision);
        Assert.Equal(ExpectedBrokenReason, run.Answer.Reason);
        using var error = JsonDocument.Parse(Assert.Single(_home.ErrorLines()));
        Assert.Equal("rules-file", error.RootElement.GetProperty("kind").GetString());
        Assert.Contains("bouncer.json:4: rules[0].decision", error.RootElement.GetProperty("errors").GetString(), StringComparison.Ordinal);
        using var audit = JsonDocument.Parse(Assert.Single(_home.AuditLines()));
        Assert.Equal("mstro.rules-file-error", audit.RootElement.GetProperty("rule").GetString());
        Assert.Equal(error.RootElement.GetProperty("errorId").GetString(), audit.RootElement.GetProperty("errorId").GetString());
    }

    [Fact]
    public void ABrokenProjectRulesFileIsNamedToo()
    {
        var projectRules = Path.Join(_home.Project, ".mstro", "bouncer.json");
        Directory.CreateDirectory(Path.GetDirectoryName(projectRules)!);
        File.WriteAllText(projectRules, """{ "version": 1, "rules": [ { "id": "p.x", "decision": "deny" } ] }""");
        _home.Variables["CLAUDE_PROJECT_DIR"] = _home.Project;

        var run = InProcessHook.Run(_home, Payloads.Bash("ls", Path.Join(_home.Project, "src")));

        Assert.Equal("ask", run.Answer.Decision);
        Assert.StartsWith("mstro: your rules file ~/src/project/.mstro/bouncer.json line 1", run.Answer.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckReportsTheBrokenFileAndAsks()
    {
        WriteUserRules(BrokenRules);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = new CheckCommand(_home.Get, output, error).RunCommand("ls", json: true, cwd: _home.Project);

        Assert.Equal(ExitCodes.Ask, exitCode);
        using var document = JsonDocument.Parse(output.ToString());
        Assert.Equal("mstro.rules-file-error", document.RootElement.GetProperty("rule").GetString());
        Assert.Contains("bouncer.json:4: rules[0].decision", document.RootElement.GetProperty("rulesFileErrors")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("rules file error", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TheRealHookProcessAsksWithABrokenRulesFile()
    {
        WriteUserRules(BrokenRules);

        var run = MstroProcess.RunHook(_home, Payloads.Bash("ls", _home.Project));

        Assert.Equal(0, run.ExitCode);
        var answer = HookAnswer.Parse(run.Stdout);
        Assert.Equal("ask", answer.Decision);
        Assert.Equal(ExpectedBrokenReason, answer.Reason);
    }

    [Fact]
    public void AValidUserRulesFileWithoutMatchingRulesLeavesOrdinaryWorkAllowed()
    {
        WriteUserRules("""{ "version": 1, "rules": [ { "id": "my.no-terraform-destroy", "decision": "deny", "tool": "Bash", "command": "terraform destroy*" } ] }""");

        var run = InProcessHook.Run(_home, Payloads.Bash("dotnet test", _home.Project));

        Assert.Equal("allow", run.Answer.Decision);
        Assert.Empty(_home.ErrorLines());
    }
}
