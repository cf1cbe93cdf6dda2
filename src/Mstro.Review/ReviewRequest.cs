using System.Text.Json;
using Mstro.Bouncer;

namespace Mstro.Review;

/// <summary>
/// One tool call that Layer 1 could not settle, as the server hands it to Layer 2. Built from the hook payload,
/// the Layer-1 verdict and the session's context; it depends only on the bouncer core's types.
/// </summary>
/// <remarks>
/// Trust: <see cref="Layer1"/>'s decision, severity, rule ids and reasons are mstro's own words. Everything else
/// (tool name, input, cwd, finding evidence, the user's prompt, the transcript) came from the agent, from files
/// or from the web, and is fenced as untrusted data in the prompt.
/// </remarks>
public sealed record ReviewRequest
{
    /// <summary>The tool's name as Claude Code sent it (<c>Bash</c>, <c>Write</c>, <c>mcp__server__tool</c>...).</summary>
    public required string ToolName { get; init; }

    /// <summary>The tool's input object. It must stay readable until the review ends (clone it if its document is disposed).</summary>
    public required JsonElement ToolInput { get; init; }

    /// <summary>The working directory of the call.</summary>
    public required string Cwd { get; init; }

    /// <summary>Layer 1's verdict for this call, with every finding.</summary>
    public required Verdict Layer1 { get; init; }

    /// <summary>The user's latest prompt in the session, when the server knows it (untrusted: it may hold pasted text).</summary>
    public string? UserPrompt { get; init; }

    /// <summary>The end of the session's transcript, when available (untrusted).</summary>
    public string? TranscriptTail { get; init; }

    /// <summary>
    /// True when the user's own rule explicitly lets this Dangerous (or Critical) call through to the model's judgement,
    /// so an AI <c>allow</c> may stand. Never loosens a Catastrophic finding.
    /// </summary>
    public bool UserRuleAllowsDangerous { get; init; }
}
