using Mstro.Bouncer.Redaction;

namespace Mstro.Bouncer.Analysis;

/// <summary>Finds a credential in text that leaves the machine (a URL, a message an MCP tool posts), written out or
/// encoded: percent-encoded, base64/base64url or hex runs that decode to a key block or a known token.</summary>
internal static class SecretCarriers
{
    /// <summary>Upload detail: a credential recognisable by its form leaves with the call.</summary>
    public const string Secret = "secret";

    /// <summary>Upload detail: a value under a secret's name leaves with the call.</summary>
    public const string NamedSecret = "secret-parameter";

    private const int MaxText = 64 * 1024;
    private const int MinEncoded = 16;
    private const int MaxDecodedRuns = 64;

    /// <summary>A credential in a URL, by its form: literal, percent-encoded, or encoded in one of its path segments or
    /// query values.</summary>
    public static bool InUrl(string url)
    {
        if (url.Length > MaxText) return false;
        var unescaped = Unescape(url);
        return HoldsCredential(url) || !ReferenceEquals(unescaped, url) && HoldsCredential(unescaped) || InEncodedRuns(unescaped);
    }

    /// <summary>A value given under a secret's name in a URL (<c>?password=…</c>, <c>&amp;api_key=…</c>): often a real
    /// credential, sometimes a public demo key.</summary>
    public static bool NamedInUrl(string url) =>
        url.Length <= MaxText && SecretRedactor.ContainsCredential(Unescape(url), namedValues: true);

    /// <summary>A credential in free text (a message, an issue body): literal or in an encoded run.</summary>
    public static bool InText(string text)
    {
        if (text.Length > MaxText) text = text[..MaxText];
        return SecretRedactor.ContainsCredential(text) || InEncodedRuns(text);
    }

    private static bool InEncodedRuns(string text)
    {
        var runs = 0;
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inRun = i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '+' or '/' or '=' or '-' or '_');
            if (inRun)
            {
                if (start < 0) start = i;
                continue;
            }
            if (start >= 0 && i - start >= MinEncoded)
            {
                if (++runs > MaxDecodedRuns) return false;
                if (Decodes(text[start..i])) return true;
            }
            start = -1;
        }
        return false;
    }

    private static bool Decodes(string run)
    {
        // A path-like run (a/b/c) or a query pair (k=v) is many pieces: each may be the payload.
        foreach (var piece in run.Split(['/', '='], StringSplitOptions.RemoveEmptyEntries))
        {
            if (piece.Length < MinEncoded) continue;
            if (IsHex(piece) && Decoding.PlainHex(piece) is { } fromHex && HoldsCredential(fromHex)) return true;
            if (Decoding.Base64(piece) is { } fromBase64 && HoldsCredential(fromBase64)) return true;
        }
        return run.Contains('/', StringComparison.Ordinal) && Decoding.Base64(run) is { } whole && HoldsCredential(whole);
    }

    private static bool HoldsCredential(string text) =>
        SecretRedactor.ContainsCredential(text)
        || text.Contains("PRIVATE KEY", StringComparison.Ordinal) && text.Contains("BEGIN", StringComparison.Ordinal);

    private static bool IsHex(string text)
    {
        if (text.Length % 2 != 0) return false;
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c)) return false;
        }
        return true;
    }

    private static string Unescape(string text)
    {
        try
        {
            return Uri.UnescapeDataString(text);
        }
        catch (UriFormatException)
        {
            return text;
        }
    }
}
