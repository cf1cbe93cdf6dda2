using System.Text.Json;
using System.Text.Json.Serialization;
using Mstro.Bouncer;
using Mstro.Protocol.Escalations;
using Mstro.Protocol.Events;
using Mstro.Protocol.Feed;
using Mstro.Protocol.Runtime;

namespace Mstro.Protocol;

/// <summary>Source-generated JSON for every wire type (AOT- and trim-safe: no reflection). camelCase names; enums as
/// lower-case strings (<c>allow</c>, <c>ambiguous</c>, <c>ai-review</c>).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    ReadCommentHandling = JsonCommentHandling.Disallow,
    AllowTrailingCommas = false,
    MaxDepth = 256,
    // A missing constructor field or a null where none is allowed is an error, never a silent default (a response
    // without "decision" must not read as the enum's first value).
    RespectRequiredConstructorParameters = true,
    RespectNullableAnnotations = true,
    Converters = [typeof(DecisionJsonConverter), typeof(SeverityJsonConverter), typeof(LayerJsonConverter)])]
[JsonSerializable(typeof(HookRequest))]
[JsonSerializable(typeof(HookResponse))]
[JsonSerializable(typeof(EventRequest))]
[JsonSerializable(typeof(EventAccepted))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(WireVerdict))]
[JsonSerializable(typeof(VerdictEventData))]
[JsonSerializable(typeof(SessionEventData))]
[JsonSerializable(typeof(EscalationEventData))]
[JsonSerializable(typeof(EscalationResolvedEventData))]
[JsonSerializable(typeof(EscalationList))]
[JsonSerializable(typeof(AnswerRequest))]
[JsonSerializable(typeof(AnswerResponse))]
[JsonSerializable(typeof(PairRequest))]
[JsonSerializable(typeof(PairResponse))]
[JsonSerializable(typeof(FeedClientMessage))]
[JsonSerializable(typeof(FeedAuthenticated))]
[JsonSerializable(typeof(FeedGap))]
[JsonSerializable(typeof(FeedReplayEnd))]
[JsonSerializable(typeof(FeedDropped))]
[JsonSerializable(typeof(FeedError))]
[JsonSerializable(typeof(FeedMessageHeader))]
[JsonSerializable(typeof(RuntimeInfo))]
public sealed partial class ProtocolJsonContext : JsonSerializerContext;

public sealed class DecisionJsonConverter() : JsonStringEnumConverter<Decision>(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false);

public sealed class SeverityJsonConverter() : JsonStringEnumConverter<Severity>(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false);

public sealed class LayerJsonConverter() : JsonStringEnumConverter<Layer>(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false);
