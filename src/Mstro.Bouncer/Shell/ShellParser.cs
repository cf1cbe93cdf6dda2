namespace Mstro.Bouncer.Shell;

/// <summary>
/// Parses a bash command line into the syntax tree of <c>Ast.cs</c>, tokenised the way bash itself would
/// (quote removal, nested substitutions, heredocs, keywords only in command position), because the corners
/// of bash's grammar are exactly where a disguised command hides.
/// </summary>
/// <remarks>
/// Never throws, never recurses deeper than <see cref="ParserLimits.MaxNestingDepth"/>, and does work linear
/// in the input: bad input gives a best-effort tree plus <see cref="ParseResult.Diagnostics"/>, and a limit
/// that is hit gives a <see cref="ParseDiagnosticKind.LimitExceeded"/> diagnostic and the tree read so far.
/// </remarks>
public static class ShellParser
{
    public static ParseResult Parse(string source, ParserLimits? limits = null) =>
        BashParser.Run(source ?? string.Empty, limits ?? ParserLimits.Default);
}
