using System.Text;
using Mstro.Bouncer.Policy;
using Mstro.Server.Remember;

namespace Mstro.Server.Tests.Layer3;

/// <summary>Adding a remembered rule changes nothing in the file but the rule it adds.</summary>
public sealed class RulesFileTextTests
{
    private const string Rule = """{"id":"remembered.bash-1","decision":"deny","tool":"Bash","command":"x"}""";

    [Theory]
    [InlineData("""{ "version": 1, "rules": [] }""", "{ \"version\": 1, \"rules\": [\n  " + Rule + "\n] }")]
    [InlineData("""{"rules":[{"id":"a","decision":"deny","command":"a"}],"version":1}""", """{"rules":[{"id":"a","decision":"deny","command":"a"},""" + "\n          " + Rule + """],"version":1}""")]
    [InlineData("{ \"version\": 1,\n  \"rules\": [\n    { \"id\": \"a\", \"decision\": \"deny\", \"command\": \"a\" }, /* c */\n  ] }",
        "{ \"version\": 1,\n  \"rules\": [\n    { \"id\": \"a\", \"decision\": \"deny\", \"command\": \"a\" },\n    " + Rule + ", /* c */\n  ] }")]
    [InlineData("{\r\n  \"version\": 1,\r\n  \"rules\": [\r\n    {\"id\":\"a\",\"decision\":\"deny\",\"command\":\"a\"}\r\n  ]\r\n}",
        "{\r\n  \"version\": 1,\r\n  \"rules\": [\r\n    {\"id\":\"a\",\"decision\":\"deny\",\"command\":\"a\"},\r\n    " + Rule + "\r\n  ]\r\n}")]
    [InlineData("{ \"description\": \"é [rules] \\\"rules\\\"\", \"nested\": {\"rules\": [1]}, \"version\": 1, \"rules\": [] }",
        "{ \"description\": \"é [rules] \\\"rules\\\"\", \"nested\": {\"rules\": [1]}, \"version\": 1, \"rules\": [\n  " + Rule + "\n] }")]
    public void TheRuleGoesAfterTheLastRuleAndEverythingElseStays(string before, string after)
    {
        Assert.Equal(after, RulesFileText.Insert(Encoding.UTF8.GetBytes(before), Rule));
    }

    [Fact]
    public void AByteOrderMarkStays()
    {
        var before = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("""{"version":1,"rules":[]}""")).ToArray();

        var after = RulesFileText.Insert(before, Rule)!;

        Assert.StartsWith("\uFEFF{\"version\":1,\"rules\":[", after, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "version": 1 }""")]
    [InlineData("""{ "version": 1, "rules": {} }""")]
    [InlineData("""[ 1 ]""")]
    [InlineData("""{ "version": 1, "rules": [ """)]
    public void AFileWithoutARulesArrayGetsNoRule(string before)
    {
        Assert.Null(RulesFileText.Insert(Encoding.UTF8.GetBytes(before), Rule));
    }

    [Fact]
    public void ANewFileIsAValidRulesFile()
    {
        var directory = Directory.CreateTempSubdirectory("mstro-rules-text-").FullName;
        try
        {
            var file = Path.Combine(directory, "bouncer.json");
            File.WriteAllText(file, RulesFileText.NewFile(Rule));

            var loaded = RuleLoader.Load(file, null);

            Assert.Empty(loaded.Errors);
            Assert.Contains(loaded.RuleSet.Rules, rule => rule.Id == "remembered.bash-1" && rule.Source == RuleSource.User);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("rm -rf build", "rm -rf build")]
    [InlineData("ls *.c [a] ? \\", "ls \\*.c \\[a\\] \\? \\\\")]
    public void EscapedGlobsMatchExactlyTheirText(string text, string glob)
    {
        Assert.Equal(glob, RuleConditions.EscapeGlob(text));
    }
}
