using System.Text.Json;
using Mstro.Bouncer;

namespace Mstro.Protocol;

/// <summary><c>POST /api/hook</c>: one PreToolUse call, as Claude Code sent it to <c>mstro hook</c>, with the verdict
/// Layer 1 reached locally.</summary>
/// <remarks>Wire shape: <c>{"payload":{…the hook payload verbatim…},"verdict":{"decision":"ask",…}}</c>.</remarks>
public sealed record HookRequest
{
    /// <summary>The Claude Code hook payload, verbatim (a JSON object).</summary>
    public JsonElement Payload { get; init; }

    /// <summary>The verdict Layer 1 reached in the hook process.</summary>
    public WireVerdict? Verdict { get; init; }

    /// <summary>The call's project directory as the hook saw it (<c>CLAUDE_PROJECT_DIR</c> when the cwd is inside it,
    /// else the cwd): what a rule remembered for this project is limited to. Optional (the server then uses the cwd).</summary>
    public string? ProjectDir { get; init; }
}

/// <summary>The server's answer to <c>POST /api/hook</c>: the decision to give Claude Code.</summary>
/// <param name="Decision">allow / ask / deny.</param>
/// <param name="Reason">One line for a person (becomes permissionDecisionReason).</param>
/// <param name="Layer">The layer that decided.</param>
/// <param name="RuleId">The rule (or built-in id) behind the decision.</param>
/// <param name="Seq">The sequence number of the <c>verdict</c> event published for this call.</param>
public sealed record HookResponse(Decision Decision, string Reason, Layer Layer, string RuleId, long Seq);

/// <summary><c>POST /api/events</c>: a non-PreToolUse hook event (SessionStart, UserPromptSubmit, PostToolUse,
/// Notification, Stop, SessionEnd…), forwarded for the live-sessions view.</summary>
/// <remarks>Wire shape: <c>{"payload":{…the hook payload verbatim…}}</c>.</remarks>
public sealed record EventRequest
{
    public JsonElement Payload { get; init; }
}

/// <summary>The server's answer to <c>POST /api/events</c> (202 Accepted).</summary>
/// <param name="Seq">The sequence number of the <c>session</c> event published.</param>
public sealed record EventAccepted(long Seq);

/// <summary>The body of every error response: <c>{"error":"bad-request","message":"…"}</c>, or
/// <c>{"error":"internal","errorId":"…"}</c> for an unhandled exception. Never a stack trace, a path or a secret.</summary>
public sealed record ErrorResponse(
    string Error,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    string? Message = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    string? ErrorId = null);

/// <summary>The body of <c>GET /health</c>: nothing but a status.</summary>
public sealed record HealthResponse(string Status);
