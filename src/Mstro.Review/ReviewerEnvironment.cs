namespace Mstro.Review;

/// <summary>The environment Layer 2 reads (home directory, variables), passed in so tests give their own.</summary>
/// <param name="Home">The home directory (HOME), where <c>.mstro/credentials.json</c> lives.</param>
/// <param name="Variables">The environment variables; only <c>ANTHROPIC_API_KEY</c> and <c>ANTHROPIC_BASE_URL</c> are read.</param>
public sealed record ReviewerEnvironment(string Home, IReadOnlyDictionary<string, string> Variables)
{
    public const string BaseUrlVariable = "ANTHROPIC_BASE_URL";

    /// <summary>This process's environment: HOME when set, else the user profile.</summary>
    public static ReviewerEnvironment Current()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in new[] { Credentials.CredentialResolver.EnvironmentVariable, BaseUrlVariable })
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                variables[name] = value;
            }
        }

        var home = Environment.GetEnvironmentVariable("HOME");
        return new ReviewerEnvironment(
            string.IsNullOrEmpty(home) ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) : home,
            variables);
    }

    public string? Variable(string name) => Variables.TryGetValue(name, out var value) ? value : null;

    /// <summary>Never prints the variables' values (they hold the API key).</summary>
    public override string ToString() => $"ReviewerEnvironment {{ Home = {Home}, Variables = [{string.Join(", ", Variables.Keys)}] }}";
}
