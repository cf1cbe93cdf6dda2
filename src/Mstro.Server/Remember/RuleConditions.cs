using System.Text;
using Mstro.Bouncer;
using Mstro.Bouncer.Analysis;
using Mstro.Bouncer.Hook;
using Mstro.Bouncer.Policy;

namespace Mstro.Server.Remember;

/// <summary>The conditions of a remembered rule, as narrow as the call allows: for a Bash call the exact normalised text
/// of each command that made Layer 1 ask (<c>terraform destroy -target=module.x</c>, never <c>terraform *</c>); for a file
/// tool the exact paths; for a web fetch the host; with the tool always named. A person may widen it with a pattern
/// (a command glob, or a path glob for file tools), which must still match the call.</summary>
/// <param name="Tool">The tool, exactly.</param>
/// <param name="Commands">Command globs (Bash), or null.</param>
/// <param name="Paths">Path globs (file tools), or null.</param>
/// <param name="Hosts">Host globs (web tools), or null.</param>
internal sealed record RuleConditions(string Tool, IReadOnlyList<string>? Commands, IReadOnlyList<string>? Paths, IReadOnlyList<string>? Hosts)
{
    private static readonly string[] FileTools = ["Read", "Write", "Edit", "MultiEdit", "NotebookEdit"];

    /// <summary>The narrowest conditions that cover what made Layer 1 ask about <paramref name="payload"/>, or null with
    /// the reason when the call cannot be narrowed.</summary>
    public static RuleConditions? For(HookPayload payload, BouncerEnvironment environment, RuleSet rules, string? pattern, out string problem)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var tool = payload.ToolName ?? "";
        problem = "";
        if (tool.Length == 0)
        {
            problem = "the call names no tool, so no rule can be scoped to it.";
            return null;
        }

        var effects = new CallAnalyzer(RealFileSystemView.Instance).Analyze(payload, environment);
        var asking = effects.Where(effect => rules.Evaluate([effect], tool, environment).Any(f => f.Severity > Severity.None)).ToList();
        if (asking.Count == 0) asking = [.. effects];

        if (tool == "Bash")
        {
            if (pattern is not null) return new RuleConditions(tool, [pattern], null, null);
            if (asking.Any(effect => effect.Invocation is null))
            {
                problem = "Layer 1 could not tell which command in this call made it ask (it could not take the command apart), " +
                          "so an exact rule cannot be written; give a pattern (--pattern 'COMMAND GLOB') if you want one.";
                return null;
            }
            return new RuleConditions(tool, [.. asking.Select(effect => EscapeGlob(effect.Invocation!.Text)).Distinct(StringComparer.Ordinal)], null, null);
        }

        if (FileTools.Contains(tool, StringComparer.Ordinal) || asking.All(effect => effect.Path is not null))
        {
            if (pattern is not null) return new RuleConditions(tool, null, [pattern], null);
            var paths = asking.Where(effect => effect.Path is not null).Select(effect => EscapeGlob(effect.Path!)).Distinct(StringComparer.Ordinal).ToList();
            return paths.Count > 0 ? new RuleConditions(tool, null, paths, null) : new RuleConditions(tool, null, null, null);
        }

        if (asking.Count > 0 && asking.All(effect => effect.Host is not null))
        {
            if (pattern is not null) return new RuleConditions(tool, null, null, [pattern]);
            return new RuleConditions(tool, null, null, [.. asking.Select(effect => EscapeGlob(effect.Host!)).Distinct(StringComparer.Ordinal)]);
        }

        if (pattern is not null)
        {
            problem = $"a pattern narrows a command, a path or a host; this {tool} call has none of them to match it against.";
            return null;
        }
        return new RuleConditions(tool, null, null, null);
    }

    /// <summary>Makes text a glob that matches exactly that text (the rule format's escape is a backslash).</summary>
    public static string EscapeGlob(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c is '*' or '?' or '[' or ']' or '\\') escaped.Append('\\');
            escaped.Append(c);
        }
        return escaped.ToString();
    }
}
