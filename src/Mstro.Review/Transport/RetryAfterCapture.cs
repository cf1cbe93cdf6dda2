using System.Globalization;

namespace Mstro.Review.Transport;

/// <summary>
/// Reads <c>retry-after-ms</c> / <c>retry-after</c> from a refused response: the SDK's exceptions do not carry
/// headers, and the reviewer needs the value to decide whether a retry fits in its budget.
/// </summary>
internal sealed class RetryAfterCapture : DelegatingHandler
{
    private static readonly AsyncLocal<Observation?> Current = new();

    /// <summary>Starts observing the requests sent from this async flow; read the result after the call.</summary>
    public static Observation Observe()
    {
        var observation = new Observation();
        Current.Value = observation;
        return observation;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (Current.Value is { } observation)
        {
            observation.StatusCode = (int)response.StatusCode;
            observation.RetryAfter = Parse(response);
        }

        return response;
    }

    internal static TimeSpan? Parse(HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues("retry-after-ms", out var milliseconds)
            && double.TryParse(milliseconds.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms)
            && ms is >= 0 and < 86_400_000)
        {
            return TimeSpan.FromMilliseconds(ms);
        }

        if (response.Headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
            }

            if (retryAfter.Date is { } date)
            {
                var wait = date - DateTimeOffset.UtcNow;
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }
        }

        return null;
    }

    /// <summary>What the last response of one call said.</summary>
    internal sealed class Observation
    {
        public int? StatusCode { get; set; }

        public TimeSpan? RetryAfter { get; set; }
    }
}
