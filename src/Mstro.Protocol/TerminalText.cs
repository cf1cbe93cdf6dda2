using System.Text;

namespace Mstro.Protocol;

/// <summary>Text chosen by the agent (a command, a path, a reason quoting them) made safe to print on a terminal: control
/// characters (escape sequences could recolour, move the cursor, rewrite the screen or the title), C1 controls and
/// bidirectional overrides (which can make a command read differently from what runs) become visible escapes.</summary>
public static class TerminalText
{
    public static string Safe(string? text, int maxLength = 2000)
    {
        if (string.IsNullOrEmpty(text)) return "";
        StringBuilder? safe = null;
        for (var i = 0; i < text.Length && i < maxLength; i++)
        {
            var c = text[i];
            var bad = c < ' ' || c is >= '\u007f' and <= '\u009f' || c is >= '\u202a' and <= '\u202e' || c is >= '\u2066' and <= '\u2069'
                      || c is '\u200e' or '\u200f' or '\u061c';
            if (bad)
            {
                safe ??= new StringBuilder(text, 0, i, text.Length + 16);
                safe.Append(c switch
                {
                    '\n' => "\\n",
                    '\r' => "\\r",
                    '\t' => "\\t",
                    _ => $"\\u{(int)c:x4}",
                });
            }
            else
            {
                safe?.Append(c);
            }
        }
        var result = safe?.ToString() ?? (text.Length <= maxLength ? text : text[..maxLength]);
        return text.Length > maxLength ? result + "…" : result;
    }
}
