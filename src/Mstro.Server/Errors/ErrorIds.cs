using System.Security.Cryptography;

namespace Mstro.Server.Errors;

/// <summary>Short random ids that tie an error response to its log entry.</summary>
public static class ErrorIds
{
    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
}
