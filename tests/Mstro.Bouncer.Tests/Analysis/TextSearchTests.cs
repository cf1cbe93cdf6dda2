using Mstro.Bouncer.Analysis;

namespace Mstro.Bouncer.Tests.Analysis;

public class TextSearchTests
{
    [Theory]
    [InlineData("curl -H 'Authorization: Bearer x'", "bearer", 0)]
    [InlineData("SELECT readfile('/etc/passwd'), READFILE('/x')", "readfile(", 0)]
    [InlineData("SELECT readfile('/etc/passwd'), READFILE('/x')", "readfile(", 10)]
    [InlineData("no match here", "mstro", 0)]
    [InlineData("ends with MSTR", "mstro", 0)]
    [InlineData("MsTrO", "mstro", 0)]
    [InlineData("aaaaaaaab", "aab", 0)]
    [InlineData("x/DEV/TCP/10.0.0.1/4444", "/dev/tcp/", 0)]
    [InlineData("@[`{ ~", "`{", 0)]
    [InlineData("short", "longer than the text", 0)]
    [InlineData("abc", "c", 3)]
    // Non-ASCII text or words take the framework's comparison, whose case rules reach beyond ASCII.
    [InlineData("\u212Aey", "key", 0)]
    [InlineData("\u017Fecret", "secret", 0)]
    [InlineData("\u0131d_rsa", "id_rsa", 0)]
    [InlineData("caf\u00C9 token", "\u00E9", 0)]
    public void FindsWhatOrdinalIgnoreCaseFinds(string text, string value, int start)
    {
        var expected = text.IndexOf(value, start, StringComparison.OrdinalIgnoreCase);

        Assert.Equal(expected, TextSearch.IndexOfIgnoringCase(text, value, start));
        Assert.Equal(text.Contains(value, StringComparison.OrdinalIgnoreCase), TextSearch.ContainsIgnoringCase(text, value));
    }

    [Fact]
    public void EverySignatureHoldsAMarkThatNoOtherCharacterFoldsTo()
    {
        const string Marks = "/+.:";
        foreach (var signature in ShellAnalysis.Signatures)
            Assert.True(signature.AsSpan().ContainsAny(ShellAnalysis.SignatureMarks), signature);
        for (var c = char.MinValue; c < char.MaxValue; c++)
        {
            var folds = Marks.Any(mark => string.Equals(c.ToString(), mark.ToString(), StringComparison.OrdinalIgnoreCase));
            Assert.Equal(Marks.Contains(c, StringComparison.Ordinal), folds);
            Assert.Equal(Marks.Contains(c, StringComparison.Ordinal), ShellAnalysis.SignatureMarks.Contains(c));
        }
    }
}
