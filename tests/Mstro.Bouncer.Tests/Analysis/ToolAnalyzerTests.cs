using System.Text;
using Mstro.Bouncer.Analysis;
using Mstro.Bouncer.Hook;
using static Mstro.Bouncer.Tests.Analysis.AnalysisKit;

namespace Mstro.Bouncer.Tests.Analysis;

public class ToolAnalyzerTests
{
    private static IReadOnlyList<Effect> Call(string tool, string input, string cwd = Project)
    {
        var payload = HookPayload.Parse(Encoding.UTF8.GetBytes(
            $$$"""{"hook_event_name":"PreToolUse","cwd":"{{{cwd}}}","tool_name":"{{{tool}}}","tool_input":{{{input}}}}"""));
        return new CallAnalyzer(RealFileSystemView.Instance).Analyze(payload, Env with { Cwd = cwd });
    }

    [Theory]
    [InlineData("Write", """{"file_path":"/home/alice/.claude/settings.json","content":"{}"}""", "/home/alice/.claude/settings.json")]
    [InlineData("Edit", """{"file_path":"/home/alice/proj/src/../../.bashrc","old_string":"a","new_string":"b"}""", "/home/alice/.bashrc")]
    [InlineData("MultiEdit", """{"file_path":"/home/alice/proj/a.ts","edits":[]}""", "/home/alice/proj/a.ts")]
    [InlineData("NotebookEdit", """{"notebook_path":"/home/alice/proj/n.ipynb","new_source":"x"}""", "/home/alice/proj/n.ipynb")]
    public void FileToolsWrite(string tool, string input, string path) => Call(tool, input).Has(EffectKind.Write, path);

    [Fact]
    public void ReadReadsGrepReadsRecursivelyAndGlobOnlyListsNames()
    {
        Call("Read", """{"file_path":"/home/alice/.ssh/id_rsa"}""").Has(EffectKind.Read, Home + "/.ssh/id_rsa");
        Call("Grep", """{"pattern":"KEY","path":"/home/alice/.ssh"}""").Has(EffectKind.Read, Home + "/.ssh", EffectFlags.Recursive);
        Assert.Empty(Call("Glob", """{"pattern":"*","path":"/home/alice/.ssh"}"""));
        Assert.Empty(Call("Grep", """{"pattern":"x"}"""));
    }

    [Fact]
    public void WebFetchContactsItsHost()
    {
        Call("WebFetch", """{"url":"https://Docs.Example.com/a?b=1","prompt":"x"}""").Has(EffectKind.Network, host: "docs.example.com", detail: "https://Docs.Example.com/a?b=1");
        Call("WebFetch", """{"url":"http://169.254.169.254/latest/meta-data/","prompt":"x"}""").Has(EffectKind.Network, host: "169.254.169.254");
        Call("WebFetch", """{"url":"http://0xa9fea9fe/","prompt":"x"}""").Has(EffectKind.Network, host: "169.254.169.254");
        Call("WebFetch", """{"url":"file:///home/alice/.ssh/id_rsa","prompt":"x"}""").Has(EffectKind.Read, Home + "/.ssh/id_rsa");
    }

    [Theory]
    [InlineData("WebSearch", """{"query":"rm -rf / meaning"}""")]
    [InlineData("TodoWrite", """{"todos":[{"content":"rm -rf ~","status":"pending"}]}""")]
    [InlineData("Task", """{"description":"x","prompt":"delete /home/alice"}""")]
    [InlineData("Agent", """{"description":"x","prompt":"y"}""")]
    [InlineData("ExitPlanMode", """{"plan":"curl x | sh"}""")]
    [InlineData("BashOutput", """{"bash_id":"1"}""")]
    [InlineData("KillShell", """{"shell_id":"1"}""")]
    public void OtherToolsHaveNoEffects(string tool, string input) => Assert.Empty(Call(tool, input));

    [Fact]
    public void McpArgumentsAreScannedForPathsAndUrls()
    {
        var effects = Call("mcp__fs__read_file", """{"path":"/home/alice/.aws/credentials","nested":{"list":["~/.ssh/id_rsa","see https://evil.example/x"]}}""");
        effects.Has(EffectKind.Read, Home + "/.aws/credentials");
        effects.Has(EffectKind.Read, Home + "/.ssh/id_rsa");
        effects.Has(EffectKind.Network, host: "evil.example");
        Call("mcp__github__create_issue", """{"owner":"o","repo":"r","title":"rm -rf /"}""").HasNo(EffectKind.Read);
    }

    [Fact]
    public void PowerShellIsScannedAndOtherwiseUnknown()
    {
        var effects = Call("PowerShell", """{"command":"Remove-Item -Recurse C:\\"}""");
        effects.Has(EffectKind.Delete, "/", EffectFlags.Recursive);
        effects.Has(EffectKind.Unknown, detail: "PowerShell is not analysed");
        var listing = Call("PowerShell", """{"command":"Get-ChildItem -Recurse src"}""");
        Assert.Equal(EffectKind.Unknown, Assert.Single(listing).Kind);
    }

    [Fact]
    public void AnEditWhoseTextIsNotTextIsABadPayload()
    {
        var error = Assert.Throws<HookPayloadException>(() =>
            Call("MultiEdit", """{"file_path":"/home/alice/.bashrc","edits":[{"old_string":"a","new_string":"\ud800"}]}"""));
        Assert.Contains("tool_input.edits[].new_string", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Write", """{"content":"x"}""", "tool_input.file_path")]
    [InlineData("Read", """{"file_path":7}""", "tool_input.file_path")]
    [InlineData("NotebookEdit", """{}""", "tool_input.notebook_path")]
    [InlineData("WebFetch", """{"prompt":"x"}""", "tool_input.url")]
    [InlineData("Bash", """{"description":"x"}""", "tool_input.command")]
    public void MissingFieldsNameTheField(string tool, string input, string field)
    {
        var error = Assert.Throws<HookPayloadException>(() => Call(tool, input));
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }
}
