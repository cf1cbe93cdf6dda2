namespace Mstro.Hook;

/// <summary>Runs <see cref="HookRunner"/> on the real process: stdin, stdout, stderr, environment and clock.</summary>
public static class HookProcess
{
    /// <summary>Written when even setting up the runner fails: still a valid answer, and never allow.</summary>
    private static ReadOnlySpan<byte> LastResortAnswer =>
        """{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"ask","permissionDecisionReason":"mstro: hit an internal error before it could check this call, so it asks [rule mstro.internal-error]"}}"""u8;

    public static int Run()
    {
        using var stdout = Console.OpenStandardOutput();
        try
        {
            using var stdin = Console.OpenStandardInput();
            using var stderr = Console.OpenStandardError();
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
}
