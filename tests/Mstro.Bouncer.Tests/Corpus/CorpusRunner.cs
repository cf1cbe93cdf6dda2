using System.Text.Json;
using Mstro.Bouncer.Analysis;
using Mstro.Bouncer.Hook;
using Mstro.Bouncer.Policy;

namespace Mstro.Bouncer.Tests.Corpus;

/// <summary>The fixed machine every corpus case is decided on (documented in Corpus/README.md).</summary>
internal static class CorpusEnvironment
{
    public const string Home = "/home/dev";
    public const string ProjectDir = "/home/dev/work/webapp";
    public const string TempDir = "/tmp";
    public const string ClaudeConfigDir = "/home/dev/.claude";
    public const string MstroDir = "/home/dev/.mstro";
    public const int MstroPort = 47123;

    private static readonly Dictionary<string, string> Variables = new(StringComparer.Ordinal)
    {
        ["HOME"] = Home,
        ["USER"] = "dev",
    };

    /// <summary>The environment for a call made in <paramref name="cwd"/> (the project directory when null).</summary>
    public static BouncerEnvironment For(string? cwd) => new(
        Home: Home,
        Cwd: cwd ?? ProjectDir,
        ProjectDir: ProjectDir,
        TempDirs: [TempDir],
        ClaudeConfigDir: ClaudeConfigDir,
        MstroDir: MstroDir,
        MstroPort: MstroPort,
        Variables: Variables);
}

/// <summary>The disk of the corpus machine does not exist: no symlink resolves, every path stays as written.</summary>
internal sealed class UnresolvedFileSystemView : IFileSystemView
{
    public string ResolveLinks(string absolutePath) => absolutePath;
}

/// <summary>What the engine answered for one case.</summary>
/// <param name="Verdict">The verdict, or null when the engine threw.</param>
/// <param name="Error">The exception's type and message when the engine threw (an engine bug: counted as a miss).</param>
internal sealed record CaseOutcome(CorpusCase Case, Verdict? Verdict, string? Error)
{
    public string Got => Verdict?.Decision.ToWireString() ?? "error";

    public bool IsRight => Verdict is not null && Case.IsRight(Verdict.Decision);

    public bool HonoursExpect => Case.Expect is not { } expected || Verdict?.Decision == expected;
}

/// <summary>Decides corpus cases the way <c>mstro hook</c> would: a synthesized PreToolUse payload, parsed by
/// <see cref="HookPayload.Parse"/>, decided by the built-in rules.</summary>
internal sealed class CorpusRunner
{
    private readonly BouncerEngine _engine = new(RuleSet.BuiltIn, new UnresolvedFileSystemView());

    public CaseOutcome Decide(CorpusCase corpusCase)
    {
        ArgumentNullException.ThrowIfNull(corpusCase);
        try
        {
            var payload = HookPayload.Parse(ToPayloadJson(corpusCase));
            var verdict = _engine.Decide(payload, CorpusEnvironment.For(corpusCase.Cwd));
            return new CaseOutcome(corpusCase, verdict, null);
        }
#pragma warning disable CA1031 // Any exception is an engine bug to report with the case, not a reason to stop scoring the rest.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return new CaseOutcome(corpusCase, null, $"{e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>The PreToolUse payload Claude Code would send for the case.</summary>
    public static byte[] ToPayloadJson(CorpusCase corpusCase)
    {
        ArgumentNullException.ThrowIfNull(corpusCase);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("session_id", "corpus-session");
            writer.WriteString("transcript_path", "/home/dev/.claude/projects/-home-dev-work-webapp/corpus-session.jsonl");
            writer.WriteString("cwd", corpusCase.Cwd ?? CorpusEnvironment.ProjectDir);
            writer.WriteString("permission_mode", "default");
            writer.WriteString("hook_event_name", HookPayload.PreToolUse);
            writer.WriteString("tool_name", corpusCase.Tool);
            writer.WritePropertyName("tool_input");
            corpusCase.Input.WriteTo(writer);
            writer.WriteString("tool_use_id", "toolu_" + corpusCase.Id);
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
