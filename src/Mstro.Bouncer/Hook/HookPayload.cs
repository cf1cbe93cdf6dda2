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
    public static HookPayload Parse(ReadOnlySpan<byte> utf8Json) => TryParseWellFormed(utf8Json) ?? ParseChecked(utf8Json);

    /// <summary>One pass of a reader over a well-formed payload: each field is read once, and only tool_input becomes a
    /// <see cref="JsonElement"/>. Null for anything else (malformed JSON, a missing or mistyped field, bad text), which
    /// <see cref="ParseChecked"/> then parses again to raise its precise error: both accept exactly the same payloads.</summary>
    private static HookPayload? TryParseWellFormed(ReadOnlySpan<byte> utf8Json)
    {
        string? eventName = null, sessionId = null, cwd = null, toolName = null, transcriptPath = null;
        string? permissionMode = null, toolUseId = null, promptId = null, prompt = null;
        var toolInput = default(JsonElement);
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 256 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                // A repeated field keeps its last value, as JsonElement.TryGetProperty finds it.
                if (reader.ValueTextEquals("tool_input"u8))
                {
                    if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
                    toolInput = JsonElement.ParseValue(ref reader);
                }
                else if (reader.ValueTextEquals("hook_event_name"u8)) { if (!ReadNullableString(ref reader, out eventName, EventNames)) return null; }
                else if (reader.ValueTextEquals("tool_name"u8)) { if (!ReadNullableString(ref reader, out toolName, ToolNames)) return null; }
                else if (reader.ValueTextEquals("cwd"u8)) { if (!ReadNullableString(ref reader, out cwd)) return null; }
                else if (reader.ValueTextEquals("session_id"u8)) { if (!ReadNullableString(ref reader, out sessionId)) return null; }
                else if (reader.ValueTextEquals("transcript_path"u8)) { if (!ReadNullableString(ref reader, out transcriptPath)) return null; }
                else if (reader.ValueTextEquals("permission_mode"u8)) { if (!ReadNullableString(ref reader, out permissionMode, PermissionModes)) return null; }
                else if (reader.ValueTextEquals("tool_use_id"u8)) { if (!ReadNullableString(ref reader, out toolUseId)) return null; }
                else if (reader.ValueTextEquals("prompt_id"u8)) { if (!ReadNullableString(ref reader, out promptId)) return null; }
                else if (reader.ValueTextEquals("prompt"u8)) { if (!ReadNullableString(ref reader, out prompt)) return null; }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            if (reader.TokenType != JsonTokenType.EndObject || reader.Read()) return null;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null; // an unpaired surrogate in a string
        }

        var isPreToolUse = eventName == PreToolUse;
        if (string.IsNullOrEmpty(eventName) || cwd is not null && !cwd.StartsWith('/')) return null;
        if (isPreToolUse && (string.IsNullOrEmpty(cwd) || string.IsNullOrEmpty(toolName) || toolInput.ValueKind == JsonValueKind.Undefined))
            return null;
        return new HookPayload(eventName, sessionId, cwd, toolName, toolInput, transcriptPath, permissionMode, toolUseId,
            promptId, prompt);
    }

    // Values most payloads carry, handed out as these strings rather than read into new ones.
    private static readonly KnownValue[] EventNames = [new(PreToolUse)];
    private static readonly KnownValue[] ToolNames =
        [new("Bash"), new("Read"), new("Write"), new("Edit"), new("MultiEdit"), new("Glob"), new("Grep"), new("WebFetch")];
    private static readonly KnownValue[] PermissionModes = [new("default"), new("acceptEdits"), new("bypassPermissions"), new("plan")];

    private sealed class KnownValue(string text)
    {
        public string Text { get; } = text;
        public byte[] Utf8 { get; } = System.Text.Encoding.UTF8.GetBytes(text);
    }

    /// <summary>Reads a property's value that must be a string or null (null for both null and absent); a value equal to
    /// one of <paramref name="known"/> is that string.</summary>
    private static bool ReadNullableString(ref Utf8JsonReader reader, out string? value, KnownValue[]? known = null)
    {
        value = null;
        if (!reader.Read()) return false;
        if (reader.TokenType == JsonTokenType.Null) return true;
        if (reader.TokenType != JsonTokenType.String) return false;
        if (known is not null)
        {
            foreach (var candidate in known)
            {
                if (!reader.ValueTextEquals(candidate.Utf8)) continue;
                value = candidate.Text;
                return true;
            }
        }
        value = reader.GetString();
        return true;
    }

    private static HookPayload ParseChecked(ReadOnlySpan<byte> utf8Json)
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
        return ReadString(value, "tool_input.", name);
    }

    /// <summary>A string field of tool_input, or null when absent; a precise error when present with another type.</summary>
    public string? OptionalInputString(string name)
    {
        if (ToolInput.ValueKind != JsonValueKind.Object || !ToolInput.TryGetProperty(name, out var value)
            || value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind != JsonValueKind.String)
            throw new HookPayloadException($"field \"tool_input.{name}\" must be a string, not {Describe(value.ValueKind)}");
        return ReadString(value, "tool_input.", name);
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
    private static string ReadString(JsonElement value, string field) => ReadString(value, "", field);

    /// <param name="value">The string element.</param>
    /// <param name="fieldPrefix">Joined to <paramref name="field"/> only for the error message (no string built per call).</param>
    /// <param name="field">The field's name.</param>
    private static string ReadString(JsonElement value, string fieldPrefix, string field)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            throw new HookPayloadException(
                $"field \"{fieldPrefix}{field}\" is not valid text (it holds an unpaired UTF-16 surrogate)", e);
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
