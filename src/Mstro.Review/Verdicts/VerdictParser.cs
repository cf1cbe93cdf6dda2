using System.Globalization;
using System.Text;
using System.Text.Json;
using Anthropic.Models.Messages;

namespace Mstro.Review.Verdicts;

/// <summary>A parsed verdict, or why the answer could not be used.</summary>
internal readonly record struct ParsedVerdict(ModelVerdict? Verdict, string? Problem);

/// <summary>
/// Reads the model's answer strictly: exactly one <c>submit_verdict</c> tool call and no other tool call, with exactly
/// the fields <c>verdict</c>, <c>confidence</c> and <c>reason</c>, each valid. Text blocks are never read.
/// </summary>
internal static class VerdictParser
{
    private static readonly HashSet<string> Fields = ["verdict", "confidence", "reason"];

    public static ParsedVerdict Parse(IReadOnlyList<ContentBlock> content, string? stopReason)
    {
        Anthropic.Models.Messages.ToolUseBlock? submitted = null;
        foreach (var block in content)
        {
            if (!block.TryPickToolUse(out var toolUse))
            {
                continue;
            }

            if (toolUse.Name != SubmitVerdictTool.Name)
            {
                return Problem("the model called a tool other than submit_verdict");
            }

            if (submitted is not null)
            {
                return Problem("the model called submit_verdict more than once");
            }

            submitted = toolUse;
        }

        if (submitted is null)
        {
            return Problem(stopReason is null or "tool_use"
                ? "the model did not call submit_verdict"
                : $"the model did not call submit_verdict (stop reason: {Printable(stopReason, 40)})");
        }

        return ParseInput(submitted.Input);
    }

    private static ParsedVerdict ParseInput(IReadOnlyDictionary<string, JsonElement> input)
    {
        if (input.Count != Fields.Count || !input.Keys.All(Fields.Contains))
        {
            return Problem("submit_verdict must have exactly the fields verdict, confidence and reason");
        }

        var verdictElement = input["verdict"];
        ReviewDecision? verdict = verdictElement.ValueKind == JsonValueKind.String
            ? verdictElement.GetString() switch
            {
                "allow" => ReviewDecision.Allow,
                "deny" => ReviewDecision.Deny,
                "escalate" => ReviewDecision.Escalate,
                _ => null,
            }
            : null;
        if (verdict is null)
        {
            return Problem("verdict must be \"allow\", \"deny\" or \"escalate\"");
        }

        var confidenceElement = input["confidence"];
        if (confidenceElement.ValueKind != JsonValueKind.Number
            || !confidenceElement.TryGetDouble(out var confidence)
            || !double.IsFinite(confidence)
            || confidence is < 0 or > 1)
        {
            return Problem("confidence must be a number from 0 to 1");
        }

        var reasonElement = input["reason"];
        var reason = reasonElement.ValueKind == JsonValueKind.String ? reasonElement.GetString() : null;
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > SubmitVerdictTool.MaxReasonChars)
        {
            return Problem(string.Create(CultureInfo.InvariantCulture, $"reason must be a non-empty string of at most {SubmitVerdictTool.MaxReasonChars} characters"));
        }

        return new ParsedVerdict(new ModelVerdict(verdict.Value, confidence, Printable(reason, SubmitVerdictTool.MaxReasonChars)), null);
    }

    private static ParsedVerdict Problem(string problem) => new(null, problem);

    /// <summary>Model text for a feed line: one line, no control or format characters (no terminal escapes, no bidi tricks).</summary>
    internal static string Printable(string text, int maxChars)
    {
        var output = new StringBuilder(Math.Min(text.Length, maxChars));
        foreach (var c in text)
        {
            if (output.Length >= maxChars)
            {
                break;
            }

            var category = char.GetUnicodeCategory(c);
            output.Append(char.IsControl(c) || category is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator ? ' ' : c);
        }

        return output.ToString().Trim();
    }
}
