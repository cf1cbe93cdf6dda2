using Mstro.Hook;

namespace Mstro.Cli.Tests.TestSupport;

public sealed record HookRun(int ExitCode, byte[] Stdout, byte[] Stderr)
{
    public HookAnswer Answer => HookAnswer.Parse(Stdout);
    public string StderrText => System.Text.Encoding.UTF8.GetString(Stderr);
}

/// <summary>Drives <see cref="HookRunner"/> in-process over memory streams.</summary>
public static class InProcessHook
{
    public static HookRun Run(TempHome home, byte[] stdin, IHookBridge? bridge = null, TimeProvider? clock = null,
        int maxPayloadBytes = HookRunner.MaxPayloadBytes)
    {
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        var runner = new HookRunner(home.Get, clock ?? SteppingClock.Default(), bridge, maxPayloadBytes: maxPayloadBytes);
        var exitCode = runner.Run(new MemoryStream(stdin), stdout, stderr);
        return new HookRun(exitCode, stdout.ToArray(), stderr.ToArray());
    }
}
