using System.Text;
using System.Text.Json;

namespace Mstro.Cli.Tests.TestSupport;

/// <summary>A PreToolUse hook answer, checked against exactly what Claude Code expects (shared/claude-code-hooks.md §3):
/// one JSON object on stdout, <c>{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":…,
/// "permissionDecisionReason":…}}</c>, nothing else.</summary>
public sealed record HookAnswer(string Decision, string Reason)
{
    public static readonly string[] Decisions = ["allow", "ask", "deny"];

    /// <summary>Parses stdout and fails the test unless it is exactly one well-formed answer.</summary>
    public static HookAnswer Parse(byte[] stdout)
    {
        var text = Encoding.UTF8.GetString(stdout);
        Assert.True(text.EndsWith('\n'), $"the answer ends with a newline: {text}");
        Assert.Equal(1, text.Count(c => c == '\n'));
        using var document = JsonDocument.Parse(stdout);
        var root = document.RootElement;
        Assert.Equal(JsonValueKind.Object, root.ValueKind);
        Assert.Equal(["hookSpecificOutput"], root.EnumerateObject().Select(p => p.Name));
        var output = root.GetProperty("hookSpecificOutput");
        Assert.Equal(["hookEventName", "permissionDecision", "permissionDecisionReason"], output.EnumerateObject().Select(p => p.Name));
        Assert.Equal("PreToolUse", output.GetProperty("hookEventName").GetString());
        var decision = output.GetProperty("permissionDecision").GetString()!;
        Assert.Contains(decision, Decisions);
        var reason = output.GetProperty("permissionDecisionReason").GetString()!;
        Assert.StartsWith("mstro:", reason, StringComparison.Ordinal);
        Assert.Matches(@"\[rule [a-z0-9.\-]+\]$", reason);
        return new HookAnswer(decision, reason);
    }

    /// <summary>The error id in a reason ("error id 0123456789ab").</summary>
    public string ErrorId
    {
        get
        {
            var match = System.Text.RegularExpressions.Regex.Match(Reason, "error id ([0-9a-f]{12})");
            Assert.True(match.Success, $"the reason names an error id: {Reason}");
            return match.Groups[1].Value;
        }
    }
}
