using Mstro.Bouncer.Redaction;
using System.Buffers;
using System.Text.Json;
using Mstro.Bouncer;

namespace Mstro.Hook.Audit;

/// <summary>The audit log's line format: one JSON object per verdict, at most <see cref="MaxLineBytes"/> bytes.
/// <code>{"time":"2026-08-22T10:11:12.345Z","session":"…","cwd":"/p","project":"/p","tool":"Bash","toolUseId":"toolu_…",
/// "input":{"command":"npm test"},"decision":"allow","severity":"none","layer":1,"rule":"default.allow",
/// "reason":"…","durationUs":412}</code>
/// <c>inputTruncated</c> (true) and <c>errorId</c> appear only when relevant. <c>mstro check --jsonl</c> reads these
/// lines back: <c>tool</c>, <c>cwd</c>, <c>project</c> and <c>input</c> are what a replay needs.</summary>
public static class AuditLine
{
    /// <summary>Lines stay well below the size where appends from concurrent processes could be split.</summary>
    public const int MaxLineBytes = 8 * 1024;

    public static byte[] Format(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        // Shrink the text budgets until the line fits; non-ASCII text escapes to 6 bytes a character, so the byte size
        // is only known after writing.
        for (var divisor = 1; divisor <= 32; divisor *= 2)
        {
            var line = Write(record, new Budget(divisor), includeInput: true);
            if (line.Length <= MaxLineBytes) return line;
        }
        return Write(record, new Budget(32), includeInput: false);
    }

    private readonly record struct Budget(int Divisor)
    {
        public int Command => 4096 / Divisor;
        public int Field => 1024 / Divisor;
        public int Path => 1024 / Divisor;
        public int Reason => 1024 / Divisor;
        public int Id => Math.Max(256 / Divisor, 16);
    }

    private static byte[] Write(AuditRecord record, Budget budget, bool includeInput)
    {
        var truncated = record.InputTruncated || !includeInput;
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, Text.Readable))
        {
            writer.WriteStartObject();
            writer.WriteString("time", FormatTime(record.Time));
            WriteOptional(writer, "session", record.Session, budget.Id);
            WriteOptional(writer, "cwd", record.Cwd, budget.Path);
            WriteOptional(writer, "project", record.Project, budget.Path);
            WriteOptional(writer, "tool", record.Tool, budget.Id);
            WriteOptional(writer, "toolUseId", record.ToolUseId, budget.Id);
            writer.WriteStartObject("input");
            if (includeInput)
            {
                foreach (var (name, value) in record.Input)
                {
                    var limit = name == "command" ? budget.Command : budget.Field;
                    writer.WriteString(BoundedQuietly(name, 64), Bounded(value, limit, ref truncated));
                }
            }
            writer.WriteEndObject();
            if (truncated) writer.WriteBoolean("inputTruncated", true);
            var verdict = record.Verdict;
            writer.WriteString("decision", verdict.Decision.ToWireString());
            writer.WriteString("severity", SeverityName(verdict.Severity));
            writer.WriteNumber("layer", (int)verdict.Layer);
            writer.WriteString("rule", BoundedQuietly(verdict.RuleId, budget.Id));
            writer.WriteString("reason", BoundedQuietly(SecretRedactor.Redact(verdict.Reason), budget.Reason));
            if (record.ErrorId is not null) writer.WriteString("errorId", record.ErrorId);
            writer.WriteNumber("durationUs", record.DurationUs);
            writer.WriteEndObject();
        }
        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The time as <c>yyyy-MM-ddTHH:mm:ss.fffZ</c> (UTC). Written digit by digit: a custom format string
    /// first sets up the framework's date formatting, which costs a one-call hook process more than the rest of its line.</summary>
    public static string FormatTime(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        return string.Create(24, utc, static (span, t) =>
        {
            Digits(span[..4], t.Year);
            span[4] = '-';
            Digits(span.Slice(5, 2), t.Month);
            span[7] = '-';
            Digits(span.Slice(8, 2), t.Day);
            span[10] = 'T';
            Digits(span.Slice(11, 2), t.Hour);
            span[13] = ':';
            Digits(span.Slice(14, 2), t.Minute);
            span[16] = ':';
            Digits(span.Slice(17, 2), t.Second);
            span[19] = '.';
            Digits(span.Slice(20, 3), t.Millisecond);
            span[23] = 'Z';
        });
    }

    private static void Digits(Span<char> into, int value)
    {
        for (var i = into.Length - 1; i >= 0; i--)
        {
            into[i] = (char)('0' + value % 10);
            value /= 10;
        }
    }

    public static string SeverityName(Severity severity) => severity switch
    {
        Severity.None => "none",
        Severity.Ambiguous => "ambiguous",
        Severity.Dangerous => "dangerous",
        Severity.Critical => "critical",
        _ => "catastrophic",
    };

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value, int limit)
    {
        if (value is null) writer.WriteNull(name);
        else writer.WriteString(name, BoundedQuietly(value, limit));
    }

    private static string Bounded(string value, int limit, ref bool truncated)
    {
        value = Text.Scrub(value);
        if (value.Length <= limit) return value;
        truncated = true;
        return Text.Truncate(value, limit) + "…";
    }

    private static string BoundedQuietly(string value, int limit)
    {
        value = Text.Scrub(value);
        return value.Length <= limit ? value : Text.Truncate(value, limit) + "…";
    }

    /// <summary>True when <paramref name="root"/> is an audit line rather than a hook payload.</summary>
    public static bool IsAuditLine(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object
        && !root.TryGetProperty("hook_event_name", out _)
        && root.TryGetProperty("time", out _)
        && root.TryGetProperty("decision", out _);

    /// <summary>Reads the fields a replay needs. Throws <see cref="FormatException"/> naming the field that is wrong.</summary>
    public static AuditEntry Read(JsonElement root)
    {
        var input = root.TryGetProperty("input", out var i) ? i : default;
        if (input.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined or JsonValueKind.Null))
            throw new FormatException("audit field \"input\" must be an object");
        return new AuditEntry(
            Tool: OptionalString(root, "tool"),
            Cwd: OptionalString(root, "cwd"),
            Project: OptionalString(root, "project"),
            Session: OptionalString(root, "session"),
            Input: input.ValueKind == JsonValueKind.Object ? input : default,
            InputTruncated: root.TryGetProperty("inputTruncated", out var t) && t.ValueKind == JsonValueKind.True,
            Decision: OptionalString(root, "decision"),
            Rule: OptionalString(root, "rule"),
            ErrorId: OptionalString(root, "errorId"));
    }

    private static string? OptionalString(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.String) throw new FormatException($"audit field \"{name}\" must be a string");
        return value.GetString();
    }
}

/// <summary>An audit line read back for a replay.</summary>
public sealed record AuditEntry(
    string? Tool,
    string? Cwd,
    string? Project,
    string? Session,
    JsonElement Input,
    bool InputTruncated,
    string? Decision,
    string? Rule,
    string? ErrorId);
