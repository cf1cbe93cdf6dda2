using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Mstro.Server.Security;
using Mstro.Server.Tests.Support;

namespace Mstro.Server.Tests.Security;

/// <summary>The role seam issue 6 builds on: the runtime file's token is a Submitter, and a route that needs an
/// Approver refuses it, whatever else it carries.</summary>
public sealed class CallerRoleTests
{
    private static readonly MstroServerSetup WithApproverRoute = new()
    {
        MapApi = api =>
        {
            api.MapGet("/whoami", (HttpContext context) => context.Features.Get<ICallerFeature>()!.Role.ToString());
            api.MapGroup("/answers").RequireCaller(CallerRole.Approver).MapPost("/{id}", (string id) => Results.Ok());
        },
    };

    [Fact]
    public async Task TheSessionTokenIsASubmitter()
    {
        await using var server = await RunningServer.StartAsync(setup: WithApproverRoute);
        using var client = server.AuthorizedClient();

        Assert.Equal("Submitter", await client.GetStringAsync("/api/whoami"));
    }

    [Fact]
    public async Task TheSessionTokenCannotReachAnApproverRoute()
    {
        await using var server = await RunningServer.StartAsync(setup: WithApproverRoute);
        using var client = server.AuthorizedClient();

        using var response = await client.PostAsync("/api/answers/1", RunningServer.Json("{}"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("approver", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnApproverRouteDeclaresItsRole()
    {
        await using var server = await RunningServer.StartAsync(setup: WithApproverRoute);

        var endpoint = server.Server.Endpoints.OfType<RouteEndpoint>().Single(e => e.RoutePattern.RawText!.Contains("answers", StringComparison.Ordinal));

        Assert.Equal(new EndpointAccess(AccessKind.BearerToken, CallerRole.Approver), endpoint.Metadata.GetMetadata<EndpointAccess>());
    }
}
