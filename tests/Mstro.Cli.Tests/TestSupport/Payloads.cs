using System.Text;
using System.Text.Json;

namespace Mstro.Cli.Tests.TestSupport;

/// <summary>Hook payloads shaped like Claude Code's (shared/claude-code-hooks.md §2).</summary>
public static class Payloads
{
    public static byte[] Bash(string command, string cwd, string session = "session-1", string toolUseId = "toolu_01") =>
        PreToolUse("Bash", cwd, new Dictionary<string, object?> { ["command"] = command, ["description"] = "run it" }, session, toolUseId);

    public static byte[] PreToolUse(string tool, string cwd, Dictionary<string, object?> toolInput, string session = "session-1",
        string toolUseId = "toolu_01")
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("session_id", session);
            writer.WriteString("prompt_id", "550e8400-e29b-41d4-a716-446655440000");
            writer.WriteString("transcript_path", "/home/user/.claude/projects/p/t.jsonl");
            writer.WriteString("cwd", cwd);
            writer.WriteString("permission_mode", "default");
            writer.WriteString("hook_event_name", "PreToolUse");
            writer.WriteStartObject("effort");
            writer.WriteString("level", "medium");
            writer.WriteEndObject();
            writer.WriteString("tool_name", tool);
            writer.WritePropertyName("tool_input");
            WriteValue(writer, toolInput);
            writer.WriteString("tool_use_id", toolUseId);
            writer.WriteEndObject();
        }
        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    public static byte[] Event(string eventName, string cwd, string session = "session-1") =>
        Encoding.UTF8.GetBytes($$"""{"session_id":"{{session}}","transcript_path":"/t.jsonl","cwd":"{{cwd}}","hook_event_name":"{{eventName}}","source":"startup","stop_hook_active":false}""");

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case int i: writer.WriteNumberValue(i); break;
            case Dictionary<string, object?> map:
                writer.WriteStartObject();
                foreach (var (k, v) in map)
                {
                    writer.WritePropertyName(k);
                    WriteValue(writer, v);
                }
                writer.WriteEndObject();
                break;
            case object?[] list:
                writer.WriteStartArray();
                foreach (var v in list) WriteValue(writer, v);
                writer.WriteEndArray();
                break;
            default: throw new ArgumentException($"unsupported {value.GetType()}");
        }
    }
}
