using Mstro.Bouncer;

namespace Mstro.Cli;

/// <summary>Exit codes of <c>mstro check</c> (and of usage errors). <c>mstro hook</c> always exits 0.</summary>
public static class ExitCodes
{
    public const int Allow = 0;
    public const int Ask = 1;
    public const int Deny = 2;

    /// <summary>Bad usage, unreadable input, a malformed line in <c>--jsonl</c>, or an internal error.</summary>
    public const int Error = 3;

    public static int For(Decision decision) => decision switch
    {
        Decision.Allow => Allow,
        Decision.Ask => Ask,
        _ => Deny,
    };
}
