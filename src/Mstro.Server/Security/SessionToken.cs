using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Mstro.Server.Security;

/// <summary>The session token: 32 bytes from the cryptographic RNG, made fresh at every start, never reused. Compared
/// in constant time. It lets a local process submit hook events and read the feed, never answer an escalation.</summary>
public sealed class SessionToken
{
    private const int TokenBytes = 32;
    private const int MaxPresentedBytes = 256;

    private readonly byte[] _utf8;

    private SessionToken(string value)
    {
        Value = value;
        _utf8 = Encoding.ASCII.GetBytes(value);
    }

    /// <summary>base64url, 43 characters. Goes into the runtime file only: never into a log, a URL or a message.</summary>
    internal string Value { get; }

    public static SessionToken Create()
    {
        Span<byte> raw = stackalloc byte[TokenBytes];
        RandomNumberGenerator.Fill(raw);
        var token = new SessionToken(Base64Url.EncodeToString(raw));
        CryptographicOperations.ZeroMemory(raw);
        return token;
    }

    /// <summary>Constant-time comparison (the time depends only on the lengths, which are public).</summary>
    public bool Matches(ReadOnlySpan<char> presented)
    {
        if (presented.IsEmpty || presented.Length > MaxPresentedBytes) return false;
        Span<byte> buffer = stackalloc byte[MaxPresentedBytes * 3];
        if (!Encoding.UTF8.TryGetBytes(presented, buffer, out var written)) return false;
        var matches = CryptographicOperations.FixedTimeEquals(buffer[..written], _utf8);
        CryptographicOperations.ZeroMemory(buffer[..written]);
        return matches;
    }

    public override string ToString() => "SessionToken(redacted)";
}
