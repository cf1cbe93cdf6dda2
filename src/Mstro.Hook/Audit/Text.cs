using System.Text.Json;

namespace Mstro.Hook.Audit;

internal static class Text
{
    /// <summary>JSON for people to read (quotes as \", non-ASCII as UTF-8); control characters are still escaped, so a
    /// line never contains a raw line break.</summary>
    public static readonly JsonWriterOptions Readable = new() { Encoder = MinimalJsonEncoder.Instance };

    /// <summary>The first <paramref name="maxChars"/> characters, never cutting a surrogate pair in half.</summary>
    public static string Truncate(string text, int maxChars)
    {
        if (text.Length <= maxChars) return text;
        var cut = Math.Max(0, maxChars);
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1])) cut--;
        return text[..cut];
    }

    /// <summary>Replaces unpaired surrogates (which JSON escapes in a payload can produce, and which a JSON writer
    /// refuses) with U+FFFD.</summary>
    public static string Scrub(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var firstBad = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsSurrogate(text[i])) continue;
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            firstBad = i;
            break;
        }
        if (firstBad < 0) return text;

        var chars = text.ToCharArray();
        for (var i = firstBad; i < chars.Length; i++)
        {
            if (!char.IsSurrogate(chars[i])) continue;
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
            {
                i++;
                continue;
            }
            chars[i] = '\uFFFD';
        }
        return new string(chars);
    }
}
