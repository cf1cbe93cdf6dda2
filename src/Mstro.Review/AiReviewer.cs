using System.Diagnostics;
using System.Globalization;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;
using Mstro.Review.Caching;
using Mstro.Review.Credentials;
using Mstro.Review.Prompt;
using Mstro.Review.Transport;
using Mstro.Review.Verdicts;

namespace Mstro.Review;

/// <summary>
/// Layer 2: asks a small Claude model, through the official SDK, to judge a call Layer 1 found ambiguous, and applies
/// <see cref="ReviewPolicy"/> to its answer. Every failure escalates with its kind and reason; valid verdicts are
/// cached for identical calls. The key is never logged, never part of a message or a ToString.
/// </summary>
public sealed class AiReviewer : IAiReviewer, IDisposable
{
    private readonly AiReviewOptions _options;
    private readonly ResolvedCredential _credential;
    private readonly string _baseUrl;
    private readonly MessagesTransport? _transport;
    private readonly VerdictCache _cache;

    private AiReviewer(AiReviewOptions options, ResolvedCredential credential, string baseUrl, TimeProvider clock)
    {
        _options = options;
        _credential = credential;
        _baseUrl = baseUrl;
        _transport = credential.Key is { } key ? new MessagesTransport(baseUrl, key, options.Timeout) : null;
        _cache = new VerdictCache(options.CacheCapacity, options.CacheWindow, clock);
    }

    /// <summary>
    /// Validates the options, resolves the base URL (option, then <c>ANTHROPIC_BASE_URL</c>, then the public API) and
    /// the key (<c>ANTHROPIC_API_KEY</c>, then <c>~/.mstro/credentials.json</c>). A missing or refused key is not an
    /// error: the reviewer then reports "not configured" and every review escalates.
    /// </summary>
    /// <exception cref="AiReviewConfigurationException">An option or <c>ANTHROPIC_BASE_URL</c> is invalid.</exception>
    public static AiReviewer Create(AiReviewOptions options, ReviewerEnvironment environment, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        var problems = options.Validate().ToList();
        var baseUrl = options.BaseUrl ?? environment.Variable(ReviewerEnvironment.BaseUrlVariable);
        if (string.IsNullOrWhiteSpace(baseUrl))
        {
            baseUrl = AiReviewOptions.DefaultBaseUrl;
        }
        else if (options.BaseUrl is null && BaseUrlRules.Check(baseUrl) is { } problem)
        {
            problems.Add($"{ReviewerEnvironment.BaseUrlVariable} {problem}");
        }

        if (problems.Count > 0)
        {
            throw new AiReviewConfigurationException(problems);
        }

        return new AiReviewer(options, CredentialResolver.Resolve(environment), baseUrl.TrimEnd('/'), clock ?? TimeProvider.System);
    }

    public bool IsConfigured => _transport is not null;

    internal int CachedVerdicts => _cache.Count;

    public ReviewerDescription Describe() =>
        new(IsConfigured, _options.Model, _baseUrl, _credential.Key?.Masked, _credential.Source);

    public async Task<ReviewOutcome> ReviewAsync(ReviewRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Layer1);
        ArgumentNullException.ThrowIfNull(request.ToolName);
        ArgumentNullException.ThrowIfNull(request.Cwd);
        cancellationToken.ThrowIfCancellationRequested();
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await ReviewCoreAsync(request, started, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A bug here must not become a silent allow or an unhandled error on the hook path: it escalates, named.
            return Conclude(request, null, ReviewFailureKind.Internal, $"unexpected {exception.GetType().Name} in mstro's reviewer", fromCache: false, attempts: 0, started);
        }
    }

    private async Task<ReviewOutcome> ReviewCoreAsync(ReviewRequest request, long started, CancellationToken cancellationToken)
    {
        if (!ReviewPolicy.NeedsModel(request.Layer1.Decision))
        {
            return Conclude(request, null, ReviewFailureKind.None, string.Empty, fromCache: false, attempts: 0, started);
        }

        if (_transport is null)
        {
            return Conclude(request, null, ReviewFailureKind.NotConfigured, _credential.Source, fromCache: false, attempts: 0, started);
        }

        var fingerprint = CallFingerprint.Compute(request);
        if (_cache.TryGet(fingerprint, out var cached))
        {
            return Conclude(request, cached, ReviewFailureKind.None, string.Empty, fromCache: true, attempts: 0, started);
        }

        var prompt = ReviewPromptBuilder.Build(request, _options, ReviewPrompt.NewNonce());
        var parameters = new MessageCreateParams
        {
            Model = _options.Model,
            MaxTokens = _options.MaxOutputTokens,
            System = prompt.System,
            Messages = [new UserMessageParam(prompt.User)],
            Tools = [SubmitVerdictTool.Definition],
            ToolChoice = SubmitVerdictTool.Choice,
        };

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(_options.Timeout);
        var attempts = 0;
        while (true)
        {
            attempts++;
            var attempt = await _transport.SendAsync(parameters, budget.Token, cancellationToken);
            if (attempt.Message is { } message)
            {
                var parsed = Parse(message);
                if (parsed.Verdict is { } verdict)
                {
                    _cache.Set(fingerprint, verdict);
                    return Conclude(request, verdict, ReviewFailureKind.None, string.Empty, fromCache: false, attempts, started);
                }

                return Conclude(request, null, ReviewFailureKind.Malformed, parsed.Problem ?? "unusable answer", fromCache: false, attempts, started);
            }

            var detail = attempt.Failure == ReviewFailureKind.Timeout
                ? string.Create(CultureInfo.InvariantCulture, $"no answer within {_options.Timeout.TotalSeconds:0.###} s")
                : attempt.Detail;
            if (!attempt.Retryable || attempts > _options.MaxRetries)
            {
                return Conclude(request, null, attempt.Failure, detail, fromCache: false, attempts, started);
            }

            var delay = attempt.RetryAfter ?? Backoff(attempts);
            var remaining = _options.Timeout - Stopwatch.GetElapsedTime(started);
            if (remaining - delay < _options.MinRetryBudget)
            {
                var why = attempt.RetryAfter is { } asked
                    ? string.Create(CultureInfo.InvariantCulture, $"{detail}; the API asked to wait {asked.TotalSeconds:0.#} s, more than the time budget allows")
                    : $"{detail}; no time left in the budget to retry";
                return Conclude(request, null, attempt.Failure, why, fromCache: false, attempts, started);
            }

            try
            {
                await Task.Delay(delay, budget.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return Conclude(request, null, ReviewFailureKind.Timeout, $"{detail}, then no time left to retry", fromCache: false, attempts, started);
            }
        }
    }

    private static ParsedVerdict Parse(Message message)
    {
        try
        {
            return VerdictParser.Parse(message.Content, message.StopReason?.Raw());
        }
        catch (Exception exception) when (exception is AnthropicInvalidDataException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return new ParsedVerdict(null, "the answer's content is not a list of valid blocks");
        }
    }

    private static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(250 * Math.Pow(2, attempt - 1) * (0.8 + (0.4 * Random.Shared.NextDouble())));

    private ReviewOutcome Conclude(ReviewRequest request, ModelVerdict? verdict, ReviewFailureKind failure, string detail, bool fromCache, int attempts, long started)
    {
        var result = ReviewPolicy.Decide(
            request.Layer1.Decision, request.Layer1.Severity, request.UserRuleAllowsDangerous, verdict, failure, _options.MinAllowConfidence);
        var reason = OutcomeText.Reason(result, request.Layer1.Severity, verdict, failure, detail, fromCache, _options.MinAllowConfidence);
        return new ReviewOutcome(
            result.Decision, reason, failure, result.Adjustment, verdict, fromCache, _options.Model, attempts, Stopwatch.GetElapsedTime(started));
    }

    public void Dispose() => _transport?.Dispose();
}
