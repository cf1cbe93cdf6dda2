namespace Mstro.Protocol;

/// <summary>Sizes both sides agree on.</summary>
public static class ProtocolLimits
{
    /// <summary>The server's default request body cap. A hook payload larger than this is decided by Layer 1 alone.</summary>
    public const long DefaultMaxRequestBodyBytes = 4 * 1024 * 1024;

    /// <summary>The longest prompt the server keeps per session (for AI review) and the longest it puts in an event.</summary>
    public const int MaxStoredPromptChars = 16 * 1024;
    public const int MaxEventPromptChars = 1000;
}
