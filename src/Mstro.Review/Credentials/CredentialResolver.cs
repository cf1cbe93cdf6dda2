using System.Globalization;
using System.Runtime.Versioning;
using System.Text.Json;

namespace Mstro.Review.Credentials;

/// <summary>Where Layer 2's key came from, or why there is none.</summary>
/// <param name="Key">The key, or null when AI review is off.</param>
/// <param name="Source">For the TUI: <c>ANTHROPIC_API_KEY</c>, the credentials file, or why there is no key (a refusal says how to fix it).</param>
/// <param name="Refused">True when a credentials file exists but was refused (unsafe mode, unreadable, malformed).</param>
public sealed record ResolvedCredential(ApiKey? Key, string Source, bool Refused = false);

/// <summary>
/// Finds the API key: <c>ANTHROPIC_API_KEY</c> first, then mstro's credentials file
/// (<c>~/.mstro/credentials.json</c>, <c>{"anthropicApiKey": "..."}</c>), which is refused unless it is 0600 (or
/// narrower) inside a 0700 (or narrower) directory. Messages name files and modes, never the key or the file's content.
/// </summary>
public static class CredentialResolver
{
    public const string EnvironmentVariable = "ANTHROPIC_API_KEY";
    public const string FileName = "credentials.json";
    public const string KeyProperty = "anthropicApiKey";
    private const int MaxFileBytes = 64 * 1024;

    /// <summary>The credentials file for a home directory.</summary>
    public static string CredentialsPath(string home) => Path.Combine(home, ".mstro", FileName);

    public static ResolvedCredential Resolve(ReviewerEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var fromEnvironment = environment.Variable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return new ResolvedCredential(new ApiKey(fromEnvironment), EnvironmentVariable);
        }

        var path = CredentialsPath(environment.Home);
        if (!File.Exists(path))
        {
            return new ResolvedCredential(null, $"no API key: set {EnvironmentVariable} or write {{\"{KeyProperty}\": \"...\"}} to {path} (mode 0600)");
        }

        if (OperatingSystem.IsWindows())
        {
            return Refuse($"{path} cannot be checked for safe permissions on Windows; set {EnvironmentVariable} instead");
        }

        return ReadFile(path);
    }

    [UnsupportedOSPlatform("windows")]
    private static ResolvedCredential ReadFile(string path)
    {
        var directory = Path.GetDirectoryName(path)!;
        try
        {
            var directoryMode = File.GetUnixFileMode(directory);
            if ((directoryMode & ~(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute)) != 0)
            {
                return Refuse($"{directory} has mode {Octal(directoryMode)}, wider than 0700: run `chmod 700 {directory}`");
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            // The mode of the file actually opened, not of whatever the path names a moment later.
            var fileMode = File.GetUnixFileMode(stream.SafeFileHandle);
            if ((fileMode & ~(UnixFileMode.UserRead | UnixFileMode.UserWrite)) != 0)
            {
                return Refuse($"{path} has mode {Octal(fileMode)}, wider than 0600: run `chmod 600 {path}`");
            }

            if (stream.Length > MaxFileBytes)
            {
                return Refuse($"{path} is larger than {MaxFileBytes / 1024} KB; it should hold only {{\"{KeyProperty}\": \"...\"}}");
            }

            using var document = JsonDocument.Parse(stream);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty(KeyProperty, out var keyElement)
                || keyElement.ValueKind != JsonValueKind.String
                || string.IsNullOrWhiteSpace(keyElement.GetString()))
            {
                return Refuse($"{path} has no \"{KeyProperty}\" string");
            }

            return new ResolvedCredential(new ApiKey(keyElement.GetString()!), path);
        }
        catch (JsonException exception)
        {
            // The parser's message can quote the file; only the position is kept.
            return Refuse(string.Create(CultureInfo.InvariantCulture, $"{path} is not valid JSON (line {exception.LineNumber + 1})"));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return Refuse($"{path} could not be read ({exception.GetType().Name})");
        }
    }

    private static ResolvedCredential Refuse(string why) => new(null, "credentials file refused: " + why, Refused: true);

    private static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode, 8);
}
