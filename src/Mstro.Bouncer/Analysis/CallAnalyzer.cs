using Mstro.Bouncer.Hook;

namespace Mstro.Bouncer.Analysis;

/// <summary>Turns a tool call into the effects it would have. (Placeholder: the analysis work fills this in.)</summary>
public sealed class CallAnalyzer
{
    private readonly IFileSystemView _fileSystem;

    public CallAnalyzer(IFileSystemView fileSystem) => _fileSystem = fileSystem;

    /// <summary>The effects of one PreToolUse call.</summary>
    public IReadOnlyList<Effect> Analyze(HookPayload payload, BouncerEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return payload.ToolName == "Bash"
            ? AnalyzeCommand(payload.RequiredInputString("command"), environment)
            : [];
    }

    /// <summary>The effects of a Bash command line.</summary>
    public IReadOnlyList<Effect> AnalyzeCommand(string command, BouncerEnvironment environment)
    {
        _ = command;
        _ = environment;
        _ = _fileSystem;
        return [];
    }
}
