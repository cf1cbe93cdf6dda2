using Mstro.Bouncer.Hook;

namespace Mstro.Bouncer.Analysis;

/// <summary>Turns a tool call into the effects it would have: Bash commands through the shell analysis, the file,
/// web and MCP tools through <see cref="ToolAnalyzer"/>. Thread-safe (each call gets its own analysis state).</summary>
public sealed class CallAnalyzer
{
    private readonly IFileSystemView _fileSystem;

    public CallAnalyzer(IFileSystemView fileSystem) => _fileSystem = fileSystem;

    /// <summary>The effects of one PreToolUse call. Throws <see cref="HookPayloadException"/> when a field the tool
    /// needs is missing.</summary>
    public IReadOnlyList<Effect> Analyze(HookPayload payload, BouncerEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(environment);
        return payload.ToolName == "Bash"
            ? AnalyzeCommand(payload.RequiredInputString("command"), environment)
            : ToolAnalyzer.Analyze(payload, environment, _fileSystem);
    }

    /// <summary>The effects of a Bash command line run in <paramref name="environment"/>'s cwd.</summary>
    public IReadOnlyList<Effect> AnalyzeCommand(string command, BouncerEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(environment);
        return new ShellAnalysis(environment, _fileSystem).AnalyzeCommandLine(command);
    }
}
