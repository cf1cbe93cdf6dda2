namespace Mstro.Bouncer.Policy;

/// <summary>Finds the explicit port in a URL or <c>host:port</c> text (an effect's detail).</summary>
internal static class UrlPort
{
    public static int? Of(string? detail)
    {
        if (string.IsNullOrEmpty(detail)) return null;
        var text = detail.AsSpan();
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0) text = text[(scheme + 3)..];
        var end = text.IndexOfAny('/', '?', '#');
        if (end >= 0) text = text[..end];
        var at = text.LastIndexOf('@');
        if (at >= 0) text = text[(at + 1)..];
        if (text.StartsWith("["))
        {
            var close = text.IndexOf(']');
            if (close < 0) return null;
            text = text[(close + 1)..];
            if (!text.StartsWith(":")) return null;
            text = text[1..];
        }
        else
        {
            var colon = text.LastIndexOf(':');
            // No colon: no explicit port. Two colons without brackets: a bare IPv6 address, not host:port.
            if (colon < 0 || text.IndexOf(':') != colon) return null;
            text = text[(colon + 1)..];
        }
        if (text.IsEmpty || text.Length > 5) return null;
        var port = 0;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c)) return null;
            port = (port * 10) + (c - '0');
        }
        return port is > 0 and <= 65535 ? port : null;
    }
}
