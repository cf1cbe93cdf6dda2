using System.Text;
using System.Text.Json;

namespace Mstro.Server.Remember;

/// <summary>Adds one rule to the text of a rules file by inserting it after the last rule of the top-level
/// <c>rules</c> array: every other byte of the file (comments, formatting, key order, other rules) stays as it was.</summary>
internal static class RulesFileText
{
    private static ReadOnlySpan<byte> ByteOrderMark => [0xEF, 0xBB, 0xBF];

    /// <summary>A new rules file holding <paramref name="ruleJson"/>.</summary>
    public static string NewFile(string ruleJson) =>
        "{\n" +
        "  \"version\": 1,\n" +
        "  \"description\": \"your own mstro rules (see mstro's Policy/README.md); answers you asked mstro to remember are added at the end\",\n" +
        "  \"rules\": [\n" +
        $"    {ruleJson}\n" +
        "  ]\n" +
        "}\n";

    /// <summary>The file's text with <paramref name="ruleJson"/> added as the last rule, or null when the file has no
    /// top-level <c>rules</c> array to add it to (or is not JSON).</summary>
    public static string? Insert(byte[] original, string ruleJson)
    {
        ArgumentNullException.ThrowIfNull(original);
        var offset = original.AsSpan().StartsWith(ByteOrderMark) ? ByteOrderMark.Length : 0;
        var json = original.AsSpan(offset);
        if (Locate(json) is not { } place) return null;

        var text = Encoding.UTF8.GetString(json);
        var newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        string insertion;
        int at;
        if (place.LastElementEnd >= 0)
        {
            at = CharIndex(json, place.LastElementEnd);
            insertion = "," + newline + new string(' ', Column(text, CharIndex(json, place.LastElementStart))) + ruleJson;
        }
        else
        {
            var open = CharIndex(json, place.ArrayStart);
            var indent = LeadingWhitespace(text, open);
            at = open + 1;
            insertion = newline + indent + "  " + ruleJson + newline + indent;
        }
        var result = string.Concat(text.AsSpan(0, at), insertion, text.AsSpan(at));
        return offset > 0 ? "\uFEFF" + result : result;
    }

    /// <summary>The rule ids in the file's <c>rules</c> array (for "is this rule already there?").</summary>
    public static IReadOnlySet<string> RuleIds(byte[] original)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            var offset = original.AsSpan().StartsWith(ByteOrderMark) ? ByteOrderMark.Length : 0;
            using var document = JsonDocument.Parse(original.AsMemory(offset), new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
                MaxDepth = 64,
            });
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("rules", out var rules) && rules.ValueKind == JsonValueKind.Array)
            {
                foreach (var rule in rules.EnumerateArray())
                {
                    if (rule.ValueKind == JsonValueKind.Object && rule.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
                        ids.Add(id.GetString()!);
                }
            }
        }
        catch (JsonException)
        {
            // A file that is not JSON is refused before anything is added to it.
        }
        return ids;
    }

    private readonly record struct Place(long ArrayStart, long LastElementStart, long LastElementEnd);

    private static Place? Locate(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            MaxDepth = 64,
        });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 0) return null;
                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1) continue;
                var isRules = reader.ValueTextEquals("rules"u8);
                if (!reader.Read()) return null;
                if (!isRules)
                {
                    reader.Skip();
                    continue;
                }
                if (reader.TokenType != JsonTokenType.StartArray) return null;
                var arrayStart = reader.TokenStartIndex;
                long lastStart = -1, lastEnd = -1;
                while (reader.Read())
                {
                    if (reader.TokenType == JsonTokenType.EndArray && reader.CurrentDepth == 1)
                        return new Place(arrayStart, lastStart, lastEnd);
                    lastStart = reader.TokenStartIndex;
                    reader.Skip();
                    lastEnd = reader.BytesConsumed;
                }
                return null;
            }
        }
        catch (JsonException)
        {
            return null;
        }
        return null;
    }

    private static int CharIndex(ReadOnlySpan<byte> json, long byteIndex) => Encoding.UTF8.GetCharCount(json[..(int)byteIndex]);

    private static int Column(string text, int index)
    {
        var lineStart = text.LastIndexOf('\n', Math.Max(0, index - 1)) + 1;
        if (index == 0) lineStart = 0;
        return index - lineStart;
    }

    private static string LeadingWhitespace(string text, int index)
    {
        var lineStart = index == 0 ? 0 : text.LastIndexOf('\n', index - 1) + 1;
        var end = lineStart;
        while (end < text.Length && text[end] is ' ' or '\t') end++;
        return text[lineStart..end];
    }
}
