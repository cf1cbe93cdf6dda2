using System.Text;
using System.Text.Json;
using Mstro.Bouncer;
using Mstro.Hook.Audit;

namespace Mstro.Cli.Tests.Audit;

public class AuditLineTests
{
    private static readonly DateTimeOffset Time = new(2026, 8, 22, 10, 11, 12, 345, TimeSpan.Zero);

    private static AuditRecord Record(IReadOnlyList<KeyValuePair<string, string>> input, string reason = "nothing dangerous",
        string? errorId = null, string cwd = "/work/p") =>
        new(Time, "sess", cwd, "/work/p", "Bash", "toolu_1", input, false,
            new Verdict(Decision.Deny, Severity.Catastrophic, "core.delete-home", reason, Layer.Rules, []), errorId, 77);

    [Fact]
    public void TheTimeIsWrittenAsTheFrameworkFormatsIt()
    {
        var random = new Random(7);
        var times = new List<DateTimeOffset>
        {
            Time, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, new(1999, 12, 31, 23, 59, 59, 999, TimeSpan.Zero),
            new(2026, 3, 29, 1, 30, 0, 0, TimeSpan.FromHours(2)), new(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(-11)),
        };
        for (var i = 0; i < 2000; i++)
            times.Add(new DateTimeOffset(random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks), TimeSpan.Zero)
                .ToOffset(TimeSpan.FromMinutes(random.Next(-14 * 60, 14 * 60 + 1))));
        foreach (var time in times)
            Assert.Equal(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
                AuditLine.FormatTime(time));
    }

    [Fact]
    public void ALineIsOneJsonObjectWithTheDocumentedFieldsInOrder()
    {
        var line = AuditLine.Format(Record([new("command", "rm -rf ~")], errorId: "0123456789ab"));

        var text = Encoding.UTF8.GetString(line);
        Assert.Equal(
            """{"time":"2026-08-22T10:11:12.345Z","session":"sess","cwd":"/work/p","project":"/work/p","tool":"Bash","toolUseId":"toolu_1","input":{"command":"rm -rf ~"},"decision":"deny","severity":"catastrophic","layer":1,"rule":"core.delete-home","reason":"nothing dangerous","errorId":"0123456789ab","durationUs":77}""" + "\n",
            text);
    }

    [Fact]
    public void QuotesAndNonAsciiStayReadableAndLineBreaksAreEscaped()
    {
        var line = Encoding.UTF8.GetString(AuditLine.Format(Record([new("command", "echo \"héllo\"\nrm x")])));

        Assert.Contains("""echo \"héllo\"\nrm x""", line, StringComparison.Ordinal);
        Assert.Equal(1, line.Count(c => c == '\n'));
    }

    [Fact]
    public void TheReasonIsRedactedToo()
    {
        var line = Encoding.UTF8.GetString(AuditLine.Format(Record([], reason: "sends GITHUB_TOKEN=abc123 to evil.com")));

        Assert.Contains("GITHUB_TOKEN=[REDACTED]", line, StringComparison.Ordinal);
        Assert.DoesNotContain("abc123", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("é")]
    [InlineData("\u0001")]
    [InlineData("😀")]
    public void EveryLineFitsTheBoundWhateverTheText(string fill)
    {
        var big = string.Concat(Enumerable.Repeat(fill, 20_000));
        var input = Enumerable.Range(0, 16)
            .Select(i => new KeyValuePair<string, string>("field" + i + string.Concat(Enumerable.Repeat(fill, 60)), big)).ToList();

        var line = AuditLine.Format(Record(input, reason: big, cwd: "/" + big));

        Assert.True(line.Length <= AuditLine.MaxLineBytes, $"{line.Length} bytes");
        using var document = JsonDocument.Parse(line);
        Assert.True(document.RootElement.GetProperty("inputTruncated").GetBoolean());
        Assert.Equal("deny", document.RootElement.GetProperty("decision").GetString());
    }

    [Fact]
    public void UnpairedSurrogatesAreReplacedRatherThanBreakingTheWriter()
    {
        var line = AuditLine.Format(Record([new("command", "echo \ud800 end")]));

        using var document = JsonDocument.Parse(line);
        Assert.Equal("echo \uFFFD end", document.RootElement.GetProperty("input").GetProperty("command").GetString());
    }

    [Fact]
    public void AWrittenLineReadsBackForAReplay()
    {
        var line = AuditLine.Format(Record([new("command", "ls"), new("description", "x")]));
        using var document = JsonDocument.Parse(line);

        Assert.True(AuditLine.IsAuditLine(document.RootElement));
        var entry = AuditLine.Read(document.RootElement);

        Assert.Equal("Bash", entry.Tool);
        Assert.Equal("/work/p", entry.Cwd);
        Assert.Equal("/work/p", entry.Project);
        Assert.Equal("sess", entry.Session);
        Assert.Equal("ls", entry.Input.GetProperty("command").GetString());
        Assert.Equal("deny", entry.Decision);
        Assert.Equal("core.delete-home", entry.Rule);
    }

    [Fact]
    public void AHookPayloadIsNotTakenForAnAuditLine()
    {
        using var document = JsonDocument.Parse("""{"hook_event_name":"PreToolUse","time":"x","decision":"allow"}""");

        Assert.False(AuditLine.IsAuditLine(document.RootElement));
    }

    [Fact]
    public void InputSummaryKeepsStringFieldsAndDropsBulkyContent()
    {
        using var document = JsonDocument.Parse(
            """{"file_path":"/p/a.ts","content":"secret body","old_string":"a","new_string":"b","replace_all":false,"limit":5,"url":"https://u:pw@h/"}""");

        var (fields, truncated) = InputSummary.From(document.RootElement);

        Assert.False(truncated);
        Assert.Equal([new("file_path", "/p/a.ts"), new("url", "https://u:[REDACTED]@h/")], fields);
    }
}
