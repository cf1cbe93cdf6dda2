using System.Text.Json;
using Mstro.Bouncer.Hook;

namespace Mstro.Bouncer.Tests.Hook;

/// <summary>What <see cref="HookPayload"/> answered before it read tool_input with its own reader: the whole payload as a
/// <see cref="JsonElement"/>, every field read back from it (the earlier implementation, kept as the oracle). Each answer
/// is a string, so that two answers compare with Assert.Equal and a difference prints readably.</summary>
internal static class ReferencePayloadParser
{
    /// <summary>tool_input fields asked for by the comparison: those the analysis reads, and some it does not.</summary>
    public static readonly string[] InputNames =
    [
        "command", "file_path", "content", "old_string", "new_string", "url", "path", "notebook_path",
        "description", "pattern", "edits", "timeout", "new_source",
    ];

    /// <summary>The reference's reading of a payload: its error, or its fields and every tool_input answer.</summary>
    public static string Describe(ReadOnlySpan<byte> utf8Json)
    {
        JsonElement root;
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 256 });
            root = JsonElement.ParseValue(ref reader);
            if (reader.Read()) throw new JsonException("more than one JSON value", null, 0, reader.BytesConsumed);
        }
        catch (JsonException e)
        {
            return $"error: the hook payload is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})";
        }
        try
        {
            return DescribeObject(root);
        }
        catch (HookPayloadException e)
        {
            return "error: " + e.Message;
        }
    }

    /// <summary>The same description of what <see cref="HookPayload.Parse"/> returns.</summary>
    public static string DescribeActual(ReadOnlySpan<byte> utf8Json)
    {
        HookPayload payload;
        try
        {
            payload = HookPayload.Parse(utf8Json);
        }
        catch (HookPayloadException e)
        {
            return "error: " + e.Message;
        }
        return DescribePayload(payload);
    }

    /// <summary>The description of <see cref="HookPayload.TryParsePlain"/>'s payload; null when that reader declines.</summary>
    public static string? DescribePlain(ReadOnlySpan<byte> utf8Json) =>
        HookPayload.TryParsePlain(utf8Json) is { } payload ? DescribePayload(payload) : null;

    private static string DescribePayload(HookPayload payload)
    {
        var lines = new List<string>
        {
            Field("hook_event_name", payload.HookEventName), Field("session_id", payload.SessionId), Field("cwd", payload.Cwd),
            Field("tool_name", payload.ToolName), Field("transcript_path", payload.TranscriptPath),
            Field("permission_mode", payload.PermissionMode), Field("tool_use_id", payload.ToolUseId),
            Field("prompt_id", payload.PromptId), Field("prompt", payload.Prompt),
        };
        // Asked before ToolInput is built, as the analysis does.
        foreach (var name in InputNames)
        {
            lines.Add($"required {name}: " + Answer(() => payload.RequiredInputString(name)));
            lines.Add($"optional {name}: " + Answer(() => payload.OptionalInputString(name)));
        }
        lines.Add("tool_input: " + Raw(payload.ToolInput));
        return string.Join('\n', lines);
    }

    private static string DescribeObject(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw new HookPayloadException($"the hook payload must be a JSON object, not {Kind(root.ValueKind)}");
        var eventName = RequiredString(root, "hook_event_name");
        var isPreToolUse = eventName == HookPayload.PreToolUse;
        var cwd = isPreToolUse ? RequiredString(root, "cwd") : OptionalString(root, "cwd");
        if (cwd is not null && !cwd.StartsWith('/'))
            throw new HookPayloadException($"field \"cwd\" must be an absolute path, got \"{(cwd.Length <= 80 ? cwd : cwd[..80] + "…")}\"");
        var toolName = isPreToolUse ? RequiredString(root, "tool_name") : OptionalString(root, "tool_name");
        var toolInput = default(JsonElement);
        if (root.TryGetProperty("tool_input", out var input))
        {
            if (input.ValueKind != JsonValueKind.Object)
                throw new HookPayloadException($"field \"tool_input\" must be an object, not {Kind(input.ValueKind)}");
            toolInput = input;
        }
        else if (isPreToolUse)
        {
            throw new HookPayloadException("field \"tool_input\" is missing");
        }
        var lines = new List<string>
        {
            Field("hook_event_name", eventName), Field("session_id", OptionalString(root, "session_id")), Field("cwd", cwd),
            Field("tool_name", toolName), Field("transcript_path", OptionalString(root, "transcript_path")),
            Field("permission_mode", OptionalString(root, "permission_mode")), Field("tool_use_id", OptionalString(root, "tool_use_id")),
            Field("prompt_id", OptionalString(root, "prompt_id")), Field("prompt", OptionalString(root, "prompt")),
        };
        foreach (var name in InputNames)
        {
            lines.Add($"required {name}: " + Answer(() => RequiredInputString(toolInput, toolName, name)));
            lines.Add($"optional {name}: " + Answer(() => OptionalInputString(toolInput, name)));
        }
        lines.Add("tool_input: " + Raw(toolInput));
        return string.Join('\n', lines);
    }

    private static string Field(string name, string? value) => $"{name}: {(value is null ? "(null)" : "\"" + value + "\"")}";

    private static string Answer(Func<string?> read)
    {
        try
        {
            return read() is { } value ? "\"" + value + "\"" : "(null)";
        }
        catch (HookPayloadException e)
        {
            return "error: " + e.Message;
        }
    }

    // Byte for byte (Latin-1), since a payload may hold bytes that are not UTF-8.
    private static string Raw(JsonElement element) => element.ValueKind == JsonValueKind.Undefined
        ? "(none)"
        : System.Text.Encoding.Latin1.GetString(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(element));

    private static string RequiredInputString(JsonElement toolInput, string? toolName, string name)
    {
        if (toolInput.ValueKind != JsonValueKind.Object || !toolInput.TryGetProperty(name, out var value))
            throw new HookPayloadException($"field \"tool_input.{name}\" is missing for tool {toolName}");
        if (value.ValueKind != JsonValueKind.String)
            throw new HookPayloadException($"field \"tool_input.{name}\" must be a string, not {Kind(value.ValueKind)}");
        return ReadString(value, "tool_input." + name);
    }

    private static string? OptionalInputString(JsonElement toolInput, string name)
    {
        if (toolInput.ValueKind != JsonValueKind.Object || !toolInput.TryGetProperty(name, out var value)
            || value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind != JsonValueKind.String)
            throw new HookPayloadException($"field \"tool_input.{name}\" must be a string, not {Kind(value.ValueKind)}");
        return ReadString(value, "tool_input." + name);
    }

    private static string RequiredString(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value))
            throw new HookPayloadException($"field \"{name}\" is missing");
        if (value.ValueKind != JsonValueKind.String)
            throw new HookPayloadException($"field \"{name}\" must be a string, not {Kind(value.ValueKind)}");
        var text = ReadString(value, name);
        if (text.Length == 0) throw new HookPayloadException($"field \"{name}\" is empty");
        return text;
    }

    private static string? OptionalString(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.String)
            throw new HookPayloadException($"field \"{name}\" must be a string, not {Kind(value.ValueKind)}");
        return ReadString(value, name);
    }

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

    private static string Kind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
