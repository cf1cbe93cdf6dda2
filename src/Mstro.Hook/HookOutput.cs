using System.Buffers;
using System.Text.Json;
using Mstro.Bouncer;
using Mstro.Bouncer.Hook;
using Mstro.Hook.Audit;

namespace Mstro.Hook;

/// <summary>Writes Claude Code's PreToolUse hook answer (see shared/claude-code-hooks.md §3).</summary>
public static class HookOutput
{
    /// <summary>Claude Code caps hook output strings at 10,000 characters; stay well below.</summary>
    public const int MaxReasonLength = 2000;

    public static byte[] PreToolUse(Decision decision, string reason)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, Text.Readable))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("hookSpecificOutput");
            writer.WriteString("hookEventName", HookPayload.PreToolUse);
            writer.WriteString("permissionDecision", decision.ToWireString());
            writer.WriteString("permissionDecisionReason",
                reason.Length <= MaxReasonLength ? reason : reason[..MaxReasonLength] + "…");
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }
}
