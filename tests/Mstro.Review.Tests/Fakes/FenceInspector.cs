using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Mstro.Review.Tests.Fakes;

/// <summary>One untrusted-data fence of a request.</summary>
public sealed record Fence(string Kind, string? Field, string Opening, string Content, bool Truncated);

/// <summary>The fences of a request, what lies outside them, and every way the fencing went wrong.</summary>
public sealed class FenceReport : List<Fence>
{
    public required string Nonce { get; init; }

    /// <summary>The user message with every fence replaced by ⟦kind⟧: the trusted skeleton.</summary>
    public required string Outside { get; init; }

    public List<string> Violations { get; } = [];
}

/// <summary>
/// Reads a recorded request the way an attacker would hope the model reads it, and reports any way data could escape
/// its fence: a fence with another nonce, a closing marker without an opening, '&lt;' or '&gt;' or the fence's name
/// inside data, data that is not one JSON value.
/// </summary>
public static partial class FenceInspector
{
    public static FenceReport Inspect(RecordedRequest request)
    {
        var nonceMatch = NonceDeclaration().Match(request.System);
        var nonce = nonceMatch.Success ? nonceMatch.Groups[1].Value : string.Empty;
        var text = request.UserText;
        var opening = $"<untrusted-data nonce=\"{nonce}\"";
        var closing = $"</untrusted-data nonce=\"{nonce}\">";
        var outside = new StringBuilder();
        var fences = new List<Fence>();
        var violations = new List<string>();
        if (!nonceMatch.Success)
        {
            violations.Add("the system prompt declares no nonce");
        }

        var i = 0;
        while (true)
        {
            var open = text.IndexOf("<untrusted-data", i, StringComparison.OrdinalIgnoreCase);
            var stray = text.IndexOf("</untrusted-data", i, StringComparison.OrdinalIgnoreCase);
            if (stray >= 0 && (open < 0 || stray < open))
            {
                violations.Add($"a closing marker outside any fence at {stray}");
            }

            if (open < 0)
            {
                outside.Append(text, i, text.Length - i);
                break;
            }

            outside.Append(text, i, open - i);
            if (string.CompareOrdinal(text, open, opening, 0, opening.Length) != 0)
            {
                violations.Add($"a fence with another nonce at {open}");
            }

            var tagEnd = text.IndexOf('>', open);
            var close = tagEnd < 0 ? -1 : text.IndexOf(closing, tagEnd, StringComparison.Ordinal);
            if (close < 0)
            {
                violations.Add($"an unclosed fence at {open}");
                break;
            }

            var tag = text[open..(tagEnd + 1)];
            var content = text[(tagEnd + 1)..close];
            var kind = Attribute(tag, "kind") ?? "?";
            outside.Append('⟦').Append(kind).Append('⟧');
            if (content.IndexOfAny(['<', '>']) >= 0)
            {
                violations.Add($"'<' or '>' inside a {kind} fence");
            }

            if (content.Contains("untrusted-data", StringComparison.OrdinalIgnoreCase) || content.Contains(nonce, StringComparison.Ordinal))
            {
                violations.Add($"a fence marker or the nonce inside a {kind} fence");
            }

            try
            {
                using var _ = JsonDocument.Parse(content);
            }
            catch (JsonException)
            {
                violations.Add($"a {kind} fence whose content is not one JSON value");
            }

            fences.Add(new Fence(kind, Attribute(tag, "field"), tag, content, Attribute(tag, "truncated") == "true"));
            i = close + closing.Length;
        }

        var markers = Regex.Count(text, "untrusted-data", RegexOptions.IgnoreCase);
        if (markers != 2 * fences.Count)
        {
            violations.Add($"{markers} fence markers for {fences.Count} fences");
        }

        var report = new FenceReport { Nonce = nonce, Outside = outside.ToString() };
        report.AddRange(fences);
        report.Violations.AddRange(violations);
        return report;
    }

    /// <summary>Every string value in a fence's JSON content (recursively; property names included).</summary>
    public static IEnumerable<string> Strings(Fence fence)
    {
        using var document = JsonDocument.Parse(fence.Content);
        return Collect(document.RootElement).ToList();
    }

    private static IEnumerable<string> Collect(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                yield return element.GetString()!;
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    yield return property.Name;
                    foreach (var value in Collect(property.Value))
                    {
                        yield return value;
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    foreach (var value in Collect(item))
                    {
                        yield return value;
                    }
                }

                break;
        }
    }

    private static string? Attribute(string tag, string name)
    {
        var match = Regex.Match(tag, $" {name}=\"([^\"]*)\"");
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex("The nonce of this request is ([0-9a-f]{32})[;.]")]
    private static partial Regex NonceDeclaration();
}
