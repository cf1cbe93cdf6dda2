using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mstro.Review.Tests.Fakes;

/// <summary>One request as the fake API received it.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body)
{
    private JsonNode Json => JsonNode.Parse(Body) ?? throw new InvalidOperationException("empty body");

    public string Model => Json["model"]!.GetValue<string>();

    public string System => Json["system"]!.GetValue<string>();

    /// <summary>The single user message's text.</summary>
    public string UserText => Json["messages"]![0]!["content"]!.GetValue<string>();

    public JsonNode? Field(string name) => Json[name];

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>A scripted answer: a status, a body, headers, and an optional delay before answering.</summary>
public sealed record ScriptedResponse(int Status, string Body, IReadOnlyDictionary<string, string>? Headers = null, TimeSpan Delay = default)
{
    public static ScriptedResponse Verdict(string verdict, double confidence, string reason, string? textBefore = null)
    {
        var input = new JsonObject { ["verdict"] = verdict, ["confidence"] = confidence, ["reason"] = reason };
        return ToolUse(input.ToJsonString(), textBefore: textBefore);
    }

    /// <summary>A message whose content is an optional text block and one tool_use with the given raw input JSON.</summary>
    public static ScriptedResponse ToolUse(string inputJson, string name = "submit_verdict", string? textBefore = null)
    {
        var content = new JsonArray();
        if (textBefore is not null)
        {
            content.Add(new JsonObject { ["type"] = "text", ["text"] = textBefore });
        }

        content.Add(ToolUseBlock(inputJson, name, "toolu_01"));
        return Message(content, "tool_use");
    }

    public static ScriptedResponse TwoToolUses(string inputJson)
    {
        var content = new JsonArray { ToolUseBlock(inputJson, "submit_verdict", "toolu_01"), ToolUseBlock(inputJson, "submit_verdict", "toolu_02") };
        return Message(content, "tool_use");
    }

    public static ScriptedResponse TextOnly(string text) =>
        Message(new JsonArray { new JsonObject { ["type"] = "text", ["text"] = text } }, "end_turn");

    public static ScriptedResponse Error(int status, string type, string message, IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, new JsonObject { ["type"] = "error", ["error"] = new JsonObject { ["type"] = type, ["message"] = message } }.ToJsonString(), headers);

    public static ScriptedResponse RateLimited(double retryAfterSeconds) => Error(
        429, "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit",
        new Dictionary<string, string> { ["retry-after"] = retryAfterSeconds.ToString(CultureInfo.InvariantCulture) });

    public static ScriptedResponse MalformedJson() => new(200, """{"id":"msg_01","type":"message","content":[{"type":"tool_use",""");

    public ScriptedResponse After(TimeSpan delay) => this with { Delay = delay };

    private static JsonObject ToolUseBlock(string inputJson, string name, string id) => new()
    {
        ["type"] = "tool_use",
        ["id"] = id,
        ["name"] = name,
        ["input"] = JsonNode.Parse(inputJson),
    };

    private static ScriptedResponse Message(JsonArray content, string stopReason) => new(200, new JsonObject
    {
        ["id"] = "msg_01",
        ["type"] = "message",
        ["role"] = "assistant",
        ["model"] = "claude-test",
        ["content"] = content,
        ["stop_reason"] = stopReason,
        ["stop_sequence"] = null,
        ["usage"] = new JsonObject { ["input_tokens"] = 10, ["output_tokens"] = 10 },
    }.ToJsonString());
}

/// <summary>
/// A fake Anthropic Messages API: a real Kestrel server on 127.0.0.1 (port 0). It records every request (headers and
/// body) and answers from a script: queued responses first, then <see cref="Respond"/> (a function of the request),
/// then <see cref="Default"/>.
/// </summary>
public sealed class FakeMessagesApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ScriptedResponse> _script = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private FakeMessagesApi(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public ScriptedResponse Default { get; set; } = ScriptedResponse.Verdict("escalate", 0.5, "default answer of the fake");

    /// <summary>When set, answers requests that the queue does not.</summary>
    public Func<RecordedRequest, ScriptedResponse>? Respond { get; set; }

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public void Enqueue(params ScriptedResponse[] responses)
    {
        foreach (var response in responses)
        {
            _script.Enqueue(response);
        }
    }

    public static async Task<FakeMessagesApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        FakeMessagesApi? fake = null;
        app.Map("/{**path}", async (HttpContext context) => await fake!.HandleAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        fake = new FakeMessagesApi(app, address);
        return fake;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var request = new RecordedRequest(context.Request.Method, context.Request.Path.Value ?? string.Empty, context.Request.QueryString.Value ?? string.Empty, headers, body);
        _requests.Enqueue(request);

        var response = _script.TryDequeue(out var scripted) ? scripted : Respond?.Invoke(request) ?? Default;
        if (response.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(response.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        context.Response.StatusCode = response.Status;
        context.Response.ContentType = "application/json";
        foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        await context.Response.WriteAsync(response.Body, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
