namespace Mstro.Hook;

/// <summary>Runs <see cref="HookRunner"/> on the real process: stdin, stdout, stderr, environment and clock.</summary>
public static class HookProcess
{
    /// <summary>Written when even setting up the runner fails: still a valid answer, and never allow.</summary>
    private static ReadOnlySpan<byte> LastResortAnswer =>
        """{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"ask","permissionDecisionReason":"mstro: hit an internal error before it could check this call, so it asks [rule mstro.internal-error]"}}"""u8;

    public static int Run()
    {
        using var stdout = StandardStream(1, FileAccess.Write);
        try
        {
            using var stdin = StandardStream(0, FileAccess.Read);
            using var stderr = StandardStream(2, FileAccess.Write);
            // Layer 1 decides here first; a running mstro server then sees the call and decides what Layer 1 left open.
            var bridge = Bridge.ServerHookBridge.ForEnvironment(Environment.GetEnvironmentVariable);
            return new HookRunner(Environment.GetEnvironmentVariable, TimeProvider.System, bridge).Run(stdin, stdout, stderr);
        }
#pragma warning disable CA1031 // The last line of defence against failing open.
        catch (Exception)
#pragma warning restore CA1031
        {
            try
            {
                stdout.Write(LastResortAnswer);
                stdout.Write("\n"u8);
                stdout.Flush();
            }
            catch (IOException)
            {
                // Nothing is left to answer with.
            }
            return 0;
        }
    }

    /// <summary>An unbuffered stream over a standard file descriptor. On Unix it calls read(2) and write(2) itself: the
    /// console's streams would set up terminal handling (a signal-handling thread, the terminfo database named by TERM)
    /// that a process talking to pipes never needs, and that costs a hook call measurable time; and a file stream writes
    /// a redirected stdout at an offset of its own (see <see cref="DescriptorStream"/>).</summary>
    private static Stream StandardStream(int descriptor, FileAccess access)
    {
        if (!OperatingSystem.IsWindows()) return new DescriptorStream(descriptor, access);
        return descriptor switch
        {
            0 => Console.OpenStandardInput(),
            1 => Console.OpenStandardOutput(),
            _ => Console.OpenStandardError(),
        };
    }
}
