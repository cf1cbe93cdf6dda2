using System.Globalization;

namespace Mstro.Bouncer.Analysis;

/// <summary>Hosts and ports out of URLs, <c>user@host:path</c>, <c>host:port</c> and <c>/dev/tcp/host/port</c>.</summary>
internal static class NetworkAddress
{
    private static readonly System.Buffers.SearchValues<char> Ipv6Characters = System.Buffers.SearchValues.Create("0123456789abcdef:.");
    private static readonly System.Buffers.SearchValues<char> HostTerminators = System.Buffers.SearchValues.Create("/ \"';");

    /// <summary>The host of a URL or of <c>[user@]host[:port][/path]</c>, lower case, without port or brackets;
    /// null when the text does not look like an address.</summary>
    public static string? HostOf(string text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        var span = text.AsSpan();
        var scheme = span.IndexOf("://", StringComparison.Ordinal);
        var hasScheme = scheme > 0 && IsScheme(span[..scheme]);
        if (hasScheme) span = span[(scheme + 3)..];
        else if (scheme >= 0) return null;

        var end = span.IndexOfAny('/', '?', '#');
        if (end >= 0) span = span[..end];
        var at = span.LastIndexOf('@');
        if (at >= 0) span = span[(at + 1)..];
        if (span.IsEmpty) return null;

        string host;
        if (span[0] == '[')
        {
            var close = span.IndexOf(']');
            if (close < 0) return null;
            host = span[1..close].ToString();
        }
        else
        {
            var colons = span.Count(':');
            if (colons > 1) host = span.ToString(); // a bare IPv6 address
            else
            {
                var colon = span.IndexOf(':');
                host = (colon >= 0 ? span[..colon] : span).ToString();
            }
        }
        host = CanonicalHost(host.ToLowerInvariant().TrimEnd('.'));
        if (host.Length == 0) return null;
        if (!hasScheme && !LooksLikeHost(host)) return null;
        return host;
    }

    /// <summary>Numeric hosts in their canonical dotted form: <c>0xa9fea9fe</c>, <c>2852039166</c>, <c>0251.0376.0251.0376</c>
    /// and <c>::ffff:169.254.169.254</c> are all <c>169.254.169.254</c> to the network stack, so to the rules too.</summary>
    public static string CanonicalHost(string host)
    {
        if (host.StartsWith("::ffff:", StringComparison.Ordinal))
        {
            var mapped = host[7..];
            if (mapped.Contains('.', StringComparison.Ordinal)) return CanonicalHost(mapped);
            var colon = mapped.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && uint.TryParse(mapped[..colon], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var high)
                && uint.TryParse(mapped[(colon + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var low)
                && high <= 0xFFFF && low <= 0xFFFF)
                return Dotted((high << 16) | low);
            return host;
        }
        if (host.Length == 0 || !(char.IsAsciiDigit(host[0]))) return host;
        var parts = host.Split('.');
        if (parts.Length > 4) return host;
        var values = new ulong[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!TryParseIpPart(parts[i], out values[i])) return host;
        }
        ulong address = 0;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            if (values[i] > 0xFF) return host;
            address = (address << 8) | values[i];
        }
        var lastBits = 8 * (5 - parts.Length);
        var last = values[^1];
        if (lastBits < 64 && last >= 1UL << lastBits) return host;
        address = (address << lastBits) | last;
        return address > uint.MaxValue ? host : Dotted((uint)address);
    }

    private static bool TryParseIpPart(string part, out ulong value)
    {
        value = 0;
        if (part.Length == 0 || part.Length > 12) return false;
        if (part.StartsWith("0x", StringComparison.Ordinal))
            return part.Length > 2 && ulong.TryParse(part.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out value);
        if (part.Length > 1 && part[0] == '0')
        {
            foreach (var c in part)
            {
                if (c is < '0' or > '7') return false;
                value = value * 8 + (ulong)(c - '0');
            }
            return true;
        }
        return ulong.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static string Dotted(uint address) =>
        string.Create(CultureInfo.InvariantCulture, $"{address >> 24}.{(address >> 16) & 0xFF}.{(address >> 8) & 0xFF}.{address & 0xFF}");


    /// <summary>The port of a URL or <c>host:port</c>, when written.</summary>
    public static int? PortOf(string text)
    {
        var span = text.AsSpan();
        var scheme = span.IndexOf("://", StringComparison.Ordinal);
        if (scheme > 0) span = span[(scheme + 3)..];
        var end = span.IndexOfAny('/', '?', '#');
        if (end >= 0) span = span[..end];
        var at = span.LastIndexOf('@');
        if (at >= 0) span = span[(at + 1)..];
        var close = span.LastIndexOf(']');
        var colon = span.LastIndexOf(':');
        if (colon < 0 || colon < close || (close < 0 && span.Count(':') > 1)) return null;
        return int.TryParse(span[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : null;
    }

    /// <summary>The path part of a URL ("/" when none).</summary>
    public static string PathOf(string url)
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        var start = scheme > 0 ? scheme + 3 : 0;
        var slash = url.IndexOf('/', start);
        return slash < 0 ? "/" : url[slash..];
    }

    /// <summary>The host of <c>/dev/tcp/HOST/PORT</c> starting at <paramref name="index"/>.</summary>
    public static string? HostOfDevTcp(string text, int index)
    {
        var start = text.IndexOf('/', text.IndexOf('/', index + 1) + 1) + 1;
        if (text.AsSpan(index).StartsWith("/inet/", StringComparison.OrdinalIgnoreCase))
        {
            // gawk: /inet/tcp/LOCALPORT/HOST/REMOTEPORT
            start = text.IndexOf('/', start) + 1;
            if (start <= 0) return null;
        }
        if (start <= 0 || start >= text.Length) return null;
        var end = text.AsSpan(start).IndexOfAny(HostTerminators);
        if (end >= 0) end += start;
        var host = (end < 0 ? text[start..] : text[start..end]).ToLowerInvariant();
        return host.Length == 0 || host == "0" ? null : host;
    }

    public static bool IsLoopback(string host) =>
        host is "localhost" or "::1" or "0.0.0.0" || host.StartsWith("127.", StringComparison.Ordinal)
        || host.EndsWith(".localhost", StringComparison.Ordinal);

    /// <summary>True for IPv4 addresses, names with a dot, localhost, and IPv6 addresses.</summary>
    public static bool LooksLikeHost(string host)
    {
        if (host == "localhost") return true;
        if (host.Contains(':', StringComparison.Ordinal)) return host.AsSpan().IndexOfAnyExcept(Ipv6Characters) < 0;
        if (!host.Contains('.', StringComparison.Ordinal) || host.StartsWith('.') || host.EndsWith('.')) return false;
        foreach (var c in host)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '-' or '_')) return false;
        }
        return true;
    }

    private static bool IsScheme(ReadOnlySpan<char> scheme)
    {
        foreach (var c in scheme)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.')) return false;
        }
        return true;
    }
}
