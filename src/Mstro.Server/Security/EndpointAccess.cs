namespace Mstro.Server.Security;

/// <summary>How an endpoint authenticates its callers. Every endpoint carries exactly one (the tests check it), so a
/// route mapped outside the guarded groups cannot go unnoticed.</summary>
public enum AccessKind
{
    /// <summary>No credential: only <c>GET /health</c>.</summary>
    Open,
    /// <summary><c>Authorization: Bearer …</c> with at least <see cref="EndpointAccess.MinimumRole"/>.</summary>
    BearerToken,
    /// <summary>A WebSocket whose first message authenticates (<c>/ws</c>).</summary>
    WebSocketFirstMessage,
}

public sealed record EndpointAccess(AccessKind Kind, CallerRole? MinimumRole = null);
