using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mstro.Server.Tests.Support;

/// <summary>Hook payloads and request bodies as Claude Code and <c>mstro hook</c> send them.</summary>
public static class Payloads
{
    public static string PreToolUse(string command = "npm test", string sessionId = "session-1", string cwd = "/home/user/project") =>
        new JsonObject
        {
            ["session_id"] = sessionId,
            ["transcript_path"] = "/home/user/.claude/projects/p/session-1.jsonl",
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

    public static string HookRequest(string? payload = null, string? verdict = null) =>
        $$"""{"payload":{{payload ?? PreToolUse()}},"verdict":{{verdict ?? Verdict()}}}""";

    public static string EventRequest(string payload) => $$"""{"payload":{{payload}}}""";

    public static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
