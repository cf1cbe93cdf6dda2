using System.Diagnostics;
using System.Globalization;
using System.Text;
using Mstro.Review;
using Mstro.Review.Tests.Fakes;

// Layer-2 request latency over a local fake Messages API (Kestrel on 127.0.0.1, answering at once):
// what mstro itself adds to a review (prompt, redaction, SDK serialisation, HTTP on loopback, strict parsing,
// policy), next to a bare HttpClient POST of the same size to the same fake, and a cache hit.
// Usage: dotnet run -c Release --project bench/Mstro.Bench.Review [-- reviews [--show-prompt]]
var reviews = args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var n) ? n : 2_000;
const int warmup = 200;

await using var api = await FakeMessagesApi.StartAsync();
api.Default = ScriptedResponse.Verdict("allow", 0.9, "Builds the project as the user asked.");
var environment = new ReviewerEnvironment("/nonexistent", new Dictionary<string, string> { ["ANTHROPIC_API_KEY"] = "sk-ant-bench-0000000000000000000000" });
using var reviewer = AiReviewer.Create(new AiReviewOptions { BaseUrl = api.BaseUrl, CacheCapacity = 0 }, environment);
using var cached = AiReviewer.Create(new AiReviewOptions { BaseUrl = api.BaseUrl }, environment);

var command = "make -C \"$BUILD_DIR\" all && ./scripts/package.sh --out dist/ " + new string('x', 400);
ReviewRequest Call(int i) => Calls.Bash($"{command} # {i}") with { UserPrompt = "Build the release package and run the tests.", TranscriptTail = "assistant: I'll build it now." };

for (var i = 0; i < warmup; i++)
{
    await reviewer.ReviewAsync(Call(-i - 1));
}

if (args.Contains("--show-prompt"))
{
    var request = api.Requests[^1];
    Console.WriteLine("=== system ===\n" + request.System + "\n=== user ===\n" + request.UserText + "\n=== body bytes: " + Encoding.UTF8.GetByteCount(request.Body));
}

var reviewTimes = new double[reviews];
for (var i = 0; i < reviews; i++)
{
    var started = Stopwatch.GetTimestamp();
    var outcome = await reviewer.ReviewAsync(Call(i));
    reviewTimes[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    if (outcome.Decision != ReviewDecision.Allow || outcome.FromCache)
    {
        throw new InvalidOperationException($"unexpected outcome: {outcome.Reason}");
    }
}

if (args.Contains("--breakdown"))
{
    var options = new AiReviewOptions();
    var promptTimes = new double[reviews];
    var sdkTimes = new double[reviews];
    using var sdk = new Anthropic.AnthropicClient(new Anthropic.Core.ClientOptions { BaseUrl = api.BaseUrl, ApiKey = "sk-ant-bench-0000000000000000000000", MaxRetries = 0 });
    for (var i = 0; i < reviews + warmup; i++)
    {
        var started = Stopwatch.GetTimestamp();
        var prompt = Mstro.Review.Prompt.ReviewPromptBuilder.Build(Call(i), options, Mstro.Review.Prompt.ReviewPrompt.NewNonce());
        var built = Stopwatch.GetTimestamp();
        await sdk.Messages.Create(new Anthropic.Models.Messages.MessageCreateParams
        {
            Model = "m", MaxTokens = 400, System = prompt.System, Messages = [new Anthropic.Models.Messages.UserMessageParam(prompt.User)],
            Tools = [Mstro.Review.Verdicts.SubmitVerdictTool.Definition], ToolChoice = Mstro.Review.Verdicts.SubmitVerdictTool.Choice,
        });
        if (i >= warmup)
        {
            promptTimes[i - warmup] = Stopwatch.GetElapsedTime(started, built).TotalMilliseconds;
            sdkTimes[i - warmup] = Stopwatch.GetElapsedTime(built).TotalMilliseconds;
        }
    }

    Report("prompt build (ms)", promptTimes);
    Report("SDK Messages.Create (ms)", sdkTimes);
}

var body = api.Requests[^1].Body;
using var http = new HttpClient();
for (var i = 0; i < warmup; i++)
{
    await Post();
}

var rawTimes = new double[reviews];
for (var i = 0; i < reviews; i++)
{
    var started = Stopwatch.GetTimestamp();
    await Post();
    rawTimes[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}

await cached.ReviewAsync(Call(0));
var cacheTimes = new double[reviews];
for (var i = 0; i < reviews; i++)
{
    var started = Stopwatch.GetTimestamp();
    var outcome = await cached.ReviewAsync(Call(0));
    cacheTimes[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    if (!outcome.FromCache)
    {
        throw new InvalidOperationException("expected a cache hit");
    }
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{reviews} reviews after {warmup} warm-up, request body {Encoding.UTF8.GetByteCount(body)} bytes, {Environment.ProcessorCount} cores"));
Report("AI review over the fake (ms)", reviewTimes);
Report("bare HttpClient POST, same body (ms)", rawTimes);
Report("cache hit (ms)", cacheTimes);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"added by mstro + SDK over a bare POST: p50 {Percentile(reviewTimes, 50) - Percentile(rawTimes, 50):0.000} ms, p99 {Percentile(reviewTimes, 99) - Percentile(rawTimes, 99):0.000} ms"));

async Task Post()
{
    using var content = new StringContent(body, Encoding.UTF8, "application/json");
    using var response = await http.PostAsync(api.BaseUrl + "/v1/messages", content);
    await response.Content.ReadAsStringAsync();
}

static void Report(string name, double[] times) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{name,-40} p50 {Percentile(times, 50),8:0.000}  p90 {Percentile(times, 90),8:0.000}  p99 {Percentile(times, 99),8:0.000}  max {times.Max(),8:0.000}"));

static double Percentile(double[] times, double percentile)
{
    var sorted = times.Order().ToArray();
    var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1;
    return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
}
