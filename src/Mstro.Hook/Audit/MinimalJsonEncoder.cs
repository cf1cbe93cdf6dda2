using System.Text.Encodings.Web;

namespace Mstro.Hook.Audit;

/// <summary>Escapes what JSON requires and nothing a reader needs escaped: <c>"</c>, <c>\</c> and control characters
/// (C0, DEL, C1, U+2028/U+2029), so a line never holds a raw line break or terminal control; other text, non-ASCII
/// included, is written as UTF-8. The framework's encoders say the same with more escaping, but the first use of either
/// builds tables over every Unicode range: about 0.14 ms of each hook process, which writes one short answer.</summary>
internal sealed class MinimalJsonEncoder : JavaScriptEncoder
{
    public static readonly MinimalJsonEncoder Instance = new();

    private MinimalJsonEncoder()
    {
    }

    /// <summary><c>\uXXXX</c>.</summary>
    public override int MaxOutputCharactersPerInputCharacter => 6;

    public override bool WillEncode(int unicodeScalar) =>
        unicodeScalar < 0x20 || unicodeScalar is '"' or '\\' or (>= 0x7F and <= 0x9F) or 0x2028 or 0x2029;

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        var span = new ReadOnlySpan<char>(text, textLength);
        for (var i = 0; i < span.Length; i++)
        {
            var c = span[i];
            if (char.IsHighSurrogate(c) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]))
            {
                i++;
                continue;
            }
            // A lone surrogate is not text: the base encoder writes U+FFFD for it.
            if (char.IsSurrogate(c) || WillEncode(c)) return i;
        }
        return -1;
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        var output = new Span<char>(buffer, bufferLength);
        ReadOnlySpan<char> shortForm = unicodeScalar switch
        {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            '\b' => "\\b",
            '\f' => "\\f",
            _ => default,
        };
        if (!shortForm.IsEmpty)
            return Copy(shortForm, output, out numberOfCharactersWritten);
        if (!WillEncode(unicodeScalar))
        {
            // Asked to write a scalar it would not escape (the base encoder does so for U+FFFD): as itself.
            var rune = new System.Text.Rune(unicodeScalar);
            return rune.TryEncodeToUtf16(output, out numberOfCharactersWritten) || Fail(out numberOfCharactersWritten);
        }
        Span<char> escape = stackalloc char[6];
        escape[0] = '\\';
        escape[1] = 'u';
        ((ushort)unicodeScalar).TryFormat(escape[2..], out _, "X4", System.Globalization.CultureInfo.InvariantCulture);
        return Copy(escape, output, out numberOfCharactersWritten);
    }

    private static bool Copy(ReadOnlySpan<char> text, Span<char> output, out int written)
    {
        if (!text.TryCopyTo(output)) return Fail(out written);
        written = text.Length;
        return true;
    }

    private static bool Fail(out int written)
    {
        written = 0;
        return false;
    }
}
