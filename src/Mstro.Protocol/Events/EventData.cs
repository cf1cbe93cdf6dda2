using System.Text.Json;
using System.Text.Json.Serialization;
using Mstro.Bouncer;

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
    WireVerdict Layer1) : EventData
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
