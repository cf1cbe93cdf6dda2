using System.Text.Json;
using System.Text.RegularExpressions;
using Json.Schema;
using Mstro.Bouncer.Policy;

namespace Mstro.Bouncer.Tests.Policy;

/// <summary>The published JSON Schema (for editors) and the parser (the authority) must agree.</summary>
public class SchemaTests
{
    private static readonly Lazy<JsonSchema> Schema =
        new(() => JsonSchema.FromText(File.ReadAllText(Path.Combine(SourceTree.PolicyDir, "bouncer.schema.json"))));

    private static readonly JsonDocument SchemaDocument =
        JsonDocument.Parse(File.ReadAllText(Path.Combine(SourceTree.PolicyDir, "bouncer.schema.json")));

    private static EvaluationResults Validate(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    private static string Describe(EvaluationResults results) =>
        string.Join("; ", (results.Details ?? []).Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")));

    [Theory]
    [MemberData(nameof(PackNames))]
    public void TheSchemaValidatesEachBuiltInPack(string pack)
    {
        var results = Validate(File.ReadAllText(Path.Combine(SourceTree.PacksDir, pack + ".json")));
        Assert.True(results.IsValid, Describe(results));
    }

    public static TheoryData<string> PackNames() => [.. BuiltInPacks.Names];

    [Theory]
    [InlineData("""{"version": 1, "rules": [{"id": "a", "decision": "deny", "commnd": "x"}]}""")]
    [InlineData("""{"version": 2, "rules": []}""")]
    [InlineData("""{"version": 1, "rules": [{"id": "a", "decision": "block", "command": "x"}]}""")]
    [InlineData("""{"version": 1, "rules": [{"id": "a", "decision": "deny"}]}""")]
    [InlineData("""{"version": 1, "rules": [{"id": "a", "decision": "deny", "severity": "critical", "command": "x"}]}""")]
    [InlineData("""{"version": 1, "rules": [{"id": "a", "decision": "deny", "effect": "delet"}]}""")]
    [InlineData("""{"version": 1, "rules": [{"id": "a", "decision": "deny", "path": "*.pem"}]}""")]
    [InlineData("""{"version": 1, "rules": [{"id": "a", "decision": "deny", "tool": "x", "tools": ["y"]}]}""")]
    [InlineData("""{"version": 1, "rules": [{"id": "a", "decision": "deny", "port": 70000}]}""")]
    public void TheSchemaRejectsWhatTheParserRejects(string json)
    {
        Assert.False(Validate(json).IsValid);
        Assert.NotEmpty(RuleFileParser.Parse(System.Text.Encoding.UTF8.GetBytes(json), "f.json", RuleSource.User).Errors);
    }

    [Fact]
    public void TheSchemaAcceptsTheReadmeExample()
    {
        const string json = """
            { "version": 1,
              "rules": [
                { "id": "my.no-terraform-destroy", "decision": "deny", "reason": "never destroy infra from an agent",
                  "tool": "Bash", "command": "terraform destroy*" },
                { "id": "my.scratch", "decision": "allow", "effect": "delete", "path": "~/scratch/**" },
                { "id": "my.corp-fetch", "decision": "ask", "tool": "WebFetch", "host": "*.corp.example" },
                { "id": "my.db", "severity": "critical", "effects": ["network"], "port": [5432, "$MSTRO_PORT"] } ] }
            """;
        Assert.True(Validate(json).IsValid, Describe(Validate(json)));
        Assert.Empty(RuleFileParser.Parse(System.Text.Encoding.UTF8.GetBytes(json), "f.json", RuleSource.User).Errors);
    }

    [Fact]
    public void TheSchemaListsExactlyTheFieldsAndNamesTheParserKnows()
    {
        var root = SchemaDocument.RootElement;
        var definitions = root.GetProperty("$defs");
        Assert.Equal(RuleFileParser.TopLevelFieldNames.Order(), Keys(root.GetProperty("properties")).Order());
        Assert.Equal(RuleFileParser.RuleFieldNames.Order(), Keys(definitions.GetProperty("rule").GetProperty("properties")).Order());
        Assert.Equal(RuleVocabulary.EffectNames, Strings(definitions.GetProperty("effect").GetProperty("enum")));
        Assert.Equal(RuleVocabulary.FlagNames, Strings(definitions.GetProperty("flag").GetProperty("enum")));
        Assert.Equal(RuleVocabulary.DecisionNames, Strings(definitions.GetProperty("rule").GetProperty("properties")
            .GetProperty("decision").GetProperty("enum")));
        Assert.Equal(RuleVocabulary.SeverityNames, Strings(definitions.GetProperty("rule").GetProperty("properties")
            .GetProperty("severity").GetProperty("enum")));
    }

    [Fact]
    public void TheReferenceDocumentsEveryFieldEffectAndFlagAndItsExamplesParse()
    {
        var readme = File.ReadAllText(Path.Combine(SourceTree.PolicyDir, "README.md"));
        foreach (var name in RuleFileParser.RuleFieldNames.Concat(RuleVocabulary.EffectNames).Concat(RuleVocabulary.FlagNames))
            Assert.Contains($"`{name}`", readme, StringComparison.Ordinal);
        var examples = Regex.Matches(readme, "```json\n(\\{ *\"version\".*?)```", RegexOptions.Singleline);
        Assert.NotEmpty(examples);
        foreach (Match example in examples)
        {
            var parsed = RuleFileParser.Parse(System.Text.Encoding.UTF8.GetBytes(example.Groups[1].Value), "README.md", RuleSource.User);
            Assert.True(parsed.Errors.Count == 0, string.Join("\n", parsed.Errors) + "\n" + example.Groups[1].Value);
        }
    }

    private static IEnumerable<string> Keys(JsonElement element) => element.EnumerateObject().Select(p => p.Name);

    private static IEnumerable<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!);
}
