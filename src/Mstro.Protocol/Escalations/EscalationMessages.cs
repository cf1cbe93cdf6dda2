using Mstro.Bouncer;
using Mstro.Protocol.Events;

namespace Mstro.Protocol.Escalations;

/// <summary><c>GET /api/escalations</c>: what waits for a person, oldest first.</summary>
/// <param name="Now">The server's clock, so a client shows ages and time left without trusting its own.</param>
/// <param name="PersonPresent">Whether the server counts on a person answering (its console is attended, or a terminal
/// is paired); when false, new escalations become <c>ask</c> at once.</param>
/// <param name="Escalations">The waiting calls.</param>
public sealed record EscalationList(DateTimeOffset Now, bool PersonPresent, IReadOnlyList<EscalationEventData> Escalations);

/// <summary>The body of <c>POST /api/escalations/{id}/approve</c> and <c>…/deny</c> (optional: no body answers without
/// remembering).</summary>
public sealed record AnswerRequest
{
    /// <summary>Also write a rule, so that the same call is decided the same way next time without asking.</summary>
    public RememberRequest? Remember { get; init; }
}

/// <summary>Which rules file a remembered answer goes to, and how wide the rule is.</summary>
public sealed record RememberRequest
{
    /// <summary><c>user</c> (the default: <c>~/.mstro/bouncer.json</c>, every project) or <c>project</c> (this call's
    /// project only: an approval is written to the user's file limited to the project, a denial to the project's own
    /// <c>.mstro/bouncer.json</c>).</summary>
    public string? Scope { get; init; }

    /// <summary>A command glob for a Bash call (<c>terraform destroy -target=*</c>) or a path glob for a file tool,
    /// instead of the exact command or path. It must match the call being answered.</summary>
    public string? Pattern { get; init; }
}

/// <summary>The scopes of <see cref="RememberRequest.Scope"/>.</summary>
public static class RememberScopes
{
    public const string User = "user";
    public const string Project = "project";
}

/// <summary>A rule an answer wrote.</summary>
/// <param name="Id">The rule's id.</param>
/// <param name="Scope">user or project.</param>
/// <param name="File">The rules file it went to.</param>
/// <param name="Rule">The rule as written (one JSON object).</param>
/// <param name="Existing">True when an identical rule was already there (nothing was written).</param>
public sealed record RememberedRuleView(string Id, string Scope, string File, string Rule, bool Existing);

/// <summary>The answer to <c>POST /api/escalations/{id}/approve|deny</c>.</summary>
/// <param name="Id">The escalation.</param>
/// <param name="Outcome">approved or denied.</param>
/// <param name="Decision">What Claude Code was told.</param>
/// <param name="Rule">The rule remembered, when asked for.</param>
public sealed record AnswerResponse(string Id, string Outcome, Decision Decision, RememberedRuleView? Rule);

/// <summary><c>POST /api/pair</c>: the pairing code a person read on mstro's console.</summary>
public sealed record PairRequest
{
    public string? Code { get; init; }
}

/// <summary>The answer to a good pairing: the calling terminal session may answer escalations until it ends, or until
/// <paramref name="ExpiresAt"/>, or until mstro stops.</summary>
/// <param name="Session">The terminal session that was paired, as a person recognises it.</param>
/// <param name="ExpiresAt">When the pairing lapses.</param>
public sealed record PairResponse(string Session, DateTimeOffset ExpiresAt);
