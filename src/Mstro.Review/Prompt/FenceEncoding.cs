using System.Globalization;
using System.Text;

namespace Mstro.Review.Prompt;

/// <summary>
/// Writes untrusted text as a JSON string literal that cannot end its fence or hide what it is: besides JSON's own
/// escapes, <c>&lt;</c> and <c>&gt;</c> and every non-ASCII character that is not a letter or digit (look-alike
/// brackets and quotes, zero-width and bidirectional controls, line separators) become <c>\uXXXX</c>.
/// </summary>
internal static class FenceEncoding
{
    /// <summary>Appends <paramref name="value"/> as a quoted JSON string.</summary>
    public static void AppendJsonString(StringBuilder output, string value)
    {
        output.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    output.Append("\\\"");
                    break;
                case '\\':
                    output.Append("\\\\");
                    break;
                case '\n':
                    output.Append("\\n");
                    break;
                case '\r':
                    output.Append("\\r");
                    break;
                case '\t':
                    output.Append("\\t");
                    break;
                default:
                    if (NeedsUnicodeEscape(c))
                    {
                        output.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        output.Append(c);
                    }

                    break;
            }
        }

        output.Append('"');
    }

    public static string JsonString(string value)
    {
        var output = new StringBuilder(value.Length + 2);
        AppendJsonString(output, value);
        return output.ToString();
    }

    private static bool NeedsUnicodeEscape(char c)
    {
        if (c < 0x20 || c == 0x7f || c is '<' or '>')
        {
            return true;
        }

        if (c < 0x80)
        {
            return false;
        }

        // Letters and digits of every script stay readable; symbols, punctuation, spaces, marks, format and
        // control characters, and surrogate halves are shown as escapes.
        return !char.IsLetterOrDigit(c);
    }
}
