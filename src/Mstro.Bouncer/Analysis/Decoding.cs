using System.Globalization;
using System.Text;

namespace Mstro.Bouncer.Analysis;

/// <summary>The decoders attackers use to hide a payload from a reader: base64, base32, hex, escapes, rev, tr.
/// Every function is bounded by <see cref="MaxLength"/> and returns null when the input does not decode.</summary>
internal static class Decoding
{
    public const int MaxLength = 256 * 1024;

    public static string? Base64(string text)
    {
        if (text.Length > MaxLength) return null;
        var cleaned = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is ' ' or '\n' or '\r' or '\t') continue;
            cleaned.Append(c switch { '-' => '+', '_' => '/', _ => c });
        }
        var trimmed = cleaned.ToString().TrimEnd('=');
        if (trimmed.Length == 0) return null;
        var padded = (trimmed.Length % 4) switch
        {
            2 => trimmed + "==",
            3 => trimmed + "=",
            1 => null,
            _ => trimmed,
        };
        if (padded is null) return null;
        var bytes = new byte[padded.Length / 4 * 3];
        return Convert.TryFromBase64String(padded, bytes, out var written) ? Text(bytes.AsSpan(0, written)) : null;
    }

    public static string? Base32(string text)
    {
        if (text.Length > MaxLength) return null;
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>(text.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in text)
        {
            if (c is '=' or ' ' or '\n' or '\r') continue;
            var value = Alphabet.IndexOf(char.ToUpperInvariant(c), StringComparison.Ordinal);
            if (value < 0) return null;
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                bytes.Add((byte)(buffer >> bits));
                buffer &= (1 << bits) - 1;
            }
        }
        return bytes.Count == 0 ? null : Text([.. bytes]);
    }

    /// <summary><c>xxd -r -p</c>: hex digits, blanks ignored.</summary>
    public static string? PlainHex(string text)
    {
        if (text.Length > MaxLength) return null;
        var bytes = new List<byte>(text.Length / 2);
        var high = -1;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c)) continue;
            var digit = HexValue(c);
            if (digit < 0) return null;
            if (high < 0) high = digit;
            else
            {
                bytes.Add((byte)(high * 16 + digit));
                high = -1;
            }
        }
        return bytes.Count == 0 ? null : Text([.. bytes]);
    }

    /// <summary><c>xxd -r</c> of a hexdump: <c>00000000: 726d 202d ...  rm -...</c>.</summary>
    public static string? HexDump(string text)
    {
        if (text.Length > MaxLength) return null;
        var hex = new StringBuilder();
        foreach (var line in text.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0) continue;
            var rest = line[(colon + 1)..];
            var ascii = rest.IndexOf("  ", 1, StringComparison.Ordinal);
            hex.Append(ascii > 0 ? rest[..ascii] : rest);
        }
        return hex.Length == 0 ? null : PlainHex(hex.ToString());
    }

    /// <summary>Backslash escapes as echo -e / printf / $'...' read them. <paramref name="numeric"/> is set when
    /// the text used \x, \0NNN, \NNN or \u escapes (it hides what it says).</summary>
    public static string Escapes(string text, out bool numeric, bool printfOctal = true)
    {
        numeric = false;
        if (!text.Contains('\\', StringComparison.Ordinal)) return text;
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c != '\\' || i + 1 >= text.Length)
            {
                builder.Append(c);
                continue;
            }
            var next = text[++i];
            switch (next)
            {
                case 'n': builder.Append('\n'); break;
                case 't': builder.Append('\t'); break;
                case 'r': builder.Append('\r'); break;
                case 'a': builder.Append('\a'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'v': builder.Append('\v'); break;
                case 'e' or 'E': builder.Append('\u001b'); break;
                case '\\': builder.Append('\\'); break;
                case 'c': return builder.ToString();
                case 'x':
                {
                    var value = 0;
                    var digits = 0;
                    while (digits < 2 && i + 1 < text.Length && HexValue(text[i + 1]) >= 0)
                    {
                        value = value * 16 + HexValue(text[++i]);
                        digits++;
                    }
                    if (digits == 0) builder.Append("\\x");
                    else
                    {
                        builder.Append((char)value);
                        numeric = true;
                    }
                    break;
                }
                case 'u' or 'U':
                {
                    var value = 0;
                    var digits = 0;
                    var max = next == 'u' ? 4 : 8;
                    while (digits < max && i + 1 < text.Length && HexValue(text[i + 1]) >= 0)
                    {
                        value = value * 16 + HexValue(text[++i]);
                        digits++;
                    }
                    if (digits == 0 || value > 0x10FFFF) builder.Append('\\').Append(next);
                    else
                    {
                        builder.Append(char.ConvertFromUtf32(value is >= 0xD800 and <= 0xDFFF ? 0xFFFD : value));
                        numeric = true;
                    }
                    break;
                }
                case >= '0' and <= '7':
                {
                    // echo: \0NNN; printf and $'': \NNN.
                    var value = 0;
                    var digits = 0;
                    var start = next == '0' && !printfOctal ? 0 : 1;
                    if (start == 1) value = next - '0';
                    while (digits < (start == 1 ? 2 : 3) && i + 1 < text.Length && text[i + 1] is >= '0' and <= '7')
                    {
                        value = value * 8 + (text[++i] - '0');
                        digits++;
                    }
                    builder.Append((char)(value & 0xFF));
                    numeric = true;
                    break;
                }
                default:
                    builder.Append('\\').Append(next);
                    break;
            }
        }
        return builder.ToString();
    }

    /// <summary>printf FORMAT ARGS: %s, %b, %d, %c, %%, widths ignored; the format is reused for extra arguments.</summary>
    public static string Printf(string format, IReadOnlyList<string> arguments, out bool numeric)
    {
        numeric = false;
        var output = new StringBuilder();
        var next = 0;
        var rounds = 0;
        do
        {
            var consumed = false;
            for (var i = 0; i < format.Length && output.Length < MaxLength; i++)
            {
                var c = format[i];
                if (c == '\\')
                {
                    // Decode one escape at a time.
                    var escape = EscapeLength(format, i);
                    output.Append(Escapes(format.Substring(i, escape), out var hidden));
                    numeric |= hidden;
                    i += escape - 1;
                    continue;
                }
                if (c != '%' || i + 1 >= format.Length)
                {
                    output.Append(c);
                    continue;
                }
                var j = i + 1;
                while (j < format.Length && "-+ #0123456789.".Contains(format[j], StringComparison.Ordinal)) j++;
                if (j >= format.Length) break;
                var conversion = format[j];
                i = j;
                if (conversion == '%')
                {
                    output.Append('%');
                    continue;
                }
                var argument = next < arguments.Count ? arguments[next] : "";
                if (next < arguments.Count) consumed = true;
                next++;
                switch (conversion)
                {
                    case 'b':
                        output.Append(Escapes(argument, out var hidden, printfOctal: false));
                        numeric |= hidden;
                        break;
                    case 'c':
                        if (argument.Length > 0) output.Append(argument[0]);
                        break;
                    case 'd' or 'i' or 'u':
                        output.Append(long.TryParse(argument, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
                            ? number.ToString(CultureInfo.InvariantCulture) : "0");
                        break;
                    default:
                        output.Append(argument);
                        break;
                }
            }
            if (!consumed) break;
        }
        while (next < arguments.Count && ++rounds < 64);
        return output.ToString();
    }

    private static int EscapeLength(string text, int start)
    {
        if (start + 1 >= text.Length) return 1;
        var next = text[start + 1];
        var length = 2;
        if (next == 'x')
        {
            while (length < 4 && start + length < text.Length && HexValue(text[start + length]) >= 0) length++;
        }
        else if (next is 'u' or 'U')
        {
            var max = next == 'u' ? 6 : 10;
            while (length < max && start + length < text.Length && HexValue(text[start + length]) >= 0) length++;
        }
        else if (next is >= '0' and <= '7')
        {
            while (length < 4 && start + length < text.Length && text[start + length] is >= '0' and <= '7') length++;
        }
        return length;
    }

    /// <summary>Reverses each line (<c>rev</c>).</summary>
    public static string Reverse(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var chars = lines[i].ToCharArray();
            Array.Reverse(chars);
            lines[i] = new string(chars);
        }
        return string.Join('\n', lines);
    }

    /// <summary><c>tr SET1 SET2</c> with ranges (a-z) and escapes; <c>tr -d SET</c>. Null for classes it cannot do.</summary>
    public static string? Translate(string text, string from, string? to, bool delete)
    {
        var source = ExpandSet(from);
        if (source is null) return null;
        if (delete)
        {
            var builder = new StringBuilder(text.Length);
            foreach (var c in text)
            {
                if (!source.Contains(c, StringComparison.Ordinal)) builder.Append(c);
            }
            return builder.ToString();
        }
        var target = to is null ? null : ExpandSet(to);
        if (target is null || target.Length == 0) return null;
        var map = new Dictionary<char, char>();
        for (var i = 0; i < source.Length; i++) map.TryAdd(source[i], target[Math.Min(i, target.Length - 1)]);
        var result = new StringBuilder(text.Length);
        foreach (var c in text) result.Append(map.TryGetValue(c, out var mapped) ? mapped : c);
        return result.ToString();
    }

    private static string? ExpandSet(string set)
    {
        if (set.Contains("[:", StringComparison.Ordinal) || set.Length > 1024) return null;
        set = Escapes(set, out _);
        var builder = new StringBuilder();
        for (var i = 0; i < set.Length; i++)
        {
            if (i + 2 < set.Length && set[i + 1] == '-' && set[i + 2] >= set[i])
            {
                for (var c = set[i]; c <= set[i + 2] && builder.Length < 4096; c++) builder.Append(c);
                i += 2;
            }
            else builder.Append(set[i]);
        }
        return builder.ToString();
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    private static string? Text(ReadOnlySpan<byte> bytes)
    {
        // A decoded payload that is not text is not a script we can read.
        var text = Encoding.UTF8.GetString(bytes);
        var control = 0;
        foreach (var c in text)
        {
            if (c < ' ' && c is not ('\n' or '\r' or '\t')) control++;
        }
        return control > text.Length / 10 + 1 ? null : text;
    }
}
