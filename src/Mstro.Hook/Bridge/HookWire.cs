using System.Text.Json;
using Mstro.Bouncer;

namespace Mstro.Hook.Bridge;

/// <summary>The two messages the hook exchanges with the server, written and read by hand: the serializer's first use in
/// a process configures its metadata for every type it touches, about a millisecond of a hook call, for two small
/// messages. The shapes are those of <see cref="Mstro.Protocol.WireVerdict"/> and <see cref="Mstro.Protocol.HookResponse"/>
/// through <see cref="Mstro.Protocol.ProtocolJsonContext"/> (tests compare the two, both ways).</summary>
internal static class HookWire
{
    /// <summary>A verdict as <see cref="Mstro.Protocol.WireVerdict"/> serializes it.</summary>
    public static void WriteVerdict(Utf8JsonWriter writer, Verdict verdict)
    {
        writer.WriteStartObject();
        writer.WriteString("decision", verdict.Decision.ToWireString());
        writer.WriteString("severity", Name(verdict.Severity));
        writer.WriteString("ruleId", verdict.RuleId);
        writer.WriteString("reason", verdict.Reason);
        writer.WriteString("layer", Name(verdict.Layer));
        writer.WriteStartArray("findings");
        foreach (var finding in verdict.Findings)
        {
            writer.WriteStartObject();
            writer.WriteString("ruleId", finding.RuleId);
            writer.WriteString("severity", Name(finding.Severity));
            writer.WriteString("reason", finding.Reason);
            writer.WriteString("evidence", finding.Evidence);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>The server's answer, or null when it is not a complete <see cref="Mstro.Protocol.HookResponse"/>: not an
    /// object, a field missing or null, a value of the wrong type, or an unknown name.</summary>
    public static BridgeDecision? ReadResponse(ReadOnlySpan<byte> utf8Json)
    {
        Decision? decision = null;
        Layer? layer = null;
        string? reason = null, ruleId = null;
        long? seq = null;
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 256 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                // A repeated field keeps its last value, as the serializer reads it.
                if (reader.ValueTextEquals("decision"u8)) decision = DecisionNamed(ref Next(ref reader));
                else if (reader.ValueTextEquals("layer"u8)) layer = LayerNamed(ref Next(ref reader));
                else if (reader.ValueTextEquals("reason"u8)) reason = Text(ref Next(ref reader));
                else if (reader.ValueTextEquals("ruleId"u8)) ruleId = Text(ref Next(ref reader));
                else if (reader.ValueTextEquals("seq"u8)) seq = Number(ref Next(ref reader));
                else if (!Next(ref reader).TrySkip()) return null;
            }
            if (reader.TokenType != JsonTokenType.EndObject || reader.Read()) return null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
        return decision is { } d && layer is { } l && reason is not null && ruleId is not null && seq is { } s
            ? new BridgeDecision(d, reason, l, ruleId, s)
            : null;
    }

    private static JsonException Invalid() => new("not a hook response");

    private static ref Utf8JsonReader Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read()) throw Invalid();
        return ref reader;
    }

    private static long Number(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var number) ? number : throw Invalid();

    private static string Text(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw Invalid();

    // As the serializer's enum converter reads names: the kebab-case name exactly, or the C# name ignoring case.
    private static Decision DecisionNamed(ref Utf8JsonReader reader) => Text(ref reader).ToLowerInvariant() switch
    {
        "allow" => Decision.Allow,
        "ask" => Decision.Ask,
        "deny" => Decision.Deny,
        _ => throw Invalid(),
    };

    private static Layer LayerNamed(ref Utf8JsonReader reader)
    {
        var name = Text(ref reader);
        return name == "ai-review" ? Layer.AiReview : name.ToLowerInvariant() switch
        {
            "rules" => Layer.Rules,
            "aireview" => Layer.AiReview,
            "human" => Layer.Human,
            _ => throw Invalid(),
        };
    }

    private static string Name(Severity severity) => severity switch
    {
        Severity.None => "none",
        Severity.Ambiguous => "ambiguous",
        Severity.Dangerous => "dangerous",
        Severity.Critical => "critical",
        Severity.Catastrophic => "catastrophic",
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, null),
    };

    private static string Name(Layer layer) => layer switch
    {
        Layer.Rules => "rules",
        Layer.AiReview => "ai-review",
        Layer.Human => "human",
        _ => throw new ArgumentOutOfRangeException(nameof(layer), layer, null),
    };
}
