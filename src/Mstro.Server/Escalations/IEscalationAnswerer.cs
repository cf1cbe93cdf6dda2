using Mstro.Protocol.Escalations;
using Mstro.Protocol.Events;

namespace Mstro.Server.Escalations;

/// <summary>A person's answer to an escalation.</summary>
/// <param name="Approve">True: allow the call; false: deny it.</param>
/// <param name="Remember">Also write a rule so the same call is decided the same way next time (null: do not).</param>
public sealed record EscalationAnswer(bool Approve, RememberRequest? Remember = null);

public enum AnswerStatus
{
    /// <summary>The call got the answer (and the rule, when asked for, was written).</summary>
    Answered,
    /// <summary>No escalation has that id.</summary>
    NotFound,
    /// <summary>It was answered already, timed out, or stopped waiting.</summary>
    AlreadyResolved,
    /// <summary>Remembering failed (a broken rules file, a call too vague to narrow, a bad pattern): nothing was written
    /// and the call still waits, so the person can fix it or answer without remembering.</summary>
    RememberRefused,
}

/// <summary>What answering did.</summary>
/// <param name="Status">The outcome.</param>
/// <param name="Message">One line for the person.</param>
/// <param name="Response">The answer as the API returns it (when answered).</param>
public sealed record AnswerResult(AnswerStatus Status, string Message, AnswerResponse? Response = null);

/// <summary>Answers escalations: the one seam through which a person decides, used by the HTTP routes (a paired
/// terminal's <c>mstro approve</c>) and by the console in-process. Never reachable with the runtime file's token alone.</summary>
public interface IEscalationAnswerer
{
    /// <summary>What waits now, oldest first.</summary>
    IReadOnlyList<EscalationEventData> Waiting();

    Task<AnswerResult> AnswerAsync(string id, EscalationAnswer answer, CancellationToken cancellationToken = default);
}
