using System.Text;

namespace Mstro.Review.Redaction;

/// <summary>
/// Replaces obvious secrets in text with <c>[REDACTED]</c> before the text leaves the machine: private key blocks,
/// well-known token formats (<c>sk-…</c>, <c>ghp_…</c>, <c>AKIA…</c>...), <c>Authorization:</c>-style headers,
/// <c>Bearer</c> credentials, <c>user:password@</c> in URLs, and values assigned to names that say they are secret
/// (<c>GITHUB_TOKEN=…</c>, <c>"password": "…"</c>).
/// </summary>
/// <remarks>
/// A hand-written single pass: every step moves forward and looks ahead a bounded distance, so the work is linear in
/// the input whatever it holds (no regex, no backtracking). It errs towards redacting: a hidden harmless value costs
/// little, a leaked key costs a lot.
/// </remarks>
public static class SecretRedactor
{
    public const string Mask = "[REDACTED]";
    private const string PrivateKeyMask = "[REDACTED PRIVATE KEY]";
    private const int MaxIdentifier = 128;
    private const int MaxValue = 4_096;

    private static readonly TokenFormat[] TokenFormats =
    [
        new("sk-", 20, int.MaxValue, CharClass.Token),
        new("ghp_", 20, int.MaxValue, CharClass.Alphanumeric),
        new("gho_", 20, int.MaxValue, CharClass.Alphanumeric),
        new("ghu_", 20, int.MaxValue, CharClass.Alphanumeric),
        new("ghs_", 20, int.MaxValue, CharClass.Alphanumeric),
        new("ghr_", 20, int.MaxValue, CharClass.Alphanumeric),
        new("github_pat_", 20, int.MaxValue, CharClass.Token),
        new("glpat-", 20, int.MaxValue, CharClass.Token),
        new("xoxb-", 10, int.MaxValue, CharClass.Token),
        new("xoxp-", 10, int.MaxValue, CharClass.Token),
        new("xoxa-", 10, int.MaxValue, CharClass.Token),
        new("xoxr-", 10, int.MaxValue, CharClass.Token),
        new("xoxs-", 10, int.MaxValue, CharClass.Token),
        new("npm_", 30, int.MaxValue, CharClass.Alphanumeric),
        new("AIza", 30, int.MaxValue, CharClass.Token),
        new("AKIA", 16, 16, CharClass.UpperAlphanumeric),
        new("ASIA", 16, 16, CharClass.UpperAlphanumeric),
    ];

    private static readonly string[] SecretHeaders =
    [
        "authorization", "proxy-authorization", "x-api-key", "api-key", "x-auth-token", "private-token", "cookie",
    ];

    private static readonly string[] SecretNameParts =
    [
        "PASSWORD", "PASSWD", "SECRET", "TOKEN", "APIKEY", "API_KEY", "API-KEY", "ACCESS_KEY", "ACCESSKEY",
        "PRIVATE_KEY", "PRIVATEKEY", "CREDENTIAL", "AUTH_KEY",
    ];

    /// <summary>The text with every secret it recognises replaced; the same instance when there was none.</summary>
    public static string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        StringBuilder? output = null;
        var copiedUpTo = 0;
        var i = 0;
        while (i < text.Length)
        {
            var (replacement, start, end) = MatchAt(text, i);
            if (replacement is null)
            {
                i = Math.Max(end, i + 1);
                continue;
            }

            output ??= new StringBuilder(text.Length);
            output.Append(text, copiedUpTo, start - copiedUpTo).Append(replacement);
            copiedUpTo = end;
            i = end;
        }

        if (output is null)
        {
            return text;
        }

        return output.Append(text, copiedUpTo, text.Length - copiedUpTo).ToString();
    }

    /// <summary>
    /// Looks for a secret starting at <paramref name="i"/>. Returns the replacement for [start, end), or a null
    /// replacement and the index where scanning may resume (past a plain word, so words are read once).
    /// </summary>
    private static (string? Replacement, int Start, int End) MatchAt(string text, int i)
    {
        var c = text[i];
        if (c == '-' && PrivateKeyBlockEnd(text, i) is int keyEnd)
        {
            return (PrivateKeyMask, i, keyEnd);
        }

        if (c == ':' && UrlPasswordSpan(text, i) is var (passwordStart, passwordEnd))
        {
            return (Mask, passwordStart, passwordEnd);
        }

        if (!IsWordChar(c) || (i > 0 && IsWordChar(text[i - 1])))
        {
            return (null, i, i + 1);
        }

        var wordEnd = i;
        while (wordEnd < text.Length && IsWordChar(text[wordEnd]))
        {
            wordEnd++;
        }

        var word = text.AsSpan(i, wordEnd - i);
        if (word.Length > MaxIdentifier)
        {
            return (null, i, wordEnd);
        }

        foreach (var format in TokenFormats)
        {
            if (format.Matches(word))
            {
                return (format.Prefix + Mask, i, wordEnd);
            }
        }

        if (IsSecretHeader(word) && HeaderValueSpan(text, wordEnd) is var (headerValueStart, headerValueEnd))
        {
            return (Mask, headerValueStart, headerValueEnd);
        }

        if (word.Equals("bearer", StringComparison.OrdinalIgnoreCase) && BearerCredentialSpan(text, wordEnd) is var (credentialStart, credentialEnd))
        {
            return (Mask, credentialStart, credentialEnd);
        }

        if (NamesASecret(word) && AssignedValueSpan(text, wordEnd) is var (valueStart, valueEnd))
        {
            return (Mask, valueStart, valueEnd);
        }

        return (null, i, wordEnd);
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-';

    private static bool IsSecretHeader(ReadOnlySpan<char> word)
    {
        foreach (var header in SecretHeaders)
        {
            if (word.Equals(header, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool NamesASecret(ReadOnlySpan<char> word)
    {
        foreach (var part in SecretNameParts)
        {
            if (word.Contains(part, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>`-----BEGIN … PRIVATE KEY-----` up to the end of its `-----END …-----` line (or of the text when it has none).</summary>
    private static int? PrivateKeyBlockEnd(string text, int i)
    {
        const string begin = "-----BEGIN ";
        if (string.CompareOrdinal(text, i, begin, 0, begin.Length) != 0)
        {
            return null;
        }

        var labelStart = i + begin.Length;
        var labelEnd = text.IndexOf("-----", labelStart, Math.Min(100, text.Length - labelStart), StringComparison.Ordinal);
        if (labelEnd < 0)
        {
            return null;
        }

        var label = text.AsSpan(labelStart, labelEnd - labelStart);
        if (!label.EndsWith("PRIVATE KEY", StringComparison.Ordinal) && !label.EndsWith("PRIVATE KEY BLOCK", StringComparison.Ordinal))
        {
            return null;
        }

        var endMarker = text.IndexOf("-----END ", labelEnd + 5, StringComparison.Ordinal);
        if (endMarker < 0)
        {
            return text.Length;
        }

        var afterEndLabel = endMarker + "-----END ".Length;
        var close = text.IndexOf("-----", afterEndLabel, Math.Min(100, text.Length - afterEndLabel), StringComparison.Ordinal);
        return close < 0 ? text.Length : close + 5;
    }

    /// <summary>In <c>scheme://user:password@host</c>, the password (called at the scheme's ':').</summary>
    private static (int, int)? UrlPasswordSpan(string text, int colon)
    {
        if (colon + 2 >= text.Length || text[colon + 1] != '/' || text[colon + 2] != '/')
        {
            return null;
        }

        var start = colon + 3;
        var limit = Math.Min(text.Length, start + 512);
        var separator = -1;
        for (var j = start; j < limit; j++)
        {
            var c = text[j];
            if (c == '@')
            {
                return separator > start && j > separator + 1 ? (separator + 1, j) : null;
            }

            if (c is '/' or '?' or '#' or '"' or '\'' or '`' || char.IsWhiteSpace(c))
            {
                return null;
            }

            if (c == ':' && separator < 0)
            {
                separator = j;
            }
        }

        return null;
    }

    /// <summary>After a header name: optional spaces, ':', the value up to the end of the line or a quote.</summary>
    private static (int, int)? HeaderValueSpan(string text, int afterName)
    {
        var j = SkipSpaces(text, afterName);
        if (j >= text.Length || text[j] != ':')
        {
            return null;
        }

        var start = SkipSpaces(text, j + 1);
        var end = start;
        var limit = Math.Min(text.Length, start + MaxValue);
        while (end < limit && text[end] is not ('\n' or '\r' or '"' or '\'' or '`' or '\\'))
        {
            end++;
        }

        while (end > start && text[end - 1] == ' ')
        {
            end--;
        }

        return end > start ? (start, end) : null;
    }

    private static (int, int)? BearerCredentialSpan(string text, int afterWord)
    {
        var start = SkipSpaces(text, afterWord);
        if (start == afterWord)
        {
            return null;
        }

        var end = start;
        var limit = Math.Min(text.Length, start + MaxValue);
        while (end < limit && (char.IsAsciiLetterOrDigit(text[end]) || text[end] is '.' or '_' or '~' or '+' or '/' or '=' or '-'))
        {
            end++;
        }

        return end - start >= 8 ? (start, end) : null;
    }

    /// <summary>After a secret-sounding name: an optional closing quote, '=' or ':', an optional opening quote, the value.</summary>
    private static (int, int)? AssignedValueSpan(string text, int afterName)
    {
        var j = afterName;
        if (j < text.Length && text[j] == '\\')
        {
            j++;
        }

        if (j < text.Length && text[j] is '"' or '\'')
        {
            j++;
        }

        j = SkipSpaces(text, j);
        if (j >= text.Length || text[j] is not ('=' or ':'))
        {
            return null;
        }

        j = SkipSpaces(text, j + 1);
        if (j < text.Length && text[j] == '\\')
        {
            j++;
        }

        char? quote = j < text.Length && text[j] is '"' or '\'' ? text[j] : null;
        if (quote is not null)
        {
            j++;
        }

        var start = j;
        var limit = Math.Min(text.Length, start + MaxValue);
        while (j < limit && !EndsValue(text[j], quote))
        {
            j++;
        }

        if (j == start || text.AsSpan(start, j - start).SequenceEqual(Mask))
        {
            return null;
        }

        return (start, j);
    }

    private static bool EndsValue(char c, char? quote) => quote is { } q
        ? c == q || c is '\\' or '\n' or '\r'
        : char.IsWhiteSpace(c) || c is '"' or '\'' or '`' or ';' or '&' or '|' or ',' or ')' or '}' or ']' or '\\';

    private static int SkipSpaces(string text, int j)
    {
        while (j < text.Length && text[j] is ' ' or '\t')
        {
            j++;
        }

        return j;
    }

    private enum CharClass
    {
        Token,
        Alphanumeric,
        UpperAlphanumeric,
    }

    private sealed record TokenFormat(string Prefix, int MinBody, int MaxBody, CharClass Body)
    {
        public bool Matches(ReadOnlySpan<char> word)
        {
            if (!word.StartsWith(Prefix, StringComparison.Ordinal))
            {
                return false;
            }

            var body = word[Prefix.Length..];
            if (body.Length < MinBody || body.Length > MaxBody)
            {
                return false;
            }

            foreach (var c in body)
            {
                var ok = Body switch
                {
                    CharClass.Alphanumeric => char.IsAsciiLetterOrDigit(c),
                    CharClass.UpperAlphanumeric => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c),
                    _ => IsWordChar(c),
                };
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
