using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Mstro.Bouncer.Policy;

/// <summary>One step of a JSON path: an object member name or an array index.</summary>
internal readonly record struct JsonPathSegment(string? Name, int Index)
{
    public static implicit operator JsonPathSegment(string name) => new(name, -1);

    public static implicit operator JsonPathSegment(int index) => new(null, index);

    /// <summary><c>rules[3].decision</c>; odd member names are quoted: <c>rules[3]["my field"]</c>.</summary>
    public static string Format(IEnumerable<JsonPathSegment> path)
    {
        var builder = new StringBuilder();
        foreach (var segment in path)
        {
            if (segment.Name is null)
                builder.Append(CultureInfo.InvariantCulture, $"[{segment.Index}]");
            else if (segment.Name.Length > 0 && segment.Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '$'))
                builder.Append(builder.Length == 0 ? "" : ".").Append(segment.Name);
            else
                builder.Append("[\"").Append(segment.Name.Replace("\\", "\\\\", StringComparison.Ordinal)
                    .Replace("\"", "\\\"", StringComparison.Ordinal)).Append("\"]");
        }
        return builder.ToString();
    }

    public static JsonPathSegment FromName(string name) => new(name, -1);

    public static JsonPathSegment FromIndex(int index) => new(null, index);
}

/// <summary>Finds the 1-based line of a JSON path in a document, for errors found after parsing (a wrong value, an
/// unknown field, a duplicate id). Walks the text once with <see cref="Utf8JsonReader"/>, skipping what is off the path.</summary>
internal static class JsonLineLocator
{
    /// <summary>The line of the value at <paramref name="path"/> (for an object member: the line of its name; with
    /// <paramref name="occurrence"/> &gt; 0, of its n-th repetition). When the path is not found, the line of the deepest
    /// part that was; 1 for an empty path.</summary>
    public static int FindLine(ReadOnlySpan<byte> json, IReadOnlyList<JsonPathSegment> path, int occurrence = 0)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            MaxDepth = 256,
        });
        try
        {
            if (!reader.Read()) return 1;
            var line = LineAt(json, reader.TokenStartIndex);
            for (var depth = 0; depth < path.Count; depth++)
            {
                var segment = path[depth];
                var isLast = depth == path.Count - 1;
                var found = segment.Name is not null
                    ? FindMember(ref reader, segment.Name, isLast ? occurrence : 0, json, ref line)
                    : FindElement(ref reader, segment.Index, json, ref line);
                if (!found) return line;
                if (isLast) return line;
            }
            return line;
        }
        catch (JsonException)
        {
            return LineAt(json, (int)Math.Min(reader.BytesConsumed, json.Length));
        }
    }

    /// <summary>Positions the reader on the member's value; <paramref name="line"/> becomes the line of its name.</summary>
    private static bool FindMember(ref Utf8JsonReader reader, string name, int occurrence, ReadOnlySpan<byte> json, ref int line)
    {
        if (reader.TokenType != JsonTokenType.StartObject) return false;
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isMatch = reader.ValueTextEquals(name);
            var nameLine = LineAt(json, reader.TokenStartIndex);
            reader.Read();
            if (isMatch && seen++ == occurrence)
            {
                line = nameLine;
                return true;
            }
            reader.Skip();
        }
        return false;
    }

    /// <summary>Positions the reader on the element; <paramref name="line"/> becomes the line where it starts.</summary>
    private static bool FindElement(ref Utf8JsonReader reader, int index, ReadOnlySpan<byte> json, ref int line)
    {
        if (reader.TokenType != JsonTokenType.StartArray) return false;
        for (var i = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; i++)
        {
            if (i == index)
            {
                line = LineAt(json, reader.TokenStartIndex);
                return true;
            }
            reader.Skip();
        }
        return false;
    }

    /// <summary>The 1-based line of a byte offset.</summary>
    public static int LineAt(ReadOnlySpan<byte> json, long offset) =>
        json[..(int)Math.Min(offset, json.Length)].Count((byte)'\n') + 1;
}
