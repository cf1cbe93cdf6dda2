using Anthropic.Core;
using Anthropic.Models.Messages;

namespace Mstro.Review;

/// <summary>Layer 2's settings. Validated once at start (<see cref="Validate"/>); a bad value is a clear error, never a silent default.</summary>
public sealed record AiReviewOptions
{
    /// <summary>
    /// The newest Haiku the SDK knows. Taken from the SDK's enum rather than typed here, so that when the SDK marks it
    /// obsolete the build (warnings as errors) says it is time to move on.
    /// </summary>
    public static readonly string DefaultModel = ((ApiEnum<string, Model>)Anthropic.Models.Messages.Model.ClaudeHaiku5_5).Raw();

    public const string DefaultBaseUrl = "https://api.anthropic.com";

    /// <summary>The model asked. Default: <see cref="DefaultModel"/>.</summary>
    public string Model { get; init; } = DefaultModel;

    /// <summary>The API base URL. Null: <c>ANTHROPIC_BASE_URL</c> when set, else <see cref="DefaultBaseUrl"/>.</summary>
    public string? BaseUrl { get; init; }

    /// <summary>The whole budget of one review, retries included. Default 8 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>Retries after a 429, a 5xx or a connection error, when they fit in the budget. Default 1.</summary>
    public int MaxRetries { get; init; } = 1;

    /// <summary>A retry is sent only if at least this much of the budget remains after its delay. Default 2 s.</summary>
    public TimeSpan MinRetryBudget { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long an identical call reuses the model's verdict. Default 10 min; zero turns the cache off.</summary>
    public TimeSpan CacheWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Verdicts kept (least recently used leave first). Default 1,000; zero turns the cache off.</summary>
    public int CacheCapacity { get; init; } = 1_000;

    /// <summary>An AI allow below this confidence goes to a person. Default 0.7.</summary>
    public double MinAllowConfidence { get; init; } = 0.7;

    /// <summary>Characters of tool input sent to the model, all fields together; longer values are cut (and the prompt says so).</summary>
    public int MaxToolInputChars { get; init; } = 16_000;

    /// <summary>Characters of the user's latest prompt sent.</summary>
    public int MaxUserPromptChars { get; init; } = 4_000;

    /// <summary>Characters of the transcript tail sent (its most recent end).</summary>
    public int MaxTranscriptChars { get; init; } = 6_000;

    /// <summary>The model's answer budget: a tool call with a short reason needs a few hundred tokens.</summary>
    public int MaxOutputTokens { get; init; } = 400;

    /// <summary>Every problem with these settings, in words a user can act on; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Model) || Model.Length > 128 || Model.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            problems.Add("model must be a model name such as \"claude-haiku-4-5\" (no spaces, at most 128 characters).");
        }

        if (BaseUrl is not null && BaseUrlRules.Check(BaseUrl) is { } baseUrlProblem)
        {
            problems.Add($"baseUrl {baseUrlProblem}");
        }

        Require(problems, Timeout >= TimeSpan.FromMilliseconds(50) && Timeout <= TimeSpan.FromMinutes(2), "timeout must be between 50 ms and 2 min.");
        Require(problems, MaxRetries is >= 0 and <= 3, "maxRetries must be between 0 and 3.");
        Require(problems, MinRetryBudget >= TimeSpan.Zero && MinRetryBudget <= Timeout, "minRetryBudget must be between 0 and the timeout.");
        Require(problems, CacheWindow >= TimeSpan.Zero && CacheWindow <= TimeSpan.FromHours(24), "cacheWindow must be between 0 (off) and 24 h.");
        Require(problems, CacheCapacity is >= 0 and <= 100_000, "cacheCapacity must be between 0 (off) and 100,000.");
        Require(problems, MinAllowConfidence is >= 0 and <= 1 && !double.IsNaN(MinAllowConfidence), "minAllowConfidence must be between 0 and 1.");
        Require(problems, MaxToolInputChars is >= 256 and <= 200_000, "maxToolInputChars must be between 256 and 200,000.");
        Require(problems, MaxUserPromptChars is >= 0 and <= 100_000, "maxUserPromptChars must be between 0 and 100,000.");
        Require(problems, MaxTranscriptChars is >= 0 and <= 100_000, "maxTranscriptChars must be between 0 and 100,000.");
        Require(problems, MaxOutputTokens is >= 128 and <= 4_096, "maxOutputTokens must be between 128 and 4,096.");
        return problems;
    }

    private static void Require(List<string> problems, bool condition, string problem)
    {
        if (!condition)
        {
            problems.Add(problem);
        }
    }
}

/// <summary>Settings or environment that make Layer 2 unusable. The message lists every problem and holds no secret.</summary>
public sealed class AiReviewConfigurationException : Exception
{
    public AiReviewConfigurationException(IReadOnlyList<string> problems)
        : base("AI review settings are invalid: " + string.Join(" ", problems))
    {
        Problems = problems;
    }

    public AiReviewConfigurationException()
        : this([])
    {
    }

    public AiReviewConfigurationException(string message)
        : this([message])
    {
    }

    public AiReviewConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    public IReadOnlyList<string> Problems { get; } = [];
}

/// <summary>What a base URL must be: the key travels to it.</summary>
internal static class BaseUrlRules
{
    /// <summary>A problem with <paramref name="url"/>, or null when it is usable.</summary>
    public static string? Check(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return "must be an absolute http(s) URL.";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "must not carry a user name or password (credentials never go in a URL).";
        }

        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            return "must not have a query or fragment.";
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
        {
            return "must use https unless it points at this machine (the API key would cross the network in clear).";
        }

        return null;
    }
}
