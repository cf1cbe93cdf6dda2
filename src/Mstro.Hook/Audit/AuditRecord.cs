using Mstro.Bouncer;

namespace Mstro.Hook.Audit;

/// <summary>One verdict of <c>mstro hook</c>, as the audit log keeps it. Text fields are already redacted.</summary>
/// <param name="Time">When the hook started on the call (UTC).</param>
/// <param name="Session">Claude Code's session id.</param>
/// <param name="Cwd">The call's working directory.</param>
/// <param name="Project">The project dir the call was judged against (kept so a replay judges the same way).</param>
/// <param name="Tool">The tool name.</param>
/// <param name="ToolUseId">Claude Code's id of the call (ties the line to the transcript).</param>
/// <param name="Input">The tool input's decision-relevant string fields (command, file_path, url...), redacted.</param>
/// <param name="InputTruncated">True when a field was longer than the log keeps (a replay then sees a prefix).</param>
/// <param name="Verdict">The answer given.</param>
/// <param name="ErrorId">The error id when the answer came from an error.</param>
/// <param name="DurationUs">In-process time from the start of the hook to the answer, in microseconds.</param>
public sealed record AuditRecord(
    DateTimeOffset Time,
    string? Session,
    string? Cwd,
    string? Project,
    string? Tool,
    string? ToolUseId,
    IReadOnlyList<KeyValuePair<string, string>> Input,
    bool InputTruncated,
    Verdict Verdict,
    string? ErrorId,
    long DurationUs);
