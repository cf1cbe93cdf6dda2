using Mstro.Bouncer.Shell;

namespace Mstro.Bouncer.Analysis;

// TEMPORARY until the parser branch is merged: removed at the merge.
internal static class ShellParser
{
    public static ParseResult Parse(string source, ParserLimits? limits = null)
    {
        _ = source;
        _ = limits;
        throw new NotSupportedException("the shell parser is not merged yet");
    }
}
