using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Mstro.Review;
using Mstro.Review.Tests.Fakes;
using Mstro.Server.Approvers;
using Mstro.Server.Events;

namespace Mstro.Server.Tests.Support;

/// <summary>Servers with Layer 2 pointed at the fake Messages API and Layer 3 configured, and ways to watch them.</summary>
public static class Layers
{
    public const string TestKey = "sk-ant-api03-ServerTESTkeyDoNotUse0000-ZZ8pa1b2";

    /// <summary>A real server whose AI review asks <paramref name="api"/> (null: AI review off, no key).</summary>
    public static Task<RunningServer> StartAsync(FakeMessagesApi? api = null, bool attended = false, TimeSpan? escalationTimeout = null,
        Action<ServerOptions>? configure = null, CapturingPairingDisplay? display = null, TempHome? home = null) =>
        RunningServer.StartAsync(options =>
        {
            options.Attended = attended;
            options.EscalationTimeout = escalationTimeout ?? TimeSpan.FromSeconds(60);
            if (api is not null)
            {
                options.AiReview = new AiReviewOptions { BaseUrl = api.BaseUrl, Model = "claude-test-model", Timeout = TimeSpan.FromSeconds(3), MaxRetries = 0 };
                options.ReviewerEnvironment = new ReviewerEnvironment(options.MstroDirectory, new Dictionary<string, string> { ["ANTHROPIC_API_KEY"] = TestKey });
            }
            configure?.Invoke(options);
        }, display is null ? null : new MstroServerSetup
        {
            ConfigureServices = services => services.AddSingleton<IPairingDisplay>(display),
        }, home);

    /// <summary>The next event of <paramref name="type"/> on <paramref name="subscription"/> (its JSON envelope).</summary>
    public static async Task<JsonElement> NextAsync(EventSubscription subscription, string type, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var next = await subscription.Live.ReadAsync(cancel.Token);
            if (next.Type == type) return JsonDocument.Parse(next.Json).RootElement.Clone();
        }
    }

    /// <summary>Waits until the server holds <paramref name="count"/> escalations and returns their ids, oldest first.</summary>
    public static async Task<IReadOnlyList<string>> WaitingAsync(RunningServer server, int count = 1, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < until)
        {
            var waiting = server.Server.Escalations.Waiting();
            if (waiting.Count >= count) return [.. waiting.Select(e => e.Id)];
            await Task.Delay(20);
        }
        throw new Xunit.Sdk.XunitException($"fewer than {count} escalations waited after {timeout ?? TimeSpan.FromSeconds(30)}");
    }

    /// <summary>Posts a call to <c>/api/hook</c> as the hook would, with Layer 1's own verdict for it (real engine, built-in
    /// rules), and returns the server's answer.</summary>
    public static async Task<JsonElement> PostAsync(RunningServer server, string payload)
    {
        var verdict = new Bouncer.BouncerEngine(Bouncer.Policy.RuleSet.BuiltIn).Decide(
            Bouncer.Hook.HookPayload.Parse(System.Text.Encoding.UTF8.GetBytes(payload)),
            Bouncer.BouncerEnvironment.For(server.Home.Path, "/home/user/project"));
        var wire = JsonSerializer.Serialize(Protocol.WireVerdict.From(verdict), Protocol.ProtocolJsonContext.Default.WireVerdict);
        using var client = server.AuthorizedClient();
        using var response = await client.PostAsync("/api/hook", RunningServer.Json(Payloads.HookRequest(payload, wire)));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
