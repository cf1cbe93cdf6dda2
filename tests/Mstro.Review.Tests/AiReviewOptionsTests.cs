using Mstro.Review.Tests.Fakes;

namespace Mstro.Review.Tests;

public sealed class AiReviewOptionsTests
{
    [Fact]
    public void DefaultsAreValid()
    {
        var options = new AiReviewOptions();

        Assert.Empty(options.Validate());
        Assert.Equal(TimeSpan.FromSeconds(8), options.Timeout);
        Assert.Equal(TimeSpan.FromMinutes(10), options.CacheWindow);
        Assert.Equal(1_000, options.CacheCapacity);
        Assert.Equal(0.7, options.MinAllowConfidence);
        Assert.Null(options.BaseUrl);
    }

    public static TheoryData<AiReviewOptions, string> Invalid => new()
    {
        { new AiReviewOptions { Model = "" }, "model must be" },
        { new AiReviewOptions { Model = "claude haiku" }, "model must be" },
        { new AiReviewOptions { BaseUrl = "api.anthropic.com" }, "baseUrl must be an absolute http(s) URL" },
        { new AiReviewOptions { BaseUrl = "ftp://127.0.0.1" }, "baseUrl must be an absolute http(s) URL" },
        { new AiReviewOptions { BaseUrl = "http://proxy.corp.example:8080" }, "baseUrl must use https unless it points at this machine" },
        { new AiReviewOptions { BaseUrl = "https://user:pw@proxy.example" }, "baseUrl must not carry a user name or password" },
        { new AiReviewOptions { BaseUrl = "https://proxy.example/?key=abc" }, "baseUrl must not have a query" },
        { new AiReviewOptions { Timeout = TimeSpan.Zero }, "timeout must be" },
        { new AiReviewOptions { Timeout = TimeSpan.FromMinutes(5) }, "timeout must be" },
        { new AiReviewOptions { MaxRetries = 4 }, "maxRetries must be" },
        { new AiReviewOptions { MinRetryBudget = TimeSpan.FromSeconds(9) }, "minRetryBudget must be" },
        { new AiReviewOptions { CacheWindow = TimeSpan.FromSeconds(-1) }, "cacheWindow must be" },
        { new AiReviewOptions { CacheCapacity = -1 }, "cacheCapacity must be" },
        { new AiReviewOptions { MinAllowConfidence = 1.5 }, "minAllowConfidence must be" },
        { new AiReviewOptions { MinAllowConfidence = double.NaN }, "minAllowConfidence must be" },
        { new AiReviewOptions { MaxToolInputChars = 10 }, "maxToolInputChars must be" },
        { new AiReviewOptions { MaxUserPromptChars = -1 }, "maxUserPromptChars must be" },
        { new AiReviewOptions { MaxTranscriptChars = 1_000_000 }, "maxTranscriptChars must be" },
        { new AiReviewOptions { MaxOutputTokens = 10 }, "maxOutputTokens must be" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void InvalidOptionIsReportedAndStopsCreation(AiReviewOptions options, string problem)
    {
        Assert.Contains(options.Validate(), found => found.Contains(problem, StringComparison.Ordinal));
        var error = Assert.Throws<AiReviewConfigurationException>(() => AiReviewer.Create(options, Reviewers.Environment()));
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Reviewers.Key, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080")]
    [InlineData("http://localhost:4000/anthropic")]
    [InlineData("https://proxy.corp.example/anthropic/")]
    public void LoopbackHttpAndAnyHttpsAreAccepted(string baseUrl) =>
        Assert.Empty(new AiReviewOptions { BaseUrl = baseUrl }.Validate());

    [Fact]
    public void InvalidAnthropicBaseUrlIsReportedByName()
    {
        var error = Assert.Throws<AiReviewConfigurationException>(() =>
            AiReviewer.Create(new AiReviewOptions(), Reviewers.Environment(baseUrl: "http://10.0.0.5:8080")));

        Assert.Contains("ANTHROPIC_BASE_URL must use https", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SeveralProblemsAreAllListed()
    {
        var problems = new AiReviewOptions { MaxRetries = 9, CacheCapacity = -5, Model = "" }.Validate();

        Assert.Equal(3, problems.Count);
    }
}
