using Mstro.Bouncer.Redaction;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Anthropic;
using Anthropic.Core;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;
using Mstro.Review.Credentials;
using Mstro.Review.Verdicts;

namespace Mstro.Review.Transport;

/// <summary>One attempt's result: a message, or a classified failure with a detail safe to show.</summary>
internal sealed record AttemptResult(Message? Message, ReviewFailureKind Failure, string Detail, bool Retryable, TimeSpan? RetryAfter)
{
    public static AttemptResult Answered(Message message) => new(message, ReviewFailureKind.None, string.Empty, false, null);

    public static AttemptResult Failed(ReviewFailureKind failure, string detail, bool retryable = false, TimeSpan? retryAfter = null) =>
        new(null, failure, detail, retryable, retryAfter);
}

/// <summary>
/// Sends one Messages request through the official SDK, with the SDK's own retries off (the reviewer owns the budget),
/// its telemetry off, no redirects, and every failure classified. Nothing it reports holds the key.
/// </summary>
internal sealed class MessagesTransport : IDisposable
{
    private readonly HttpClient _http;
    private readonly AnthropicClient _client;
    private readonly ApiKey _key;

    public MessagesTransport(string baseUrl, ApiKey key, TimeSpan timeout)
    {
        _key = key;
        var sockets = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectTimeout = timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        // The reviewer's own budget cancels a call; HttpClient's 100-second default must not race it.
        _http = new HttpClient(new RetryAfterCapture { InnerHandler = sockets }) { Timeout = Timeout.InfiniteTimeSpan };
        _client = new AnthropicClient(new ClientOptions
        {
            BaseUrl = baseUrl,
            ApiKey = key.Reveal(),
            HttpClient = _http,
            MaxRetries = 0,
            Timeout = timeout,
            OpenTelemetry = new OpenTelemetryOptions { Traces = new OpenTelemetryTraces { Enabled = false } },
        });
    }

    /// <summary>Sends once. Throws <see cref="OperationCanceledException"/> only when <paramref name="callerToken"/> is cancelled.</summary>
    public async Task<AttemptResult> SendAsync(MessageCreateParams parameters, CancellationToken budgetToken, CancellationToken callerToken)
    {
        var observation = RetryAfterCapture.Observe();
        try
        {
            var message = await _client.Messages.Create(parameters, budgetToken);
            return AttemptResult.Answered(message);
        }
        catch (OperationCanceledException) when (callerToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            return AttemptResult.Failed(ReviewFailureKind.Timeout, "no answer in time");
        }
        catch (AnthropicApiException exception)
        {
            return Classify(exception, observation.RetryAfter);
        }
        catch (AnthropicIOException exception)
        {
            var error = exception.InnerException?.HttpRequestError.ToString() ?? "unknown";
            return AttemptResult.Failed(ReviewFailureKind.NetworkError, $"the API could not be reached ({error})", retryable: true);
        }
        catch (HttpRequestException exception)
        {
            return AttemptResult.Failed(ReviewFailureKind.NetworkError, $"the API could not be reached ({exception.HttpRequestError})", retryable: true);
        }
        catch (Exception exception) when (exception is JsonException or AnthropicInvalidDataException)
        {
            return AttemptResult.Failed(ReviewFailureKind.Malformed, "the API answered with something that is not a valid message");
        }
        catch (Exception exception) when (exception is AnthropicException or InvalidOperationException or ArgumentException or NotSupportedException)
        {
            return AttemptResult.Failed(ReviewFailureKind.Internal, $"unexpected {exception.GetType().Name} from the SDK");
        }
    }

    private AttemptResult Classify(AnthropicApiException exception, TimeSpan? retryAfter)
    {
        var status = (int)exception.StatusCode;
        return status switch
        {
            401 => AttemptResult.Failed(ReviewFailureKind.Unauthorized, $"the API key {_key.Masked} was rejected (401): check ANTHROPIC_API_KEY or ~/.mstro/credentials.json"),
            403 => AttemptResult.Failed(ReviewFailureKind.Unauthorized, $"the API key {_key.Masked} is not allowed to do this (403){ApiSays(exception)}"),
            429 => AttemptResult.Failed(ReviewFailureKind.RateLimited, "rate limited (429)", retryable: true, retryAfter),
            >= 500 => AttemptResult.Failed(ReviewFailureKind.ServerError, string.Create(CultureInfo.InvariantCulture, $"the API failed ({status})"), retryable: true, retryAfter),
            (int)HttpStatusCode.RequestTimeout or (int)HttpStatusCode.Conflict =>
                AttemptResult.Failed(ReviewFailureKind.HttpError, string.Create(CultureInfo.InvariantCulture, $"the API answered {status}"), retryable: true, retryAfter),
            _ => AttemptResult.Failed(ReviewFailureKind.HttpError, string.Create(CultureInfo.InvariantCulture, $"the API refused the request ({status}){ApiSays(exception)}")),
        };
    }

    /// <summary>The API's own explanation (e.g. an unknown model), redacted, without the key, on one short line.</summary>
    private string ApiSays(AnthropicApiException exception)
    {
        string? said;
        try
        {
            said = exception.ApiMessage;
        }
        catch (Exception error) when (error is AnthropicInvalidDataException or JsonException or InvalidOperationException)
        {
            said = null;
        }

        if (string.IsNullOrWhiteSpace(said))
        {
            return string.Empty;
        }

        var safe = SecretRedactor.Redact(said).Replace(_key.Reveal(), SecretRedactor.Marker, StringComparison.Ordinal);
        return ": " + VerdictParser.Printable(safe, 200);
    }

    public void Dispose()
    {
        _client.Dispose();
        _http.Dispose();
    }
}
