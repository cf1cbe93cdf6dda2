using System.Buffers;
using System.Text;

namespace Mstro.Bouncer.Redaction;

/// <summary>Removes credentials from text bound for a log: tokens, passwords, authorization headers, private keys,
/// URL passwords. Each pass is a hand-written scanner that only moves forward, so the work is linear in the input
/// (no regular expressions, no backtracking). It errs towards redacting: a log that hides a little too much is
/// better than one that leaks a key. Variable references (<c>password=$DB_PASSWORD</c>) are kept: they are not secrets.</summary>
public static class SecretRedactor
{
    public const string Marker = "[REDACTED]";

    public static string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0) return text;
        var result = RedactPrivateKeyBlocks(text);
        result = RedactKnownTokens(result);
        result = RedactUrlCredentials(result);
        result = RedactSensitiveHeaders(result);
        result = RedactAuthSchemes(result);
        result = RedactNamedValues(result);
        result = RedactSecretLongOptions(result);
        result = RedactProgramPasswords(result);
        return result;
    }

    /// <summary>True when the text holds a credential recognisable by its form: a private key block, a known token
    /// (<c>ghp_…</c>, <c>AKIA…</c>, <c>sk-…</c>, <c>xoxb-…</c>…), a password in a URL. With
    /// <paramref name="namedValues"/>, also a value given under a secret's name (<c>password=…</c>, <c>?access_token=…</c>);
    /// prose and examples are full of those, so only callers that look at machine-made text ask for them.</summary>
    public static bool ContainsCredential(string text, bool namedValues = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0) return false;
        return !string.Equals(RedactPrivateKeyBlocks(text), text, StringComparison.Ordinal)
               || !string.Equals(RedactKnownTokens(text), text, StringComparison.Ordinal)
               || !string.Equals(RedactUrlCredentials(text), text, StringComparison.Ordinal)
               || namedValues && !string.Equals(RedactNamedValues(text), text, StringComparison.Ordinal);
    }

    /// <summary>True when <paramref name="name"/> (a variable, field, parameter or option name) names a secret:
    /// one of its words (split on <c>_ - .</c>) ends with password, secret, token, apikey..., or it contains the word
    /// pairs api/access/private/secret + key. <c>max_tokens</c> and <c>tokenizer</c> do not count.</summary>
    public static bool IsSecretName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || name.Length > 128) return false;
        Span<char> lower = stackalloc char[name.Length];
        for (var i = 0; i < name.Length; i++)
        {
            var c = char.ToLowerInvariant(name[i]);
            lower[i] = c is '-' or '.' ? '_' : c;
        }

        scoped ReadOnlySpan<char> previous = default;
        var rest = lower;
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf('_');
            var word = end < 0 ? rest : rest[..end];
            rest = end < 0 ? default : rest[(end + 1)..];
            if (word.IsEmpty) continue;
            foreach (var suffix in SecretWordEndings)
                if (word.EndsWith(suffix, StringComparison.Ordinal)) return true;
            if (word.SequenceEqual("key") && (previous.SequenceEqual("api") || previous.SequenceEqual("access")
                                              || previous.SequenceEqual("private") || previous.SequenceEqual("secret")
                                              || previous.SequenceEqual("auth") || previous.SequenceEqual("signing")))
                return true;
            previous = word;
        }
        return false;
    }

    private static readonly string[] SecretWordEndings =
        ["password", "passwd", "passphrase", "secret", "token", "apikey", "accesskey", "privatekey", "credential",
         "credentials", "bearer"];

    /// <summary>Header names whose whole value is a credential.</summary>
    private static readonly string[] SensitiveHeaders =
        ["authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "api-key", "x-auth-token",
         "auth-token", "private-token", "x-access-token", "x-amz-security-token", "x-goog-api-key"];

    /// <summary>Token formats with a recognisable prefix: the prefix, the characters of the body, the body's minimum length.</summary>
    private static readonly (string Prefix, TokenAlphabet Alphabet, int MinBody)[] KnownTokens =
    [
        ("AKIA", TokenAlphabet.UpperDigits, 16),
        ("ASIA", TokenAlphabet.UpperDigits, 16),
        ("ghp_", TokenAlphabet.AlphaDigits, 20),
        ("gho_", TokenAlphabet.AlphaDigits, 20),
        ("ghu_", TokenAlphabet.AlphaDigits, 20),
        ("ghs_", TokenAlphabet.AlphaDigits, 20),
        ("ghr_", TokenAlphabet.AlphaDigits, 20),
        ("github_pat_", TokenAlphabet.AlphaDigitsUnderscore, 20),
        ("glpat-", TokenAlphabet.AlphaDigitsDashUnderscore, 20),
        ("sk-", TokenAlphabet.AlphaDigitsDashUnderscore, 20),
        ("xoxa-", TokenAlphabet.AlphaDigitsDash, 10),
        ("xoxb-", TokenAlphabet.AlphaDigitsDash, 10),
        ("xoxe-", TokenAlphabet.AlphaDigitsDash, 10),
        ("xoxp-", TokenAlphabet.AlphaDigitsDash, 10),
        ("xoxr-", TokenAlphabet.AlphaDigitsDash, 10),
        ("xoxs-", TokenAlphabet.AlphaDigitsDash, 10),
        ("AIza", TokenAlphabet.AlphaDigitsDashUnderscore, 30),
        ("npm_", TokenAlphabet.AlphaDigits, 30),
        ("hf_", TokenAlphabet.AlphaDigits, 30),
        ("sk_live_", TokenAlphabet.AlphaDigits, 20),
        ("rk_live_", TokenAlphabet.AlphaDigits, 20),
    ];

    /// <summary>The first letters of the known token prefixes (derived, so a new prefix is never skipped).</summary>
    private static readonly SearchValues<char> KnownTokenStarts = SearchValues.Create(FirstLettersOfKnownTokens());

    /// <summary>The first two letters of the known token prefixes, each once.</summary>
    private static readonly string[] KnownTokenPairs = PairsOfKnownTokens();

    /// <summary>True when a known token prefix occurs in <paramref name="text"/>: one pass over the text, stopping at the
    /// few places whose first two letters begin a prefix, instead of a search per prefix.</summary>
    internal static bool MayHoldKnownToken(ReadOnlySpan<char> text)
    {
        while (true)
        {
            var at = text.IndexOfAny(KnownTokenStarts);
            if (at < 0 || at + 1 >= text.Length) return false;
            text = text[at..];
            if (BeginsKnownToken(text))
            {
                foreach (var (prefix, _, _) in KnownTokens)
                    if (text.StartsWith(prefix, StringComparison.Ordinal)) return true;
            }
            text = text[1..];
        }
    }

    private static bool BeginsKnownToken(ReadOnlySpan<char> text)
    {
        foreach (var pair in KnownTokenPairs)
            if (text[0] == pair[0] && text[1] == pair[1]) return true;
        return false;
    }

    // Plain loops, not LINQ: a hook process builds these for its one call.
    private static string FirstLettersOfKnownTokens()
    {
        var letters = new List<char>();
        foreach (var (prefix, _, _) in KnownTokens)
            if (!letters.Contains(prefix[0])) letters.Add(prefix[0]);
        return new string([.. letters]);
    }

    private static string[] PairsOfKnownTokens()
    {
        var pairs = new List<string>();
        foreach (var (prefix, _, _) in KnownTokens)
            if (!pairs.Contains(prefix[..2])) pairs.Add(prefix[..2]);
        return [.. pairs];
    }

    private enum TokenAlphabet
    {
        UpperDigits,
        AlphaDigits,
        AlphaDigitsUnderscore,
        AlphaDigitsDash,
        AlphaDigitsDashUnderscore,
    }

    private static readonly string[] MySqlPrograms = ["mysql", "mysqldump", "mysqladmin", "mysqlimport", "mysqlshow", "mysqlcheck", "mariadb"];

    // -----BEGIN ... PRIVATE KEY----- <body> -----END ...: the body goes (to the end of the text when there is no END).
    private static string RedactPrivateKeyBlocks(string text)
    {
        const string begin = "-----BEGIN ";
        var rewriter = new Rewriter(text);
        var at = 0;
        while (at < text.Length)
        {
            var start = text.IndexOf(begin, at, StringComparison.Ordinal);
            if (start < 0) break;
            var labelStart = start + begin.Length;
            var labelEnd = text.IndexOf("-----", labelStart, StringComparison.Ordinal);
            if (labelEnd < 0) break;
            var label = text.AsSpan(labelStart, labelEnd - labelStart);
            var bodyStart = labelEnd + 5;
            if (!label.Contains("PRIVATE KEY", StringComparison.Ordinal) || label.Contains('\n'))
            {
                at = labelStart;
                continue;
            }
            var end = text.IndexOf("-----END", bodyStart, StringComparison.Ordinal);
            if (end < 0) end = text.Length;
            rewriter.Replace(bodyStart, end, Marker);
            at = end == text.Length ? end : end + 8;
        }
        return rewriter.Finish();
    }

    // scheme://user:password@host → scheme://user:[REDACTED]@host; a long password-less user part is a token.
    private static string RedactUrlCredentials(string text)
    {
        var rewriter = new Rewriter(text);
        var at = 0;
        while (at < text.Length)
        {
            var scheme = text.IndexOf("://", at, StringComparison.Ordinal);
            if (scheme < 0) break;
            var authorityStart = scheme + 3;
            var authorityEnd = authorityStart;
            while (authorityEnd < text.Length && !EndsUrlAuthority(text[authorityEnd])) authorityEnd++;
            var userInfoEnd = text.AsSpan(authorityStart, authorityEnd - authorityStart).LastIndexOf('@');
            if (userInfoEnd > 0)
            {
                var userInfo = text.AsSpan(authorityStart, userInfoEnd);
                var colon = userInfo.IndexOf(':');
                if (colon >= 0 && colon < userInfo.Length - 1 && !userInfo[(colon + 1)..].StartsWith(Marker, StringComparison.Ordinal))
                    rewriter.Replace(authorityStart + colon + 1, authorityStart + userInfoEnd, Marker);
                else if (colon < 0 && userInfo.Length >= 20 && !userInfo.StartsWith(Marker, StringComparison.Ordinal))
                    rewriter.Replace(authorityStart, authorityStart + userInfoEnd, Marker);
            }
            at = Math.Max(authorityEnd, authorityStart);
        }
        return rewriter.Finish();
    }

    private static bool EndsUrlAuthority(char c) =>
        c is '/' or '?' or '#' or '"' or '\'' or '<' or '>' or '`' or '\\' || char.IsWhiteSpace(c);

    // Authorization: Bearer x / Cookie: a=b / X-Api-Key: k → the header's value up to a quote or the end of the line;
    // "Authorization": "Bearer x" (a header in JSON or code) → the quoted value.
    private static string RedactSensitiveHeaders(string text)
    {
        var result = text;
        foreach (var header in SensitiveHeaders)
        {
            if (result.IndexOf(header, StringComparison.OrdinalIgnoreCase) < 0) continue;
            var rewriter = new Rewriter(result);
            var at = 0;
            while (at < result.Length)
            {
                var start = result.IndexOf(header, at, StringComparison.OrdinalIgnoreCase);
                if (start < 0) break;
                var colon = start + header.Length;
                at = colon;
                // A header starts a line, a word or a quoted argument (not "https://x-access-token:…@", a URL).
                if (start > 0 && !char.IsWhiteSpace(result[start - 1]) && result[start - 1] is not ('"' or '\'')) continue;
                var quotedName = start > 0 && colon < result.Length && result[colon] == result[start - 1];
                if (quotedName) colon++;
                if (colon >= result.Length || result[colon] != ':') continue;
                var valueStart = SkipBlanks(result, colon + 1);
                var closing = '\n';
                if (quotedName && valueStart < result.Length && result[valueStart] is '"' or '\'') closing = result[valueStart++];
                var valueEnd = valueStart;
                while (valueEnd < result.Length && result[valueEnd] != closing
                       && (closing != '\n' || result[valueEnd] is not ('"' or '\'' or '\r'))) valueEnd++;
                if (IsRedactableHeaderValue(result.AsSpan(valueStart, valueEnd - valueStart)))
                    rewriter.Replace(valueStart, valueEnd, Marker);
                at = valueEnd;
            }
            result = rewriter.Finish();
        }
        return result;
    }

    // "Bearer <token>" and "Basic <token>" wherever they appear (curl --oauth2-bearer, config files, logs).
    private static string RedactAuthSchemes(string text)
    {
        var result = text;
        foreach (var scheme in (ReadOnlySpan<string>)["bearer", "basic"])
        {
            if (result.IndexOf(scheme, StringComparison.OrdinalIgnoreCase) < 0) continue;
            var rewriter = new Rewriter(result);
            var at = 0;
            while (at < result.Length)
            {
                var start = result.IndexOf(scheme, at, StringComparison.OrdinalIgnoreCase);
                if (start < 0) break;
                at = start + scheme.Length;
                if (start > 0 && char.IsAsciiLetterOrDigit(result[start - 1])) continue;
                var tokenStart = SkipBlanks(result, at);
                if (tokenStart == at) continue;
                var tokenEnd = tokenStart;
                while (tokenEnd < result.Length && IsTokenChar(result[tokenEnd])) tokenEnd++;
                if (LooksLikeCredential(result.AsSpan(tokenStart, tokenEnd - tokenStart)))
                    rewriter.Replace(tokenStart, tokenEnd, Marker);
                at = tokenEnd;
            }
            result = rewriter.Finish();
        }
        return result;
    }

    // ghp_…, github_pat_…, sk-…, xoxb-…, AKIA…: the prefix stays (it says what leaked), the body goes.
    private static string RedactKnownTokens(string text)
    {
        if (!MayHoldKnownToken(text)) return text;
        var result = text;
        foreach (var (prefix, alphabet, minBody) in KnownTokens)
        {
            if (result.IndexOf(prefix, StringComparison.Ordinal) < 0) continue;
            var rewriter = new Rewriter(result);
            var at = 0;
            while (at < result.Length)
            {
                var start = result.IndexOf(prefix, at, StringComparison.Ordinal);
                if (start < 0) break;
                var bodyStart = start + prefix.Length;
                at = bodyStart;
                if (start > 0 && char.IsAsciiLetterOrDigit(result[start - 1])) continue;
                var bodyEnd = bodyStart;
                while (bodyEnd < result.Length && InAlphabet(result[bodyEnd], alphabet)) bodyEnd++;
                if (bodyEnd - bodyStart < minBody) continue;
                rewriter.Replace(bodyStart, bodyEnd, Marker);
                at = bodyEnd;
            }
            result = rewriter.Finish();
        }
        return result;
    }

    // NAME=value, NAME: value, "name": "value", ?access_token=value& where NAME names a secret.
    private static string RedactNamedValues(string text)
    {
        var rewriter = new Rewriter(text);
        var at = 0;
        while (at < text.Length)
        {
            var separator = text.AsSpan(at).IndexOfAny('=', ':');
            if (separator < 0) break;
            separator += at;
            at = separator + 1;

            var nameEnd = separator;
            var quotedName = false;
            if (nameEnd > 0 && text[nameEnd - 1] is '"' or '\'')
            {
                quotedName = true;
                nameEnd--;
            }
            var nameStart = nameEnd;
            while (nameStart > 0 && IsNameChar(text[nameStart - 1])) nameStart--;
            if (nameStart == nameEnd || !IsSecretName(text.AsSpan(nameStart, nameEnd - nameStart))) continue;
            // "host:port", "scheme:rest": a colon separates a value only after a quoted name or before a blank/quote.
            if (text[separator] == ':' && !quotedName
                && (separator + 1 >= text.Length || text[separator + 1] is not (' ' or '\t' or '"' or '\'')))
                continue;

            var (valueStart, valueEnd, next) = ReadValue(text, SkipBlanks(text, separator + 1), ValueStop.Field);
            RedactValue(rewriter, text, valueStart, valueEnd);
            at = Math.Max(at, next);
        }
        return rewriter.Finish();
    }

    // --password value, --api-token 'value' (the = form is handled with the named values).
    private static string RedactSecretLongOptions(string text)
    {
        var rewriter = new Rewriter(text);
        var at = 0;
        while (at < text.Length)
        {
            var dashes = text.IndexOf("--", at, StringComparison.Ordinal);
            if (dashes < 0) break;
            var nameStart = dashes + 2;
            at = nameStart;
            if (dashes > 0 && !char.IsWhiteSpace(text[dashes - 1]) && text[dashes - 1] is not ('"' or '\'')) continue;
            var nameEnd = nameStart;
            while (nameEnd < text.Length && (char.IsAsciiLetterOrDigit(text[nameEnd]) || text[nameEnd] is '-' or '_')) nameEnd++;
            at = nameEnd;
            if (nameEnd >= text.Length || text[nameEnd] is not (' ' or '\t')) continue;
            if (!IsSecretName(text.AsSpan(nameStart, nameEnd - nameStart))) continue;
            var valueFrom = SkipBlanks(text, nameEnd);
            if (valueFrom < text.Length && text[valueFrom] == '-') continue; // the next word is another option
            var (valueStart, valueEnd, next) = ReadValue(text, valueFrom, ValueStop.Word);
            RedactValue(rewriter, text, valueStart, valueEnd);
            at = Math.Max(at, next);
        }
        return rewriter.Finish();
    }

    // mysql -psecret, sshpass -p secret, curl -u user:secret.
    private static string RedactProgramPasswords(string text)
    {
        var result = text;
        foreach (var program in MySqlPrograms)
        {
            if (!ContainsWord(result, program)) continue;
            result = RedactShortOption(result, "-p", attached: true, afterColon: false);
            break;
        }
        if (ContainsWord(result, "sshpass")) result = RedactShortOption(result, "-p", attached: false, afterColon: false);
        if (ContainsWord(result, "curl"))
        {
            result = RedactShortOption(result, "-u", attached: false, afterColon: true);
            result = RedactShortOption(result, "--user", attached: false, afterColon: true);
            result = RedactShortOption(result, "--proxy-user", attached: false, afterColon: true);
        }
        return result;
    }

    /// <summary>Redacts the value of a short option: attached (<c>-pVALUE</c>) or as the next word (<c>-p VALUE</c>);
    /// with <paramref name="afterColon"/> only what follows the first colon (<c>user:[REDACTED]</c>).</summary>
    private static string RedactShortOption(string text, string option, bool attached, bool afterColon)
    {
        var rewriter = new Rewriter(text);
        var at = 0;
        while (at < text.Length)
        {
            var start = text.IndexOf(option, at, StringComparison.Ordinal);
            if (start < 0) break;
            var optionEnd = start + option.Length;
            at = optionEnd;
            if (start > 0 && !char.IsWhiteSpace(text[start - 1])) continue;
            int valueFrom;
            if (attached)
            {
                if (optionEnd >= text.Length || char.IsWhiteSpace(text[optionEnd])) continue;
                valueFrom = optionEnd;
            }
            else
            {
                if (optionEnd >= text.Length || text[optionEnd] is not (' ' or '\t' or '=')) continue;
                valueFrom = text[optionEnd] == '=' ? optionEnd + 1 : SkipBlanks(text, optionEnd);
            }
            var (valueStart, valueEnd, next) = ReadValue(text, valueFrom, ValueStop.Word);
            if (afterColon)
            {
                var colon = text.AsSpan(valueStart, valueEnd - valueStart).IndexOf(':');
                valueStart = colon < 0 ? valueEnd : valueStart + colon + 1;
            }
            RedactValue(rewriter, text, valueStart, valueEnd);
            at = Math.Max(at, next);
        }
        return rewriter.Finish();
    }

    private enum ValueStop
    {
        /// <summary>A value in a query string, an assignment or a config line: stops at blanks and <c>&amp; ; , ) } ]</c>.</summary>
        Field,
        /// <summary>A command-line word: stops at blanks.</summary>
        Word,
    }

    /// <summary>Reads a value at <paramref name="start"/>: quoted (up to the closing quote or the end of the line) or
    /// bare. Returns the value's span and where scanning may continue.</summary>
    private static (int Start, int End, int Next) ReadValue(string text, int start, ValueStop stop)
    {
        if (start >= text.Length) return (start, start, start);
        var first = text[start];
        if (first is '"' or '\'')
        {
            var end = start + 1;
            while (end < text.Length && text[end] != first && text[end] != '\n') end++;
            return (start + 1, end, Math.Min(end + 1, text.Length));
        }
        var bareEnd = start;
        while (bareEnd < text.Length && !EndsBareValue(text[bareEnd], stop)) bareEnd++;
        return (start, bareEnd, bareEnd);
    }

    private static bool EndsBareValue(char c, ValueStop stop) =>
        char.IsWhiteSpace(c) || c is '"' or '\'' or '`' or '|' or '<' or '>'
        || (stop == ValueStop.Field && c is '&' or ';' or ',' or ')' or '}' or ']');

    /// <summary>Replaces a value with the marker, unless it is a variable or command substitution (which names where the
    /// secret is; it is not the secret). A value an earlier pass already redacted in part (<c>ghp_[REDACTED]</c>) keeps
    /// that redaction, and whatever precedes it, other than a known token prefix, goes too. (A bare value stops at ']',
    /// so the marker may run past the value's end.)</summary>
    private static void RedactValue(Rewriter rewriter, string text, int start, int end)
    {
        if (end <= start || text[start] == '$') return;
        var around = text.AsSpan(start, Math.Min(text.Length - start, end - start + Marker.Length));
        var marker = around.IndexOf(Marker, StringComparison.Ordinal);
        if (marker < 0)
        {
            rewriter.Replace(start, end, Marker);
            return;
        }
        var before = around[..marker];
        if (before.IsEmpty) return;
        foreach (var token in KnownTokens)
            if (before.SequenceEqual(token.Prefix)) return;
        rewriter.Replace(start, start + marker, Marker);
    }

    /// <summary>A header value is kept when its credential is a variable (<c>Bearer $TOKEN</c>) or already redacted.</summary>
    private static bool IsRedactableHeaderValue(ReadOnlySpan<char> value)
    {
        var trimmed = value.TrimEnd();
        if (trimmed.IsEmpty || trimmed.SequenceEqual(Marker)) return false;
        var lastWord = trimmed[(trimmed.LastIndexOfAny(' ', '\t') + 1)..];
        return lastWord[0] != '$';
    }

    private static int SkipBlanks(string text, int at)
    {
        while (at < text.Length && text[at] is ' ' or '\t') at++;
        return at;
    }

    private static bool ContainsWord(string text, string word)
    {
        var at = 0;
        while (at < text.Length)
        {
            var start = text.IndexOf(word, at, StringComparison.Ordinal);
            if (start < 0) return false;
            var end = start + word.Length;
            if ((start == 0 || !IsWordChar(text[start - 1])) && (end == text.Length || !IsWordChar(text[end]))) return true;
            at = start + 1;
        }
        return false;
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-';

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.';

    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '~' or '+' or '/' or '=' or '-';

    private static bool InAlphabet(char c, TokenAlphabet alphabet) => alphabet switch
    {
        TokenAlphabet.UpperDigits => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c),
        TokenAlphabet.AlphaDigits => char.IsAsciiLetterOrDigit(c),
        TokenAlphabet.AlphaDigitsUnderscore => char.IsAsciiLetterOrDigit(c) || c == '_',
        TokenAlphabet.AlphaDigitsDash => char.IsAsciiLetterOrDigit(c) || c == '-',
        _ => char.IsAsciiLetterOrDigit(c) || c is '-' or '_',
    };

    /// <summary>A word after "Bearer"/"Basic" is a credential when it is long enough and not plain prose: it has a
    /// digit or a symbol, or a capital letter past its first character ("Basic usage" stays, "Basic dXNlcjpw" goes).</summary>
    private static bool LooksLikeCredential(ReadOnlySpan<char> token)
    {
        if (token.Length < 8) return false;
        for (var i = 0; i < token.Length; i++)
        {
            var c = token[i];
            if (char.IsAsciiDigit(c) || !char.IsAsciiLetter(c) || (i > 0 && char.IsAsciiLetterUpper(c))) return true;
        }
        return false;
    }

    /// <summary>Copies the source with some ranges replaced; allocates only when something is replaced.
    /// Ranges must be given in increasing order.</summary>
    private sealed class Rewriter(string source)
    {
        private StringBuilder? _builder;
        private int _copied;

        public void Replace(int start, int end, string replacement)
        {
            if (start < _copied) return;
            _builder ??= new StringBuilder(source.Length);
            _builder.Append(source, _copied, start - _copied).Append(replacement);
            _copied = end;
        }

        public string Finish() =>
            _builder is null ? source : _builder.Append(source, _copied, source.Length - _copied).ToString();
    }
}
