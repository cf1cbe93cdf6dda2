using System.Diagnostics;
using System.Text.Json;

namespace Mstro.Server.Tests.Support;

/// <summary>The real hook binary (<see cref="Processes.HookExecutable"/>) run as Claude Code runs it: one payload on
/// stdin, the answer on stdout.</summary>
public static class HookRuns
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(60);

    public static async Task<(string Stdout, TimeSpan Elapsed)> RunAsync(TempHome home, string payload)
    {
        var clock = Stopwatch.StartNew();
        using var hook = Processes.StartHook(home.Path);
        await hook.StandardInput.WriteAsync(payload);
        hook.StandardInput.Close();
        var stdout = await hook.StandardOutput.ReadToEndAsync().WaitAsync(ProcessTimeout);
        await hook.WaitForExitAsync().WaitAsync(ProcessTimeout);
        Assert.Equal(0, hook.ExitCode);
        return (stdout, clock.Elapsed);
    }

    public static string Decision(string hookAnswer) =>
        JsonDocument.Parse(hookAnswer).RootElement.GetProperty("hookSpecificOutput").GetProperty("permissionDecision").GetString()!;

    public static string Reason(string hookAnswer) =>
        JsonDocument.Parse(hookAnswer).RootElement.GetProperty("hookSpecificOutput").GetProperty("permissionDecisionReason").GetString()!;

    /// <summary>The last line of the audit log the hook appends to (~/.claude/logs/bouncer.log).</summary>
    public static JsonElement LastAuditLine(TempHome home) =>
        JsonDocument.Parse(File.ReadAllLines(Path.Combine(home.Path, ".claude", "logs", "bouncer.log"))[^1]).RootElement.Clone();
}
