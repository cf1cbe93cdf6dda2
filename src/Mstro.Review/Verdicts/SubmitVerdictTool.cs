using System.Text.Json;
using Anthropic.Models.Messages;

namespace Mstro.Review.Verdicts;

/// <summary>The one tool the model is given and forced to call: its input is the verdict.</summary>
internal static class SubmitVerdictTool
{
    public const string Name = "submit_verdict";
    public const int MaxReasonChars = 300;

    private const string Schema = """
        {
          "type": "object",
          "properties": {
            "verdict": { "type": "string", "enum": ["allow", "deny", "escalate"], "description": "allow, deny, or escalate to a person" },
            "confidence": { "type": "number", "minimum": 0, "maximum": 1, "description": "how sure you are of the verdict, 0 to 1" },
            "reason": { "type": "string", "maxLength": 300, "description": "one short sentence for the person" }
          },
          "required": ["verdict", "confidence", "reason"],
          "additionalProperties": false
        }
        """;

    public static Tool Definition { get; } = new()
    {
        Name = Name,
        Description = "Submit your verdict on the tool call under review. Call it exactly once; it is the only answer read.",
        InputSchema = new InputSchema(ParseObject(Schema)),
    };

    public static ToolChoice Choice { get; } = new ToolChoiceTool(Name) { DisableParallelToolUse = true };

    private static Dictionary<string, JsonElement> ParseObject(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject().ToDictionary(property => property.Name, property => property.Value.Clone());
    }
}
