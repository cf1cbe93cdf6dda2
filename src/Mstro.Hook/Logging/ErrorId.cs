using System.Security.Cryptography;

namespace Mstro.Hook.Logging;

/// <summary>Short random ids that tie an answer shown to a person to the full error in the error log.</summary>
public static class ErrorId
{
    /// <summary>12 lower-case hex digits (48 random bits): unique enough to find one error in a log.</summary>
    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
}
