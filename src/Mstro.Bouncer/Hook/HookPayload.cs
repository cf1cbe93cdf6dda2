using System.Text.Json;

namespace Mstro.Bouncer.Hook;

/// <summary>A Claude Code hook payload (stdin of <c>mstro hook</c>). Only the fields mstro uses are read;
/// everything else is ignored, so new fields from newer Claude Code versions never break parsing.</summary>
public sealed record HookPayload(
    string HookEventName,
    string? SessionId,
    string? Cwd,
    string? ToolName,
    JsonElement ToolInput,
    string? TranscriptPath,
    string? PermissionMode,
    string? ToolUseId,
    string? PromptId,
    string? Prompt)
{
    public const string PreToolUse = "PreToolUse";

    public bool IsPreToolUse => HookEventName == PreToolUse;

    /// <summary>Parses and validates a payload. Throws <see cref="HookPayloadException"/> with a precise message
    /// when the JSON is malformed or a field PreToolUse needs is missing or has the wrong type.</summary>
    public static HookPayload Parse(ReadOnlySpan<byte> utf8Json)
    {
        JsonElement root;
        try
        {
            // JsonElement.ParseValue copies the value into plain arrays that need no disposing (JsonDocument.Parse rents
            // them from the shared pool, whose first use costs a short-lived hook process more than the parse), so
            // tool_input needs no clone either.
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 256 });
            root = JsonElement.ParseValue(ref reader);
            if (reader.Read()) throw new JsonException("more than one JSON value", null, 0, reader.BytesConsumed);
        }
        catch (JsonException e)
        {
            throw new HookPayloadException(
                $"the hook payload is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})", e);
        }

        if (root.ValueKind != JsonValueKind.Object)
            throw new HookPayloadException($"the hook payload must be a JSON object, not {Describe(root.ValueKind)}");

        var eventName = RequiredString(root, "hook_event_name");
        var isPreToolUse = eventName == PreToolUse;
        var cwd = isPreToolUse ? RequiredString(root, "cwd") : OptionalString(root, "cwd");
        if (cwd is not null && !cwd.StartsWith('/'))
            throw new HookPayloadException($"field \"cwd\" must be an absolute path, got \"{Truncate(cwd)}\"");

        string? toolName = isPreToolUse ? RequiredString(root, "tool_name") : OptionalString(root, "tool_name");
        var toolInput = default(JsonElement);
        if (root.TryGetProperty("tool_input", out var input))
        {
            if (input.ValueKind != JsonValueKind.Object)
                throw new HookPayloadException($"field \"tool_input\" must be an object, not {Describe(input.ValueKind)}");
            toolInput = input;
        }
        else if (isPreToolUse)
        {
            throw new HookPayloadException("field \"tool_input\" is missing");
        }

        return new HookPayload(
            eventName,
            OptionalString(root, "session_id"),
            cwd,
            toolName,
            toolInput,
            OptionalString(root, "transcript_path"),
            OptionalString(root, "permission_mode"),
            OptionalString(root, "tool_use_id"),
            OptionalString(root, "prompt_id"),
            OptionalString(root, "prompt"));
    }

    /// <summary>A string field of tool_input, or a precise error when it is missing or not a string.</summary>
    public string RequiredInputString(string name)
    {
        if (ToolInput.ValueKind != JsonValueKind.Object || !ToolInput.TryGetProperty(name, out var value))
            throw new HookPayloadException($"field \"tool_input.{name}\" is missing for tool {ToolName}");
        if (value.ValueKind != JsonValueKind.String)
            throw new HookPayloadException($"field \"tool_input.{name}\" must be a string, not {Describe(value.ValueKind)}");
        return ReadString(value, "tool_input." + name);
    }

    /// <summary>A string field of tool_input, or null when absent; a precise error when present with another type.</summary>
    public string? OptionalInputString(string name)
    {
        if (ToolInput.ValueKind != JsonValueKind.Object || !ToolInput.TryGetProperty(name, out var value)
            || value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind != JsonValueKind.String)
            throw new HookPayloadException($"field \"tool_input.{name}\" must be a string, not {Describe(value.ValueKind)}");
        return ReadString(value, "tool_input." + name);
    }

    private static string RequiredString(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value))
            throw new HookPayloadException($"field \"{name}\" is missing");
        if (value.ValueKind != JsonValueKind.String)
            throw new HookPayloadException($"field \"{name}\" must be a string, not {Describe(value.ValueKind)}");
        var text = ReadString(value, name);
        if (text.Length == 0)
            throw new HookPayloadException($"field \"{name}\" is empty");
        return text;
    }

    private static string? OptionalString(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.String)
            throw new HookPayloadException($"field \"{name}\" must be a string, not {Describe(value.ValueKind)}");
        return ReadString(value, name);
    }

    // JSON may escape a lone UTF-16 surrogate ("\ud800") that no .NET string can hold; that is a bad payload,
    // not an internal error.
    private static string ReadString(JsonElement value, string field)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            throw new HookPayloadException($"field \"{field}\" is not valid text (it holds an unpaired UTF-16 surrogate)", e);
        }
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string Truncate(string text) => text.Length <= 80 ? text : text[..80] + "…";
}

/// <summary>The payload is malformed or lacks a field mstro needs. The message names the field.</summary>
public sealed class HookPayloadException : Exception
{
    public HookPayloadException(string message) : base(message) { }
    public HookPayloadException(string message, Exception inner) : base(message, inner) { }
    public HookPayloadException() { }
}
