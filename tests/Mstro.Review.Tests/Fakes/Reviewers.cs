namespace Mstro.Review.Tests.Fakes;

/// <summary>Reviewers pointed at a fake API, with a test key from a test environment (never the process's own).</summary>
public static class Reviewers
{
    public const string Key = "sk-ant-api03-Xq7TESTKEYdoNotUse9f3Lw0-ZZ8pa1b2";
    public const string TestModel = "claude-test-model";

    public static ReviewerEnvironment Environment(string? key = Key, string? baseUrl = null, string home = "/nonexistent-home-for-tests")
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        if (key is not null)
        {
            variables["ANTHROPIC_API_KEY"] = key;
        }

        if (baseUrl is not null)
        {
            variables["ANTHROPIC_BASE_URL"] = baseUrl;
        }

        return new ReviewerEnvironment(home, variables);
    }

    public static AiReviewer For(FakeMessagesApi api, AiReviewOptions? options = null, TimeProvider? clock = null) =>
        AiReviewer.Create(
            (options ?? new AiReviewOptions()) with { BaseUrl = api.BaseUrl, Model = TestModel },
            Environment(),
            clock);
}
