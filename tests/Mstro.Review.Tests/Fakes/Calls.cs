using System.Text.Json;
using Mstro.Bouncer;

namespace Mstro.Review.Tests.Fakes;

/// <summary>Review requests for tests.</summary>
public static class Calls
{
    public const string Cwd = "/home/dev/project";

    public static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public static JsonElement Object(params (string Name, object? Value)[] fields) =>
        JsonSerializer.SerializeToElement(fields.ToDictionary(field => field.Name, field => field.Value));

    public static Verdict Layer1(Severity severity = Severity.Ambiguous, Decision? decision = null, string ruleId = "core.dynamic-code", string evidence = "eval \"$X\"") => new(
        decision ?? severity.ToDecision(),
        severity,
        ruleId,
        "Layer 1 cannot tell what this code does.",
        Layer.Rules,
        severity == Severity.None ? [] : [new Finding(ruleId, severity, "Layer 1 cannot tell what this code does.", evidence)]);

    public static ReviewRequest Bash(string command, Severity severity = Severity.Ambiguous, string cwd = Cwd) => new()
    {
        ToolName = "Bash",
        ToolInput = Object(("command", command), ("description", "Run a command")),
        Cwd = cwd,
        Layer1 = Layer1(severity),
    };

    public static ReviewRequest Tool(string toolName, JsonElement input, Severity severity = Severity.Ambiguous) => new()
    {
        ToolName = toolName,
        ToolInput = input,
        Cwd = Cwd,
        Layer1 = Layer1(severity),
    };
}
