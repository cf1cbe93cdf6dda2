using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mstro.Server.Errors;

namespace Mstro.Server.Security;

/// <summary>The guard on every API route: <c>Authorization: Bearer &lt;credential&gt;</c>, compared in constant time;
/// a credential in the query string is refused (it would end up in logs and shell history) even next to a good header.
/// Runs before the body is read, so an unauthenticated caller never gets its body parsed.</summary>
internal sealed class CallerAuthenticationFilter(CallerRole minimumRole) : IEndpointFilter
{
    private const string BearerPrefix = "Bearer ";

    /// <summary>The error code of a 403 on an approver route: the caller is not a paired terminal (pair, then retry).</summary>
    public const string ApproverRequired = "approver-required";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var authenticator = http.RequestServices.GetRequiredService<ICallerAuthenticator>();

        if (QueryCarriesCredential(http.Request.Query, authenticator))
        {
            http.RequestServices.GetRequiredService<ILogger<CallerAuthenticationFilter>>()
                .CredentialInQueryString(http.Request.Method, http.Request.Path);
            return ApiResults.Unauthorized("credentials are never accepted in the URL; send Authorization: Bearer");
        }

        var role = Authenticate(http.Request.Headers.Authorization, authenticator);
        if (role is null) return ApiResults.Unauthorized("missing or invalid bearer token");
        // The runtime file's token is never enough to answer: a person's terminal must be paired, which the kernel
        // attests for the calling process (see Approvers/TerminalApprovers).
        if (role < CallerRole.Approver && minimumRole >= CallerRole.Approver
            && http.RequestServices.GetService<IApproverCheck>()?.IsApprover(http) == true)
            role = CallerRole.Approver;
        if (role < minimumRole)
            return minimumRole == CallerRole.Approver
                ? ApiResults.Error(StatusCodes.Status403Forbidden, ApproverRequired,
                    "only a person answers: run mstro approve / mstro deny in a terminal paired with the code mstro shows on its console")
                : ApiResults.Forbidden($"this route needs the {minimumRole.ToString().ToLowerInvariant()} role");

        http.Features.Set<ICallerFeature>(new CallerFeature(role.Value));
        return await next(context);
    }

    private static CallerRole? Authenticate(Microsoft.Extensions.Primitives.StringValues header, ICallerAuthenticator authenticator)
    {
        if (header.Count != 1) return null;
        var value = header[0].AsSpan();
        if (!value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)) return null;
        return authenticator.Authenticate(value[BearerPrefix.Length..].Trim());
    }

    private static bool QueryCarriesCredential(IQueryCollection query, ICallerAuthenticator authenticator)
    {
        foreach (var (_, values) in query)
        {
            foreach (var value in values)
            {
                if (value is not null && authenticator.Authenticate(value) is not null) return true;
            }
        }
        return false;
    }
}

public static class CallerAuthenticationExtensions
{
    /// <summary>Puts every endpoint of the group behind the bearer-token guard with at least <paramref name="minimumRole"/>.</summary>
    public static RouteGroupBuilder RequireCaller(this RouteGroupBuilder group, CallerRole minimumRole)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.AddEndpointFilter(new CallerAuthenticationFilter(minimumRole));
        group.WithMetadata(new EndpointAccess(AccessKind.BearerToken, minimumRole));
        return group;
    }
}
