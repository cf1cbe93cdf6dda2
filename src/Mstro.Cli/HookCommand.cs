using Mstro.Bouncer;
using Mstro.Bouncer.Hook;
using Mstro.Bouncer.Policy;

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
            var payload = HookPayload.Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
            if (!payload.IsPreToolUse) return 0;
            var home = Environment.GetEnvironmentVariable("HOME") ?? "/";
            var engine = new BouncerEngine(RuleSet.BuiltIn);
            var verdict = engine.Decide(payload, BouncerEnvironment.For(home, payload.Cwd!));
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
