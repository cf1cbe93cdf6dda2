using Mstro.Bouncer.Redaction;
using System.Text.Json;

namespace Mstro.Hook.Audit;

/// <summary>What of a tool call's input the audit log keeps: its top-level string fields (command, file_path, url,
/// pattern, path, query, MCP arguments...), redacted, without bulky content (file bodies, edit strings, prompts).</summary>
public static class InputSummary
{
    /// <summary>How much of a field is read and redacted. The line writer keeps less (a few KB), so a secret that
    /// straddles the kept prefix is still seen whole by the redactor.</summary>
    public const int MaxScannedChars = 16 * 1024;

    /// <summary>At most this many fields (an MCP tool may have many).</summary>
    public const int MaxFields = 16;

    private static readonly HashSet<string> BulkyFields = new(StringComparer.Ordinal)
    {
        "content", "old_string", "new_string", "new_source", "prompt", "description", "edits", "todos", "plan",
    };

    public static (IReadOnlyList<KeyValuePair<string, string>> Fields, bool Truncated) From(JsonElement toolInput)
    {
        var fields = new List<KeyValuePair<string, string>>();
        var truncated = false;
        if (toolInput.ValueKind != JsonValueKind.Object) return (fields, false);
        foreach (var property in toolInput.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String || BulkyFields.Contains(property.Name)) continue;
            if (fields.Count == MaxFields)
            {
                truncated = true;
                break;
            }
            var value = ReadString(property.Value);
            if (value.Length > MaxScannedChars)
            {
                value = Text.Truncate(value, MaxScannedChars);
                truncated = true;
            }
            fields.Add(new(Text.Truncate(property.Name, 64), SecretRedactor.Redact(value)));
        }
        return (fields, truncated);
    }

    /// <summary>The string, or its escaped JSON text when it holds a lone surrogate escape that cannot be decoded.</summary>
    private static string ReadString(JsonElement value)
    {
        try
        {
            return value.GetString() ?? "";
        }
        catch (InvalidOperationException)
        {
            var raw = value.GetRawText();
            return raw.Length >= 2 ? raw[1..^1] : raw;
        }
    }
}
