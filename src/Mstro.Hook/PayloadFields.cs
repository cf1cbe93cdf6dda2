using System.Text.Json;

namespace Mstro.Hook;

/// <summary>What can still be read from a payload that failed validation (for the error log, the audit line, and to
/// tell a malformed PreToolUse call from a malformed event of another kind). Every field is optional.</summary>
public sealed record PayloadFields(string? EventName, string? Session, string? Cwd, string? Tool, string? ToolUseId, JsonElement ToolInput)
{
    public static readonly PayloadFields None = new(null, null, null, null, null, default);

    /// <summary>Never throws: returns <see cref="None"/> for anything that is not a JSON object.</summary>
    public static PayloadFields Read(ReadOnlySpan<byte> payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload.ToArray(), new JsonDocumentOptions { MaxDepth = 256 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return None;
            var input = root.TryGetProperty("tool_input", out var i) && i.ValueKind == JsonValueKind.Object ? i.Clone() : default;
            return new PayloadFields(
                String(root, "hook_event_name"), String(root, "session_id"), String(root, "cwd"),
                String(root, "tool_name"), String(root, "tool_use_id"), input);
        }
        catch (JsonException)
        {
            return None;
        }
    }

    private static string? String(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String) return null;
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            // A lone surrogate escape ("\ud800") cannot be read as text; the other fields still can.
            return null;
        }
    }
}
