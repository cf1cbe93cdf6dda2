using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mstro.Server.Tests.Support;

/// <summary>Hook payloads and request bodies as Claude Code and <c>mstro hook</c> send them.</summary>
public static class Payloads
{
    public static string PreToolUse(string command = "npm test", string sessionId = "session-1", string cwd = "/home/user/project",
        string transcriptPath = "/home/user/.claude/projects/p/session-1.jsonl") =>
        new JsonObject
        {
            ["session_id"] = sessionId,
            ["transcript_path"] = transcriptPath,
            ["cwd"] = cwd,
            ["permission_mode"] = "default",
            ["hook_event_name"] = "PreToolUse",
            ["tool_name"] = "Bash",
            ["tool_input"] = new JsonObject { ["command"] = command, ["description"] = "run it" },
            ["tool_use_id"] = "toolu_01",
        }.ToJsonString();

    public static string UserPromptSubmit(string prompt, string sessionId = "session-1") =>
        new JsonObject
        {
            ["session_id"] = sessionId,
            ["cwd"] = "/home/user/project",
            ["hook_event_name"] = "UserPromptSubmit",
            ["prompt"] = prompt,
        }.ToJsonString();

    public static string Event(string hookEventName, string sessionId = "session-1", string? extraField = null, string? extraValue = null)
    {
        var payload = new JsonObject
        {
            ["session_id"] = sessionId,
            ["cwd"] = "/home/user/project",
            ["hook_event_name"] = hookEventName,
        };
        if (extraField is not null) payload[extraField] = extraValue;
        return payload.ToJsonString();
    }

    public static string Verdict(string decision = "allow", string severity = "none", string ruleId = "default.allow", string reason = "fine") =>
        new JsonObject
        {
            ["decision"] = decision,
            ["severity"] = severity,
            ["ruleId"] = ruleId,
            ["reason"] = reason,
            ["layer"] = "rules",
            ["findings"] = new JsonArray(),
        }.ToJsonString();

    /// <summary>A Layer-1 verdict with findings (ruleId, severity, evidence), the most severe first.</summary>
    public static string VerdictWith(string decision, string severity, params (string RuleId, string Severity, string Evidence)[] findings) =>
        new JsonObject
        {
            ["decision"] = decision,
            ["severity"] = severity,
            ["ruleId"] = findings.Length > 0 ? findings[0].RuleId : "default.allow",
            ["reason"] = "Layer 1's reason",
            ["layer"] = "rules",
            ["findings"] = new JsonArray([.. findings.Select(f => (JsonNode)new JsonObject
            {
                ["ruleId"] = f.RuleId,
                ["severity"] = f.Severity,
                ["reason"] = $"{f.RuleId} matched",
                ["evidence"] = f.Evidence,
            })]),
        }.ToJsonString();

    /// <summary>An ambiguous Layer-1 verdict (Layer 1 cannot tell what the command does).</summary>
    public static string Ambiguous(string evidence = "eval \"$X\"") => VerdictWith("ask", "ambiguous", ("code-execution.dynamic", "ambiguous", evidence));

    public static string HookRequest(string? payload = null, string? verdict = null) =>
        $$"""{"payload":{{payload ?? PreToolUse()}},"verdict":{{verdict ?? Verdict()}}}""";

    /// <summary>A file-tool call (Write, Edit, Read…) with an absolute path.</summary>
    public static string FileTool(string tool, string path, string sessionId = "session-1", string cwd = "/home/user/project") =>
        new JsonObject
        {
            ["session_id"] = sessionId,
            ["cwd"] = cwd,
            ["hook_event_name"] = "PreToolUse",
            ["tool_name"] = tool,
            ["tool_input"] = new JsonObject { ["file_path"] = path, ["content"] = "x" },
            ["tool_use_id"] = "toolu_02",
        }.ToJsonString();

    public static string EventRequest(string payload) => $$"""{"payload":{{payload}}}""";

    public static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
