using System.Text.Json;
using System.Text.Json.Serialization;
using Mstro.Bouncer;
using Mstro.Protocol.Escalations;

namespace Mstro.Protocol.Events;

/// <summary>The <c>type</c> of each event on the feed.</summary>
public static class EventTypes
{
    /// <summary>A bouncer decision (every PreToolUse call the server saw).</summary>
    public const string Verdict = "verdict";
    /// <summary>A call waits for a person (issue 6).</summary>
    public const string Escalation = "escalation";
    /// <summary>A waiting call was answered or timed out (issue 6).</summary>
    public const string EscalationResolved = "escalation-resolved";
    /// <summary>A Claude Code session changed state (started, prompted, working, waiting, idle, ended).</summary>
    public const string Session = "session";
}

/// <summary>The <c>data</c> of one event. Each kind knows its <c>type</c> and writes itself with source-generated
/// JSON, so the hub serializes an event once and hands the same bytes to every subscriber.</summary>
public abstract record EventData
{
    /// <summary>The envelope's <c>type</c> (not repeated inside <c>data</c>).</summary>
    [JsonIgnore]
    public abstract string Type { get; }

    public abstract void WriteJson(Utf8JsonWriter writer);
}

/// <summary><c>verdict</c>: the decision given to Claude Code for one PreToolUse call.</summary>
/// <param name="SessionId">Claude Code's session id.</param>
/// <param name="ToolUseId">Claude Code's id for the call.</param>
/// <param name="ToolName">The tool (Bash, Write, mcp__…).</param>
/// <param name="Cwd">The call's working directory.</param>
/// <param name="Summary">The command, path or URL, shortened for one line.</param>
/// <param name="Decision">The decision given to Claude Code.</param>
/// <param name="Layer">The layer that decided it.</param>
/// <param name="RuleId">The rule behind the decision.</param>
/// <param name="Reason">One line for a person.</param>
/// <param name="Layer1">What Layer 1 decided in the hook, with its findings.</param>
/// <param name="Review">What AI review (Layer 2) concluded, when the call went to it.</param>
/// <param name="EscalationId">The escalation that waited for a person, when the call went to one.</param>
public sealed record VerdictEventData(
    string? SessionId,
    string? ToolUseId,
    string ToolName,
    string? Cwd,
    string Summary,
    Decision Decision,
    Layer Layer,
    string RuleId,
    string Reason,
    WireVerdict Layer1,
    AiReviewInfo? Review = null,
    string? EscalationId = null) : EventData
{
    [JsonIgnore]
    public override string Type => EventTypes.Verdict;

    public override void WriteJson(Utf8JsonWriter writer) =>
        JsonSerializer.Serialize(writer, this, ProtocolJsonContext.Default.VerdictEventData);
}

/// <summary><c>session</c>: a non-PreToolUse hook event, as a session state change.</summary>
/// <param name="SessionId">Claude Code's session id.</param>
/// <param name="HookEvent">The hook event (SessionStart, UserPromptSubmit, PostToolUse, Notification, Stop, SessionEnd…).</param>
/// <param name="State">The session's state after it: started, working, waiting, idle, ended, active.</param>
/// <param name="Cwd">The session's working directory.</param>
/// <param name="Prompt">UserPromptSubmit: the prompt, shortened.</param>
/// <param name="ToolName">PostToolUse: the tool that ran.</param>
/// <param name="Detail">SessionStart's source, SessionEnd's reason, a Notification's message (shortened).</param>
public sealed record SessionEventData(
    string? SessionId,
    string HookEvent,
    string State,
    string? Cwd,
    string? Prompt,
    string? ToolName,
    string? Detail) : EventData
{
    [JsonIgnore]
    public override string Type => EventTypes.Session;

    public override void WriteJson(Utf8JsonWriter writer) =>
        JsonSerializer.Serialize(writer, this, ProtocolJsonContext.Default.SessionEventData);
}

/// <summary>What AI review (Layer 2) concluded for one call, as the feed, the escalation list and the console show it.
/// Nothing here is secret; <see cref="ModelReason"/> is the model's own words (display them, never act on them).</summary>
/// <param name="Decision">Layer 2's decision after mstro's policy: allow, deny or escalate.</param>
/// <param name="Reason">One line saying how it was reached (the model's verdict, a failure, a policy adjustment).</param>
/// <param name="Failure">Why the model's answer could not be used: none, not-configured, timeout, unauthorized,
/// rate-limited, server-error, http-error, network-error, malformed, internal.</param>
/// <param name="Adjustment">Which policy rule shaped the decision: none, dangerous-needs-person, low-confidence,
/// failed-to-person (and layer1-deny-is-final / layer1-allow-not-reviewed, which never reach the server).</param>
/// <param name="FromCache">The model's verdict was reused from an identical recent call.</param>
/// <param name="Model">The model asked (or that would have been).</param>
/// <param name="ModelVerdict">What the model answered before the policy (allow, deny, escalate), when it answered.</param>
/// <param name="Confidence">The model's confidence, when it answered.</param>
/// <param name="ElapsedMs">Time spent in Layer 2.</param>
public sealed record AiReviewInfo(
    string Decision,
    string Reason,
    string Failure,
    string Adjustment,
    bool FromCache,
    string Model,
    string? ModelVerdict,
    double? Confidence,
    long ElapsedMs);

/// <summary>How an escalation ended (<see cref="EscalationResolvedEventData.Outcome"/>).</summary>
public static class EscalationOutcomes
{
    /// <summary>A person approved the call: allow.</summary>
    public const string Approved = "approved";
    /// <summary>A person denied the call: deny.</summary>
    public const string Denied = "denied";
    /// <summary>No one answered by the deadline: ask (Claude Code's own prompt, a denial in a headless run).</summary>
    public const string TimedOut = "timed-out";
    /// <summary>mstro stopped while the call waited: ask, at once.</summary>
    public const string Shutdown = "shutdown";
    /// <summary>The hook stopped waiting (Claude Code ended or killed it): nothing left to answer.</summary>
    public const string Abandoned = "abandoned";
}

/// <summary><c>escalation</c>: a call waits for a person. Also the items of <c>GET /api/escalations</c>.</summary>
/// <param name="Id">The escalation's id (what <c>mstro approve ID</c> takes).</param>
/// <param name="SessionId">Claude Code's session id.</param>
/// <param name="ToolUseId">Claude Code's id for the call.</param>
/// <param name="ToolName">The tool.</param>
/// <param name="Cwd">The call's working directory.</param>
/// <param name="ProjectDir">The project the call belongs to (what a project-scoped rule is limited to).</param>
/// <param name="Summary">The command, path or URL, shortened for one line.</param>
/// <param name="Layer1">What Layer 1 decided, with its findings.</param>
/// <param name="Review">What AI review concluded (absent when it is off).</param>
/// <param name="Reason">Why the call waits for a person, in one line.</param>
/// <param name="CreatedAt">When it started to wait.</param>
/// <param name="Deadline">When it stops waiting: no answer by then is an ask, never an allow.</param>
public sealed record EscalationEventData(
    string Id,
    string? SessionId,
    string? ToolUseId,
    string ToolName,
    string? Cwd,
    string? ProjectDir,
    string Summary,
    WireVerdict Layer1,
    AiReviewInfo? Review,
    string Reason,
    DateTimeOffset CreatedAt,
    DateTimeOffset Deadline) : EventData
{
    [JsonIgnore]
    public override string Type => EventTypes.Escalation;

    public override void WriteJson(Utf8JsonWriter writer) =>
        JsonSerializer.Serialize(writer, this, ProtocolJsonContext.Default.EscalationEventData);
}

/// <summary><c>escalation-resolved</c>: a waiting call got its answer (or stopped waiting).</summary>
/// <param name="Id">The escalation's id.</param>
/// <param name="SessionId">Claude Code's session id.</param>
/// <param name="Outcome">approved, denied, timed-out, shutdown or abandoned (<see cref="EscalationOutcomes"/>).</param>
/// <param name="Decision">The decision given to Claude Code.</param>
/// <param name="Reason">One line for a person.</param>
/// <param name="Rule">The rule the answer remembered, when it did.</param>
/// <param name="ResolvedAt">When.</param>
public sealed record EscalationResolvedEventData(
    string Id,
    string? SessionId,
    string Outcome,
    Decision Decision,
    string Reason,
    RememberedRuleView? Rule,
    DateTimeOffset ResolvedAt) : EventData
{
    [JsonIgnore]
    public override string Type => EventTypes.EscalationResolved;

    public override void WriteJson(Utf8JsonWriter writer) =>
        JsonSerializer.Serialize(writer, this, ProtocolJsonContext.Default.EscalationResolvedEventData);
}
