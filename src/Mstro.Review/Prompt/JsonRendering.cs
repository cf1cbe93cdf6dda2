using System.Text;
using System.Text.Json;

namespace Mstro.Review.Prompt;

/// <summary>Writes a tool input value as compact JSON, every string passed through a transform (redaction) first.</summary>
internal static class JsonRendering
{
    private const int MaxDepth = 32;

    /// <summary>Compact JSON whose strings are fence-safe (see <see cref="FenceEncoding"/>): ready to go inside a fence.</summary>
    public static string FenceSafe(JsonElement value, Func<string, string> transform)
    {
        var output = new StringBuilder();
        Write(output, value, transform, fenceSafe: true, depth: 0);
        return output.ToString();
    }

    /// <summary>Compact JSON with JSON's minimal escapes only: the plain text to measure and cut.</summary>
    public static string Plain(JsonElement value, Func<string, string> transform)
    {
        var output = new StringBuilder();
        Write(output, value, transform, fenceSafe: false, depth: 0);
        return output.ToString();
    }

    private static void Write(StringBuilder output, JsonElement value, Func<string, string> transform, bool fenceSafe, int depth)
    {
        if (depth > MaxDepth)
        {
            WriteString(output, "…[nested too deep]…", fenceSafe);
            return;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                output.Append('{');
                var firstProperty = true;
                foreach (var property in value.EnumerateObject())
                {
                    if (!firstProperty)
                    {
                        output.Append(',');
                    }

                    firstProperty = false;
                    WriteString(output, transform(property.Name), fenceSafe);
                    output.Append(':');
                    Write(output, property.Value, transform, fenceSafe, depth + 1);
                }

                output.Append('}');
                break;
            case JsonValueKind.Array:
                output.Append('[');
                var firstItem = true;
                foreach (var item in value.EnumerateArray())
                {
                    if (!firstItem)
                    {
                        output.Append(',');
                    }

                    firstItem = false;
                    Write(output, item, transform, fenceSafe, depth + 1);
                }

                output.Append(']');
                break;
            case JsonValueKind.String:
                WriteString(output, transform(value.GetString() ?? string.Empty), fenceSafe);
                break;
            case JsonValueKind.Number:
                // A number's raw text is digits, sign, '.', 'e': nothing to escape.
                output.Append(value.GetRawText());
                break;
            case JsonValueKind.True:
                output.Append("true");
                break;
            case JsonValueKind.False:
                output.Append("false");
                break;
            default:
                output.Append("null");
                break;
        }
    }

    private static void WriteString(StringBuilder output, string value, bool fenceSafe)
    {
        if (fenceSafe)
        {
            FenceEncoding.AppendJsonString(output, value);
            return;
        }

        output.Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => output.Append("\\\""),
                '\\' => output.Append("\\\\"),
                '\n' => output.Append("\\n"),
                '\r' => output.Append("\\r"),
                '\t' => output.Append("\\t"),
                _ => output.Append(c),
            };
        }

        output.Append('"');
    }
}
