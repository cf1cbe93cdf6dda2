using Mstro.Bouncer;
using Mstro.Bouncer.Hook;
using Mstro.Hook;

namespace Mstro.Hook.Bridge;

/// <summary>The hook's view of a running mstro server (<see cref="IHookBridge"/>): Layer 1 has decided; the server sees
/// the call (the feed) and decides what Layer 1 left ambiguous. Without a usable server the local verdict stands, and
/// nothing the server says loosens a Layer-1 deny (checked here and again by the runner).</summary>
/// <param name="mstroDirectory">~/.mstro, where the runtime file is.</param>
/// <param name="timeouts">How long the server is given.</param>
/// <param name="projectDirHint">CLAUDE_PROJECT_DIR, to tell the server the call's project (what a remembered rule is
/// limited to).</param>
public sealed class ServerHookBridge(string mstroDirectory, BridgeTimeouts? timeouts = null, string? projectDirHint = null) : IHookBridge
{
    /// <summary>The bridge for this user's ~/.mstro, or null when no home directory can be found.</summary>
    public static ServerHookBridge? ForEnvironment(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        try
        {
            return new ServerHookBridge(Hosting.MstroPaths.FromEnvironment(environment).MstroDir, projectDirHint: environment("CLAUDE_PROJECT_DIR"));
        }
        catch (InvalidOperationException)
        {
            return null; // the runner reports the missing HOME itself
        }
    }

    /// <summary>A PreToolUse call after Layer 1: the final verdict (<paramref name="localVerdict"/> without a server).</summary>
    public Verdict Review(HookPayload payload, ReadOnlyMemory<byte> rawPayload, Verdict localVerdict)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(localVerdict);
        var projectDir = payload.Cwd is { } cwd ? Hosting.CallEnvironment.ProjectDir(Hosting.PathText.Normalize(cwd), projectDirHint) : null;
        return HookBridge.ForwardCall(mstroDirectory, rawPayload.Span, localVerdict, timeouts, projectDir)?.Apply(localVerdict) ?? localVerdict;
    }

    /// <summary>Any other event (SessionStart, UserPromptSubmit, Stop…), fire-and-forget with a short timeout.</summary>
    public void Notify(HookPayload payload, ReadOnlyMemory<byte> rawPayload) =>
        HookBridge.ForwardEvent(mstroDirectory, rawPayload.Span, timeouts);
}
