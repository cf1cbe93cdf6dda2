namespace Mstro.Server.Security;

/// <summary>What an authenticated caller may do. Ordered: a route asks for a minimum role.</summary>
public enum CallerRole
{
    /// <summary>Holds the session token from the runtime file (any local process of the user, the agent included):
    /// may submit hook calls and events, and read the feed. Never enough to answer an escalation or change a rule.</summary>
    Submitter = 1,

    /// <summary>Holds the approver credential, which lives only in the running mstro's memory and reaches a person
    /// through the screen (issue 6). May answer escalations.</summary>
    Approver = 2,
}

/// <summary>The authenticated caller of the current request (set by the authentication filter).</summary>
public interface ICallerFeature
{
    CallerRole Role { get; }
}

internal sealed record CallerFeature(CallerRole Role) : ICallerFeature;
