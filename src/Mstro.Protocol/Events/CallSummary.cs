using System.Text.Json;
using Mstro.Bouncer.Hook;

namespace Mstro.Protocol.Events;

/// <summary>One line that says what a tool call does: the command, the path or the URL.</summary>
public static class CallSummary
{
    public const int MaxLength = 500;

    private static readonly string[] PreferredFields = ["command", "file_path", "notebook_path", "path", "url", "pattern", "query", "prompt"];

    public static string Of(HookPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var input = payload.ToolInput;
        if (input.ValueKind == JsonValueKind.Object)
        {
            foreach (var field in PreferredFields)
            {
                if (input.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String)
                    return Shorten(value.GetString()!);
            }
        }
        return payload.ToolName ?? "";
    }

    public static string Shorten(string text, int maxLength = MaxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length <= maxLength ? text : string.Concat(text.AsSpan(0, maxLength), "…");
    }
}
