using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Mstro.Review.Caching;

/// <summary>
/// The cache key of a call: a SHA-256 over the tool name, the canonical JSON of its input (object keys sorted), the cwd
/// and Layer 1's rule ids (sorted, distinct). Hashed, so the cache holds no copy of the input or of a secret in it.
/// </summary>
internal static class CallFingerprint
{
    private const int MaxDepth = 64;

    public static string Compute(ReviewRequest request)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        AppendPart(hash, request.ToolName);
        using (var buffer = new MemoryStream())
        {
            using (var writer = new Utf8JsonWriter(buffer))
            {
                WriteCanonical(writer, request.ToolInput, depth: 0);
            }

            hash.AppendData(buffer.GetBuffer(), 0, (int)buffer.Length);
            hash.AppendData([0]);
        }

        AppendPart(hash, request.Cwd);
        foreach (var ruleId in request.Layer1.Findings.Select(finding => finding.RuleId).Append(request.Layer1.RuleId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            AppendPart(hash, ruleId);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void AppendPart(IncrementalHash hash, string part)
    {
        hash.AppendData(Encoding.UTF8.GetBytes(part));
        hash.AppendData([0]);
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonElement value, int depth)
    {
        if (depth > MaxDepth)
        {
            // Deeper than any tool input: hash its raw text instead of walking it.
            writer.WriteStringValue(value.GetRawText());
            return;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in value.EnumerateObject().OrderBy(property => property.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    WriteCanonical(writer, property.Value, depth + 1);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    WriteCanonical(writer, item, depth + 1);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.Undefined:
                writer.WriteNullValue();
                break;
            default:
                value.WriteTo(writer);
                break;
        }
    }
}
