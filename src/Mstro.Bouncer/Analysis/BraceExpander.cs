using System.Globalization;

namespace Mstro.Bouncer.Analysis;

/// <summary>Bash brace expansion of unquoted text: <c>/{usr,etc}</c> → <c>/usr /etc</c>, <c>{1..3}</c>. Bounded.</summary>
internal static class BraceExpander
{
    public const int MaxResults = 64;
    private const int MaxNesting = 8;

    /// <summary>Characters scanned and built per word: a 13 KB word of <c>{a,b}{a,b}…</c> would otherwise be copied and
    /// rescanned hundreds of times.</summary>
    private const int MaxCharacters = 128 * 1024;

    /// <summary>Adds the expansions of <paramref name="text"/> to <paramref name="output"/>; false (nothing added)
    /// when the text has no brace expression.</summary>
    public static bool TryExpand(string text, List<string> output)
    {
        if (!text.Contains('{', StringComparison.Ordinal) || !FindBrace(text, 0, out _, out _, out _)) return false;
        var budget = MaxCharacters;
        var first = output.Count;
        Expand(text, output, 0, ref budget);
        if (output.Count == first) output.Add(text); // never lose the word
        return true;
    }

    private static void Expand(string text, List<string> output, int nesting, ref int budget)
    {
        if (output.Count >= MaxResults || budget <= 0) return;
        budget -= text.Length;
        if (nesting > MaxNesting || budget <= 0 || !FindBrace(text, 0, out var open, out var close, out var items))
        {
            output.Add(text);
            return;
        }
        var prefix = text[..open];
        var suffix = text[(close + 1)..];
        foreach (var item in items)
        {
            if (output.Count >= MaxResults) return;
            Expand(string.Concat(prefix, item, suffix), output, nesting + 1, ref budget);
        }
    }

    /// <summary>Finds the first brace expression that expands (has a top-level comma or is a valid sequence).</summary>
    private static bool FindBrace(string text, int from, out int open, out int close, out List<string> items)
    {
        for (var start = text.IndexOf('{', from); start >= 0; start = text.IndexOf('{', start + 1))
        {
            if (start > 0 && text[start - 1] == '$') continue;
            var depth = 0;
            var commas = new List<int>();
            for (var i = start; i < text.Length; i++)
            {
                var c = text[i];
                if (c == '{') depth++;
                else if (c == ',' && depth == 1) commas.Add(i);
                else if (c == '}')
                {
                    depth--;
                    if (depth != 0) continue;
                    var body = text[(start + 1)..i];
                    if (commas.Count > 0)
                    {
                        items = new List<string>(commas.Count + 1);
                        var last = start + 1;
                        foreach (var comma in commas)
                        {
                            items.Add(text[last..comma]);
                            last = comma + 1;
                        }
                        items.Add(text[last..i]);
                        open = start;
                        close = i;
                        return true;
                    }
                    if (TrySequence(body, out items))
                    {
                        open = start;
                        close = i;
                        return true;
                    }
                    break;
                }
            }
        }
        open = close = -1;
        items = [];
        return false;
    }

    private static bool TrySequence(string body, out List<string> items)
    {
        items = [];
        var parts = body.Split("..");
        if (parts.Length is < 2 or > 3) return false;
        var step = 1;
        if (parts.Length == 3 && (!int.TryParse(parts[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out step) || step == 0))
            return false;
        step = Math.Abs(step);

        if (int.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var from)
            && int.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var to))
        {
            var width = parts[0].StartsWith('0') || parts[1].StartsWith('0') ? Math.Max(parts[0].Length, parts[1].Length) : 0;
            var direction = to >= from ? 1 : -1;
            for (long n = from; direction > 0 ? n <= to : n >= to; n += direction * step)
            {
                items.Add(((int)n).ToString(CultureInfo.InvariantCulture).PadLeft(width, '0'));
                if (items.Count >= MaxResults) break;
            }
            return true;
        }

        if (parts[0].Length == 1 && parts[1].Length == 1 && char.IsAsciiLetter(parts[0][0]) && char.IsAsciiLetter(parts[1][0]))
        {
            var a = parts[0][0];
            var b = parts[1][0];
            var direction = b >= a ? 1 : -1;
            for (var c = (int)a; direction > 0 ? c <= b : c >= b; c += direction * step)
            {
                items.Add(((char)c).ToString());
                if (items.Count >= MaxResults) break;
            }
            return true;
        }
        return false;
    }
}
