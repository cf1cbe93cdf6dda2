using Mstro.Protocol;
using Mstro.Server.Review;
using Mstro.Server.Tests.Support;

namespace Mstro.Server.Tests.Layer2;

/// <summary>The transcript tail AI review sees: condensed, bounded, and only from Claude Code's own projects directory.</summary>
public sealed class TranscriptTailTests : IDisposable
{
    private readonly TempHome _home = new();

    private string Claude => Path.Combine(_home.Path, ".claude");

    public void Dispose() => _home.Dispose();

    [Fact]
    public void OnlyTheEndOfTheFileIsReadAndAPartialFirstLineIsDropped()
    {
        var file = Transcript("s.jsonl", [.. Enumerable.Range(0, 200).Select(i => Line("user", $"message number {i:000}"))]);

        var tail = TranscriptTail.Read(file, Claude, maxBytes: 1024)!;

        Assert.Contains("user: message number 199", tail, StringComparison.Ordinal);
        Assert.DoesNotContain("message number 100", tail, StringComparison.Ordinal);
        Assert.All(tail.Split('\n'), line => Assert.StartsWith("user: message number ", line, StringComparison.Ordinal));
    }

    [Fact]
    public void AFileOutsideClaudesProjectsIsNotRead()
    {
        var outside = Path.Combine(_home.Path, "secret.jsonl");
        File.WriteAllText(outside, Line("user", "the secret") + "\n");
        var link = Path.Combine(Claude, "projects", "p", "link.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        File.CreateSymbolicLink(link, outside);

        Assert.Null(TranscriptTail.Read(outside, Claude, 4096));
        Assert.Null(TranscriptTail.Read(link, Claude, 4096));
        Assert.Null(TranscriptTail.Read(Path.Combine(Claude, "projects", "p", "..", "..", "..", "secret.jsonl"), Claude, 4096));
        Assert.Null(TranscriptTail.Read(Path.Combine(Claude, "projects", "p", "x.txt"), Claude, 4096));
    }

    [Fact]
    public void ToolCallsAndResultsAreCondensedAndOddLinesSkipped()
    {
        var file = Transcript("t.jsonl",
        [
            """{"type":"assistant","message":{"role":"assistant","content":[{"type":"tool_use","name":"Bash","input":{"command":"make"}}]}}""",
            """{"type":"user","message":{"role":"user","content":[{"type":"tool_result","content":[{"type":"text","text":"build ok"}]}]}}""",
            """not json at all""",
            """{"type":"summary","summary":"x"}""",
        ]);

        Assert.Equal("assistant called Bash: {\"command\":\"make\"}\ntool result: build ok ", TranscriptTail.Read(file, Claude, 65536));
    }

    [Fact]
    public void TerminalTextMakesControlsVisible()
    {
        Assert.Equal("a\\u001b[2Jb\\u202ec\\n", TerminalText.Safe("a\u001b[2Jb\u202ec\n"));
        Assert.Equal("plain", TerminalText.Safe("plain"));
        Assert.Equal("abc…", TerminalText.Safe("abcdef", 3));
    }

    private string Transcript(string name, string[] lines)
    {
        var file = Path.Combine(Claude, "projects", "-p", name);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllLines(file, lines);
        return file;
    }

    private static string Line(string role, string text) =>
        $$$"""{"type":"{{{role}}}","message":{"role":"{{{role}}}","content":"{{{text}}}"}}""";
}
