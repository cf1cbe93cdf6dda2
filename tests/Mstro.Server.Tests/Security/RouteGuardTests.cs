using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Mstro.Server.Security;
using Mstro.Server.Tests.Support;

namespace Mstro.Server.Tests.Security;

/// <summary>Every route the server maps, enumerated from its endpoint data source (so a route added later is covered
/// without touching this file), refuses callers without the right credential. Only GET /health is open.</summary>
public sealed class RouteGuardTests
{
    /// <summary>A route added by an extension (as issue 6 will) lands in the guarded group too.</summary>
    private static readonly MstroServerSetup WithExtensionRoute = new()
    {
        MapApi = api => api.MapGet("/extension/{id}", (string id) => Results.Ok()),
    };

    public static TheoryData<string> Refusals => new() { "no token", "wrong token", "token in query", "token in access_token query", "basic scheme" };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task EveryRouteButHealthAnswers401(string refusal)
    {
        await using var server = await RunningServer.StartAsync(setup: WithExtensionRoute);
        var routes = Routes(server);
        Assert.Contains(routes, r => r.Path == "/api/hook");
        Assert.Contains(routes, r => r.Path == "/api/extension/x");
        Assert.Contains(routes, r => r.Path == "/ws");

        using var client = server.Client();
        var token = server.Runtime.Token;
        foreach (var (method, path) in routes)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), refusal switch
            {
                "token in query" => $"{path}?token={token}",
                "token in access_token query" => $"{path}?access_token={token}",
                _ => path,
            });
            if (refusal == "wrong token") request.Headers.Authorization = new("Bearer", token[..^2] + "xx");
            if (refusal == "basic scheme") request.Headers.Authorization = new("Basic", token);
            request.Content = RunningServer.Json(Payloads.HookRequest());

            using var response = await client.SendAsync(request);

            var expected = method == "GET" && path == "/health" ? HttpStatusCode.OK : HttpStatusCode.Unauthorized;
            Assert.True(expected == response.StatusCode, $"{method} {path} with {refusal}: {(int)response.StatusCode}");
            if (expected == HttpStatusCode.Unauthorized)
            {
                var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                Assert.Equal("unauthorized", body.GetProperty("error").GetString());
                Assert.DoesNotContain(token, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task ATokenInTheQueryStringIsRefusedEvenNextToAGoodHeader()
    {
        await using var server = await RunningServer.StartAsync();
        using var client = server.AuthorizedClient();

        using var withQuery = await client.PostAsync($"/api/hook?t={server.Runtime.Token}", RunningServer.Json(Payloads.HookRequest()));
        using var without = await client.PostAsync("/api/hook", RunningServer.Json(Payloads.HookRequest()));

        Assert.Equal(HttpStatusCode.Unauthorized, withQuery.StatusCode);
        Assert.Equal(HttpStatusCode.OK, without.StatusCode);
        Assert.Contains(server.Log.Entries, e => e.Message.Contains("credential was sent in the URL", StringComparison.Ordinal));
        Assert.DoesNotContain(server.Runtime.Token, server.Log.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryEndpointDeclaresHowItAuthenticatesAndOnlyHealthIsOpen()
    {
        await using var server = await RunningServer.StartAsync(setup: WithExtensionRoute);

        foreach (var endpoint in server.Server.Endpoints.OfType<RouteEndpoint>())
        {
            var access = endpoint.Metadata.GetMetadata<EndpointAccess>();
            Assert.True(access is not null, $"{endpoint.RoutePattern.RawText} declares no EndpointAccess");
            var path = endpoint.RoutePattern.RawText;
            if (path == "/health") Assert.Equal(AccessKind.Open, access.Kind);
            else if (path == "/ws") Assert.Equal(AccessKind.WebSocketFirstMessage, access.Kind);
            else if (path!.StartsWith("/api/escalations/{id}/", StringComparison.Ordinal))
                Assert.Equal(new EndpointAccess(AccessKind.BearerToken, CallerRole.Approver), access); // only a person answers
            else Assert.Equal(new EndpointAccess(AccessKind.BearerToken, CallerRole.Submitter), access);
        }
    }

    [Fact]
    public async Task HealthSaysOkAndNothingElse()
    {
        await using var server = await RunningServer.StartAsync();
        using var client = server.Client();

        using var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"status":"ok"}""", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains("Server"), "the Server header names the software");
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task AGoodTokenReachesTheApi()
    {
        await using var server = await RunningServer.StartAsync();
        using var client = server.AuthorizedClient();

        using var response = await client.PostAsync("/api/hook", RunningServer.Json(Payloads.HookRequest()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>(method, path) for every route, with route parameters filled in.</summary>
    internal static List<(string Method, string Path)> Routes(RunningServer server)
    {
        var routes = new List<(string, string)>();
        foreach (var endpoint in server.Server.Endpoints.OfType<RouteEndpoint>())
        {
            var path = "/" + string.Join('/', endpoint.RoutePattern.PathSegments.Select(segment =>
                string.Concat(segment.Parts.Select(part => part switch
                {
                    Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
                    Microsoft.AspNetCore.Routing.Patterns.RoutePatternSeparatorPart separator => separator.Content,
                    _ => "x",
                }))));
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET", "POST"];
            routes.AddRange(methods.Select(method => (method, path)));
        }
        return routes;
    }
}
