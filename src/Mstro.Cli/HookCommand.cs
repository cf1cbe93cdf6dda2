using Mstro.Bouncer;
using Mstro.Bouncer.Hook;
using Mstro.Bouncer.Policy;
using Mstro.Cli.Bridge;

namespace Mstro.Cli;

/// <summary><c>mstro hook</c>: one payload in, one answer out, exit 0. Never fails open: any error answers ask.
/// (Skeleton: the CLI work adds the audit log, error ids and the error log.)</summary>
public static class HookCommand
{
    public static int Run(Stream stdin, Stream stdout)
    {
        byte[] answer;
        try
        {
            using var buffer = new MemoryStream();
            stdin.CopyTo(buffer);
            var raw = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
            var payload = HookPayload.Parse(raw.Span);
            var home = Environment.GetEnvironmentVariable("HOME") ?? "/";
            var bridge = new ServerHookBridge(Mstro.Protocol.Runtime.MstroPaths.MstroDirectory(home));
            if (!payload.IsPreToolUse)
            {
                bridge.Notify(payload, raw);
                return 0;
            }
            var engine = new BouncerEngine(RuleSet.BuiltIn);
            var verdict = bridge.Review(payload, raw, engine.Decide(payload, BouncerEnvironment.For(home, payload.Cwd!)));
            answer = HookOutput.PreToolUse(verdict.Decision, verdict.Reason);
        }
#pragma warning disable CA1031 // The hook must answer whatever went wrong.
        catch (Exception e)
#pragma warning restore CA1031
        {
            var verdict = Verdict.FromError(Guid.NewGuid().ToString("N")[..12], e.Message);
            answer = HookOutput.PreToolUse(verdict.Decision, verdict.Reason);
        }
        stdout.Write(answer);
        stdout.Flush();
        return 0;
    }
}
