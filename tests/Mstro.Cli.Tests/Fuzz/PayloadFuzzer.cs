using System.Text;
using System.Text.Json.Nodes;

namespace Mstro.Cli.Tests.Fuzz;

/// <summary>Random and mutated hook payloads from a fixed seed: truncations, byte flips, invalid UTF-8, type swaps,
/// dropped and duplicated fields, huge strings, deep nesting, odd Unicode, other events, and plain noise.</summary>
public sealed class PayloadFuzzer(int seed)
{
    private readonly Random _random = new(seed);

    private static readonly string[] Seeds =
    [
        """{"session_id":"abc123","prompt_id":"p1","transcript_path":"/home/u/.claude/projects/p/t.jsonl","cwd":"/home/u/project","permission_mode":"default","hook_event_name":"PreToolUse","effort":{"level":"medium"},"tool_name":"Bash","tool_input":{"command":"npm test","description":"Run test suite","timeout":120000,"run_in_background":false},"tool_use_id":"toolu_01ABC"}""",
        """{"hook_event_name":"PreToolUse","tool_name":"Write","tool_input":{"file_path":"/home/u/project/src/a.ts","content":"export {}\n"},"tool_use_id":"toolu_02","session_id":"abc123","transcript_path":"/t","cwd":"/home/u/project","permission_mode":"default"}""",
        """{"hook_event_name":"PreToolUse","tool_name":"Edit","tool_input":{"file_path":"/home/u/project/src/a.ts","old_string":"foo","new_string":"bar","replace_all":false},"session_id":"s","cwd":"/home/u/project"}""",
        """{"hook_event_name":"PreToolUse","tool_name":"Read","tool_input":{"file_path":"/home/u/.ssh/id_rsa","offset":10,"limit":50},"session_id":"s","cwd":"/home/u/project"}""",
        """{"hook_event_name":"PreToolUse","tool_name":"WebFetch","tool_input":{"url":"https://example.com/api","prompt":"Extract the API endpoints"},"session_id":"s","cwd":"/home/u/project"}""",
        """{"hook_event_name":"PreToolUse","tool_name":"mcp__github__create_issue","tool_input":{"owner":"o","repo":"r","title":"t"},"session_id":"s","cwd":"/home/u/project"}""",
        """{"session_id":"s","transcript_path":"/t","cwd":"/home/u/project","hook_event_name":"SessionStart","source":"startup"}""",
        """{"session_id":"s","cwd":"/home/u/project","hook_event_name":"Stop","stop_hook_active":false,"last_assistant_message":"done"}""",
        """{"session_id":"s","cwd":"/home/u/project","hook_event_name":"PostToolUse","tool_name":"Bash","tool_input":{"command":"ls"},"tool_response":{"stdout":"a"},"duration_ms":3}""",
    ];

    private static readonly string[] OddStrings =
    [
        "", " ", "\u0000", "\\ud800", "\\udc00x", "😀🎉", "\u202Erm -rf ~\u202C", "e\u0301", "\uFEFF", "日本語", "\t\r\n",
        "$(rm -rf ~)", "`id`", "\\\"", "../../..", "~", "/", "C:\\Windows", "%00", "\u2028\u2029",
    ];

    private static readonly string[] EventNames =
        ["PreToolUse", "PostToolUse", "Stop", "SessionStart", "SessionEnd", "Notification", "pretooluse", "", "PreToolUse ", "UserPromptSubmit"];

    /// <summary>The next input: mostly mutations of a valid payload, some pure noise.</summary>
    public byte[] Next()
    {
        var roll = _random.Next(100);
        if (roll < 8) return RandomBytes(_random.Next(0, 256));
        if (roll < 15) return Encoding.UTF8.GetBytes(RandomJson(0)?.ToJsonString() ?? "null");
        var payload = Seeds[_random.Next(Seeds.Length)];
        return _random.Next(13) switch
        {
            0 => Truncate(payload),
            1 => FlipBytes(payload),
            2 => InsertInvalidUtf8(payload),
            3 => Mutate(payload, SwapType),
            4 => Mutate(payload, DropField),
            5 => DuplicateKey(payload),
            6 => Mutate(payload, HugeString),
            7 => DeepNesting(payload),
            8 => Mutate(payload, OddUnicode),
            9 => Mutate(payload, ChangeEvent),
            10 => Mutate(payload, node => { SwapType(node); OddUnicode(node); }),
            11 => Encoding.UTF8.GetBytes(payload.Replace("\"", "", StringComparison.Ordinal)),
            12 when _random.Next(2) == 0 => LoneSurrogate(payload),
            _ => Encoding.UTF8.GetBytes(payload),
        };
    }

    private byte[] Truncate(string payload)
    {
        var bytes = Encoding.UTF8.GetBytes(payload);
        return bytes[.._random.Next(bytes.Length)];
    }

    private byte[] FlipBytes(string payload)
    {
        var bytes = Encoding.UTF8.GetBytes(payload);
        for (var i = _random.Next(1, 9); i > 0; i--) bytes[_random.Next(bytes.Length)] = (byte)_random.Next(256);
        return bytes;
    }

    private byte[] InsertInvalidUtf8(string payload)
    {
        var bytes = Encoding.UTF8.GetBytes(payload).ToList();
        byte[][] bad = [[0xC3, 0x28], [0xFF], [0xED, 0xA0, 0x80], [0xF0, 0x28, 0x8C, 0x28], [0xC0, 0xAF], [0x80]];
        bytes.InsertRange(_random.Next(bytes.Count), bad[_random.Next(bad.Length)]);
        return [.. bytes];
    }

    private byte[] DuplicateKey(string payload)
    {
        string[] keys = ["\"tool_input\":{\"command\":\"rm -rf ~\"},", "\"hook_event_name\":\"Stop\",", "\"cwd\":\"relative\",", "\"tool_name\":\"Bash\","];
        return Encoding.UTF8.GetBytes("{" + keys[_random.Next(keys.Length)] + payload[1..]);
    }

    private static byte[] Mutate(string payload, Action<JsonObject> mutation)
    {
        var node = JsonNode.Parse(payload)!.AsObject();
        mutation(node);
        return Encoding.UTF8.GetBytes(node.ToJsonString());
    }

    private JsonObject Target(JsonObject root) =>
        _random.Next(2) == 0 && root["tool_input"] is JsonObject input ? input : root;

    private void SwapType(JsonObject root)
    {
        var target = Target(root);
        if (target.Count == 0) return;
        var key = target.ElementAt(_random.Next(target.Count)).Key;
        target[key] = _random.Next(7) switch
        {
            0 => JsonValue.Create(_random.Next()),
            1 => new JsonArray(JsonValue.Create("x")),
            2 => null,
            3 => new JsonObject { ["nested"] = "y" },
            4 => JsonValue.Create(_random.Next(2) == 0),
            5 => JsonValue.Create(1.5e300),
            _ => JsonValue.Create(""),
        };
    }

    private void DropField(JsonObject root)
    {
        var target = Target(root);
        if (target.Count > 0) target.Remove(target.ElementAt(_random.Next(target.Count)).Key);
    }

    private void HugeString(JsonObject root)
    {
        // Mostly moderate sizes; now and then past the 4 MB limit.
        var length = _random.Next(20) == 0 ? _random.Next(3_000_000, 4_500_000) : _random.Next(10_000, 200_000);
        var text = new string((char)_random.Next('a', 'z' + 1), length);
        var target = Target(root);
        string[] keys = ["command", "file_path", "url", "session_id", "cwd", "tool_name"];
        target[keys[_random.Next(keys.Length)]] = text;
    }

    /// <summary>Splices nested arrays/objects (below and above the parser's depth limit) into the top level or tool_input.</summary>
    private byte[] DeepNesting(string payload)
    {
        var depth = _random.Next(2) == 0 ? _random.Next(100, 250) : _random.Next(250, 5000);
        var nest = _random.Next(2) == 0
            ? new string('[', depth) + new string(']', depth)
            : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
        var key = _random.Next(2) == 0 ? "command" : "deep";
        var spliced = payload.Contains("\"tool_input\":{", StringComparison.Ordinal) && _random.Next(2) == 0
            ? payload.Replace("\"tool_input\":{", $"\"tool_input\":{{\"{key}\":{nest},", StringComparison.Ordinal)
            : $"{{\"{key}\":{nest}," + payload[1..];
        return Encoding.UTF8.GetBytes(spliced);
    }

    /// <summary>A lone surrogate escape (valid JSON syntax, not valid Unicode) in one of the string values.</summary>
    private byte[] LoneSurrogate(string payload)
    {
        string[] values = ["npm test", "abc123", "/home/u/project\"", "\"s\"", "Bash", "toolu_01ABC", "https://example.com/api"];
        var value = values[_random.Next(values.Length)];
        var escape = _random.Next(2) == 0 ? "\\ud800" : "\\udfff";
        var at = payload.IndexOf(value, StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes(at < 0 ? payload : payload.Insert(at + 1, escape));
    }

    private void OddUnicode(JsonObject root)
    {
        var target = Target(root);
        if (target.Count == 0) return;
        var key = target.ElementAt(_random.Next(target.Count)).Key;
        var odd = OddStrings[_random.Next(OddStrings.Length)];
        target[key] = (target[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "") + odd;
    }

    private void ChangeEvent(JsonObject root) => root["hook_event_name"] = EventNames[_random.Next(EventNames.Length)];

    private JsonNode? RandomJson(int depth)
    {
        return _random.Next(depth > 4 ? 4 : 7) switch
        {
            0 => null,
            1 => JsonValue.Create(_random.Next(-1000, 1000)),
            2 => JsonValue.Create(OddStrings[_random.Next(OddStrings.Length)] + _random.Next()),
            3 => JsonValue.Create(_random.Next(2) == 0),
            4 => new JsonArray([.. Enumerable.Range(0, _random.Next(4)).Select(_ => RandomJson(depth + 1))]),
            _ => RandomObject(depth),
        };
    }

    private JsonObject RandomObject(int depth)
    {
        string[] keys = ["hook_event_name", "tool_name", "tool_input", "cwd", "session_id", "command", "x"];
        var result = new JsonObject();
        for (var i = _random.Next(6); i > 0; i--) result[keys[_random.Next(keys.Length)]] = RandomJson(depth + 1);
        if (_random.Next(3) == 0) result["hook_event_name"] = "PreToolUse";
        return result;
    }

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }
}
