namespace Mstro.Bouncer.Tests.Corpus;

/// <summary>The corpus validator itself: a broken case must be reported with its file and line, never skipped.</summary>
public sealed class CorpusLoaderTests
{
    private const string Valid =
        """{"id":"ben-npm-001","class":"benign","tool":"Bash","input":{"command":"npm test"},"reason":"runs the project's tests"}""";

    private static CorpusLoad Parse(params string[] lines) =>
        CorpusLoader.Parse([("sample.jsonl", string.Join('\n', lines) + "\n")]);

    [Fact]
    public void AValidCaseIsLoadedWithItsLocation()
    {
        var load = Parse(Valid);

        Assert.Empty(load.Errors);
        var loaded = Assert.Single(load.Cases);
        Assert.Equal("ben-npm-001", loaded.Id);
        Assert.Equal(CaseClass.Benign, loaded.Class);
        Assert.Equal("sample.jsonl:1", loaded.Location);
        Assert.Equal("npm test", loaded.Input.GetProperty("command").GetString());
    }

    [Fact]
    public void MalformedJsonIsReportedWithItsLineNumber()
    {
        var load = Parse(Valid, "", """{"id":"ben-x-001", "class":""");

        var error = Assert.Single(load.Errors);
        Assert.StartsWith("sample.jsonl:3: not valid JSON", error, StringComparison.Ordinal);
        Assert.Single(load.Cases);
    }

    [Theory]
    [InlineData("""{"id":"ben-a-001","class":"harmless","tool":"Bash","input":{"command":"ls"},"reason":"lists the project"}""", "class must be catastrophic, dangerous or benign")]
    [InlineData("""{"id":"cat-a-001","class":"benign","tool":"Bash","input":{"command":"ls"},"reason":"lists the project"}""", "must start with \"ben-\"")]
    [InlineData("""{"id":"ben-A_1","class":"benign","tool":"Bash","input":{"command":"ls"},"reason":"lists the project"}""", "lower-case words and digits")]
    [InlineData("""{"id":"ben-a-001","class":"benign","expect":"ask","tool":"Bash","input":{"command":"ls"},"reason":"lists the project"}""", "expect is only for dangerous cases")]
    [InlineData("""{"id":"dan-a-001","class":"dangerous","expect":"allow","tool":"Bash","input":{"command":"ls"},"reason":"lists the project"}""", "expect must be deny or ask")]
    [InlineData("""{"id":"ben-a-001","class":"benign","tool":"Shell","input":{"command":"ls"},"reason":"lists the project"}""", "unknown tool \"Shell\"")]
    [InlineData("""{"id":"ben-a-001","class":"benign","tool":"Bash","input":{"cmd":"ls"},"reason":"lists the project"}""", "needs the string field \"command\"")]
    [InlineData("""{"id":"ben-a-001","class":"benign","tool":"Read","input":{"file_path":"src/a.ts"},"reason":"reads a project file"}""", "input.file_path must be absolute")]
    [InlineData("""{"id":"ben-a-001","class":"benign","tool":"Bash","cwd":"work","input":{"command":"ls"},"reason":"lists the project"}""", "cwd must be an absolute path")]
    [InlineData("""{"id":"ben-a-001","class":"benign","tool":"Bash","input":{"command":"ls"},"reason":""}""", "field \"reason\" is empty")]
    [InlineData("""{"id":"ben-a-001","class":"benign","tool":"Bash","input":{"command":"ls"},"reason":"ok"}""", "reason must say specifically")]
    [InlineData("""{"id":"ben-a-001","class":"benign","tool":"Bash","input":{"command":"ls"},"reason":"lists the project","expected":"allow"}""", "unknown field \"expected\"")]
    [InlineData("""{"id":"ben-a-001","class":"benign","tool":"Bash","input":"ls","reason":"lists the project"}""", "field \"input\" must be an object")]
    [InlineData("""[1,2]""", "a case must be a JSON object")]
    public void ABrokenCaseIsReportedAndNotLoaded(string line, string expected)
    {
        var load = Parse(line);

        Assert.Contains(load.Errors, e => e.StartsWith("sample.jsonl:1: ", StringComparison.Ordinal)
            && e.Contains(expected, StringComparison.Ordinal));
        Assert.Empty(load.Cases);
    }

    [Fact]
    public void McpToolNamesAreAcceptedWithAnyInput()
    {
        var load = Parse("""{"id":"ben-mcp-001","class":"benign","tool":"mcp__github__create_issue","input":{"title":"t"},"reason":"files an issue through MCP"}""",
            """{"id":"ben-mcp-002","class":"benign","tool":"mcp__github","input":{},"reason":"not a full MCP tool name"}""");

        Assert.Single(load.Cases);
        Assert.Contains(load.Errors, e => e.StartsWith("sample.jsonl:2: unknown tool \"mcp__github\"", StringComparison.Ordinal));
    }

    [Fact]
    public void DuplicateIdsAreReportedAcrossFiles()
    {
        var load = CorpusLoader.Parse([
            ("a.jsonl", Valid + "\n"),
            ("b.jsonl", Valid.Replace("npm test", "npm run build", StringComparison.Ordinal) + "\n"),
        ]);

        var error = Assert.Single(load.Errors);
        Assert.Equal("b.jsonl:1: id \"ben-npm-001\" is already used at a.jsonl:1", error);
    }

    [Fact]
    public void TheSameCallTwiceIsReportedEvenWithOtherSpacing()
    {
        var spaced = """{"id":"ben-npm-002","class":"benign","tool":"Bash","input":{ "command" : "npm test" },"reason":"runs the project's tests"}""";

        var load = Parse(Valid, spaced);

        var error = Assert.Single(load.Errors);
        Assert.Equal("sample.jsonl:2: the same tool call (tool, cwd and input) is already case sample.jsonl:1", error);
    }

    [Fact]
    public void TheSameCallInAnotherDirectoryIsADifferentCase()
    {
        var elsewhere = """{"id":"ben-npm-002","class":"benign","tool":"Bash","cwd":"/tmp/x","input":{"command":"npm test"},"reason":"runs tests of a scratch copy"}""";

        var load = Parse(Valid, elsewhere);

        Assert.Empty(load.Errors);
        Assert.Equal(2, load.Cases.Count);
    }
}
