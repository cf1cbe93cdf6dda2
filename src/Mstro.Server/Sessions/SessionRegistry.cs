using System.Text.Json;
using Mstro.Bouncer.Hook;
using Mstro.Protocol;
using Mstro.Protocol.Events;

namespace Mstro.Server.Sessions;

/// <summary>What the server knows about one Claude Code session.</summary>
public sealed record SessionSnapshot(
    string SessionId,
    string State,
    string? Cwd,
    string? LatestPrompt,
    string LastHookEvent,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen);

/// <summary>The live sessions, from the hook events the server receives: their state for the console and each one's
/// latest user prompt for AI review ("what did the user ask for?"). Bounded: the least recently seen session is
/// forgotten first, and prompts are capped.</summary>
public sealed class SessionRegistry(int capacity, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, SessionSnapshot> _sessions = new(StringComparer.Ordinal);

    /// <summary>Records a non-PreToolUse hook event and returns the <c>session</c> event to publish.</summary>
    public SessionEventData Record(HookPayload payload, JsonElement raw)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var state = StateAfter(payload.HookEventName);
        string? prompt = null;
        if (payload.HookEventName == "UserPromptSubmit" && payload.Prompt is { } text)
            prompt = text.Length <= ProtocolLimits.MaxStoredPromptChars ? text : text[..ProtocolLimits.MaxStoredPromptChars];

        if (payload.SessionId is { Length: > 0 } sessionId) Update(sessionId, state, payload.Cwd, prompt, payload.HookEventName);

        return new SessionEventData(
            payload.SessionId,
            payload.HookEventName,
            state,
            payload.Cwd,
            prompt is null ? null : CallSummary.Shorten(prompt, ProtocolLimits.MaxEventPromptChars),
            payload.HookEventName is "PostToolUse" or "PostToolUseFailure" ? payload.ToolName : null,
            Detail(payload.HookEventName, raw));
    }

    /// <summary>A PreToolUse call was seen: the session is working.</summary>
    public void RecordToolCall(HookPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (payload.SessionId is { Length: > 0 } sessionId) Update(sessionId, "working", payload.Cwd, null, payload.HookEventName);
    }

    /// <summary>The user's latest prompt in the session, when one was seen.</summary>
    public string? LatestPrompt(string sessionId)
    {
        lock (_lock) return _sessions.TryGetValue(sessionId, out var session) ? session.LatestPrompt : null;
    }

    public SessionSnapshot? Find(string sessionId)
    {
        lock (_lock) return _sessions.GetValueOrDefault(sessionId);
    }

    public IReadOnlyList<SessionSnapshot> Snapshot()
    {
        lock (_lock) return [.. _sessions.Values.OrderByDescending(s => s.LastSeen)];
    }

    private void Update(string sessionId, string state, string? cwd, string? prompt, string hookEvent)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (_sessions.TryGetValue(sessionId, out var known))
            {
                _sessions[sessionId] = known with
                {
                    State = state,
                    Cwd = cwd ?? known.Cwd,
                    LatestPrompt = prompt ?? known.LatestPrompt,
                    LastHookEvent = hookEvent,
                    LastSeen = now,
                };
                return;
            }
            if (_sessions.Count >= capacity) ForgetLeastRecentlySeen();
            _sessions[sessionId] = new SessionSnapshot(sessionId, state, cwd, prompt, hookEvent, now, now);
        }
    }

    private void ForgetLeastRecentlySeen()
    {
        string? oldest = null;
        var oldestSeen = DateTimeOffset.MaxValue;
        foreach (var (id, session) in _sessions)
        {
            if (session.LastSeen < oldestSeen)
            {
                oldest = id;
                oldestSeen = session.LastSeen;
            }
        }
        if (oldest is not null) _sessions.Remove(oldest);
    }

    private static string StateAfter(string hookEvent) => hookEvent switch
    {
        "SessionStart" => "started",
        "UserPromptSubmit" or "PostToolUse" or "PostToolUseFailure" or "SubagentStart" => "working",
        "Notification" or "PermissionRequest" => "waiting",
        "Stop" or "SubagentStop" => "idle",
        "SessionEnd" => "ended",
        _ => "active",
    };

    private static string? Detail(string hookEvent, JsonElement raw)
    {
        var field = hookEvent switch
        {
            "SessionStart" => "source",
            "SessionEnd" => "reason",
            "Notification" => "message",
            "PostToolUseFailure" => "error",
            _ => null,
        };
        if (field is null || raw.ValueKind != JsonValueKind.Object) return null;
        return raw.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String
            ? CallSummary.Shorten(value.GetString()!, 300)
            : null;
    }
}
