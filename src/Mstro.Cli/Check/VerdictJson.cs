using System.Text.Json;
using Mstro.Bouncer;
using Mstro.Hook.Audit;

namespace Mstro.Cli.Check;

/// <summary>A verdict as JSON properties: decision, severity, rule, reason, layer, findings.</summary>
public static class VerdictJson
{
    /// <summary>Writes the verdict's properties into the object <paramref name="writer"/> has open.</summary>
    public static void WriteProperties(Utf8JsonWriter writer, Verdict verdict)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(verdict);
        writer.WriteString("decision", verdict.Decision.ToWireString());
        writer.WriteString("severity", AuditLine.SeverityName(verdict.Severity));
        writer.WriteString("rule", Text.Scrub(verdict.RuleId));
        writer.WriteString("reason", Text.Scrub(verdict.Reason));
        writer.WriteNumber("layer", (int)verdict.Layer);
        writer.WriteStartArray("findings");
        foreach (var finding in verdict.Findings)
        {
            writer.WriteStartObject();
            writer.WriteString("rule", Text.Scrub(finding.RuleId));
            writer.WriteString("severity", AuditLine.SeverityName(finding.Severity));
            writer.WriteString("reason", Text.Scrub(finding.Reason));
            writer.WriteString("evidence", Text.Scrub(finding.Evidence));
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }
}
