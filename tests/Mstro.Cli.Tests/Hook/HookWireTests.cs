using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mstro.Bouncer;
using Mstro.Hook.Audit;
using Mstro.Hook.Bridge;
using Mstro.Protocol;

namespace Mstro.Cli.Tests.Hook;

/// <summary>The hook writes and reads its two server messages by hand; they must be exactly what the protocol's
/// serializer (which the server uses) writes and accepts.</summary>
public sealed class HookWireTests
{
    public static TheoryData<int> Verdicts => new() { 0, 1, 2, 3 };

    private static Verdict VerdictNumber(int number) => number switch
    {
        0 => new Verdict(Decision.Allow, Severity.None, "default.allow", "No rule matched.", Layer.Rules, []),
        1 => new Verdict(Decision.Ask, Severity.Ambiguous, "code-execution.dynamic", "runs \"$CMD\"\n\u001b[31m é 😀", Layer.AiReview,
            [new Finding("code-execution.dynamic", Severity.Ambiguous, "dynamic code", "$CMD x")]),
        2 => new Verdict(Decision.Deny, Severity.Catastrophic, "core.delete-system", "rm -rf /", Layer.Human,
            [new Finding("core.delete-system", Severity.Catastrophic, "deletes /", "rm -rf /"),
             new Finding("filesystem.delete-outside-project", Severity.Dangerous, "outside", "rm -rf /")]),
        _ => new Verdict(Decision.Deny, Severity.Critical, "secrets.ssh-private-key", "<script>&'", Layer.Rules,
            [new Finding("secrets.ssh-private-key", Severity.Critical, "key", "cat ~/.ssh/id_rsa")]),
    };

    [Theory]
    [MemberData(nameof(Verdicts))]
    public void AVerdictIsWrittenAsTheSerializerWritesItAndReadsBackTheSame(int number)
    {
        var verdict = VerdictNumber(number);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Text.Readable)) HookWire.WriteVerdict(writer, verdict);
        var byHand = JsonNode.Parse(buffer.WrittenSpan);
        var bySerializer = JsonNode.Parse(JsonSerializer.Serialize(WireVerdict.From(verdict), ProtocolJsonContext.Default.WireVerdict));
        Assert.True(JsonNode.DeepEquals(bySerializer, byHand), $"{bySerializer?.ToJsonString()}\n{byHand?.ToJsonString()}");

        var read = JsonSerializer.Deserialize(buffer.WrittenSpan, ProtocolJsonContext.Default.WireVerdict)!;
        Assert.Null(read.Validate("verdict"));
        var back = read.ToVerdict();
        Assert.Equal(verdict with { Findings = [] }, back with { Findings = [] });
        Assert.Equal(verdict.Findings, back.Findings);
    }

    public static TheoryData<string> Responses => new()
    {
        """{"decision":"allow","reason":"ok","layer":"rules","ruleId":"default.allow","seq":7}""",
        """{"seq":9,"ruleId":"r","layer":"ai-review","reason":"é \"q\"","decision":"deny"}""",
        """{"decision":"ask","reason":"r","layer":"human","ruleId":"x","seq":1,"extra":{"a":[1,2]}}""",
        """{"decision":"ask","reason":"r","layer":"human","ruleId":"x","seq":1,"decision":"deny"}""",
        """{"decision":"ask","reason":"r","layer":"human","ruleId":"x"}""",
        """{"decision":"ask","reason":null,"layer":"human","ruleId":"x","seq":1}""",
        """{"decision":"maybe","reason":"r","layer":"human","ruleId":"x","seq":1}""",
        """{"decision":"Ask","reason":"r","layer":"Human","ruleId":"x","seq":1}""",
        """{"decision":"ask","reason":"r","layer":"robot","ruleId":"x","seq":1}""",
        """{"decision":"DENY","reason":"r","layer":"AiReview","ruleId":"x","seq":1}""",
        """{"decision":"deny","reason":"r","layer":"AI-REVIEW","ruleId":"x","seq":-3}""",
        """{"decision":"deny","reason":"r","layer":"ai_review","ruleId":"x","seq":1}""",
        """{"decision":1,"reason":"r","layer":"human","ruleId":"x","seq":1}""",
        """{"decision":"ask","reason":"r","layer":"human","ruleId":"x","seq":"1"}""",
        """{"decision":"ask","reason":"r","layer":"human","ruleId":"x","seq":1.5}""",
        """{"decision":"ask","reason":"r","layer":"human","ruleId":"x","seq":1}trailing""",
        """{"decision":"ask","reason":"r","layer":"human","ruleId":"x","seq":1,}""",
        """[{"decision":"ask"}]""",
        "null",
        "",
        "{",
    };

    [Theory]
    [MemberData(nameof(Responses))]
    public void AResponseIsReadAsTheSerializerReadsIt(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        BridgeDecision? expected;
        try
        {
            var response = JsonSerializer.Deserialize(bytes, ProtocolJsonContext.Default.HookResponse);
            expected = response is null || !Enum.IsDefined(response.Decision) || !Enum.IsDefined(response.Layer)
                       || response.Reason is null || response.RuleId is null
                ? null
                : new BridgeDecision(response.Decision, response.Reason, response.Layer, response.RuleId, response.Seq);
        }
        catch (JsonException)
        {
            expected = null;
        }
        Assert.Equal(expected, HookWire.ReadResponse(bytes));
    }
}
