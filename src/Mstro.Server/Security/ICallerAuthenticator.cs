namespace Mstro.Server.Security;

/// <summary>Turns a presented credential (a bearer token, a feed auth message's token) into a role, or null when it
/// is not a credential of this server. The default knows only the session token; issue 6 adds the approver
/// credential by registering its own implementation.</summary>
public interface ICallerAuthenticator
{
    CallerRole? Authenticate(ReadOnlySpan<char> credential);
}

/// <summary>The session token → <see cref="CallerRole.Submitter"/>.</summary>
public sealed class SessionTokenAuthenticator(SessionToken token) : ICallerAuthenticator
{
    public CallerRole? Authenticate(ReadOnlySpan<char> credential) =>
        token.Matches(credential) ? CallerRole.Submitter : null;
}
