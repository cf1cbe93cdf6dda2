using Mstro.Bouncer.Analysis;

namespace Mstro.Bouncer.Tests.Analysis;

/// <summary>The small pure pieces: paths, addresses, decoders, brace expansion, option reading.</summary>
public class HelperTests
{
    [Theory]
    [InlineData("/", "/")]
    [InlineData("/usr/../", "/")]
    [InlineData("/a//b/./c/", "/a/b/c")]
    [InlineData("/a/b/../../..", "/")]
    [InlineData("/a/.hidden/..x", "/a/.hidden/..x")]
    public void NormalisesPaths(string input, string expected) => Assert.Equal(expected, PathText.Normalize(input));

    /// <summary>Every absolute path of up to 10 characters over '/', '.' and 'a' normalises as segment by segment
    /// resolution says, and comes back as the same string exactly when it was normal already; so do long random paths of
    /// dot, dot-dot and empty segments.</summary>
    [Fact]
    public void NormalisesPathsLikeTheSegmentRule()
    {
        var alphabet = new[] { '/', '.', 'a' };
        var checkedPaths = 0;
        for (var length = 0; length <= 9; length++)
        {
            var digits = new int[length];
            var chars = new char[length];
            while (true)
            {
                for (var k = 0; k < length; k++) chars[k] = alphabet[digits[k]];
                Check("/" + new string(chars));
                checkedPaths++;
                var i = length - 1;
                while (i >= 0 && ++digits[i] == alphabet.Length) digits[i--] = 0;
                if (i < 0) break;
            }
        }
        Assert.True(checkedPaths > 29_000);

        var random = new Random(20261126);
        string[] segments = ["src", "a", ".", "..", "", ".git", "..x", "x..", ".a.", "node_modules", "..."];
        for (var n = 0; n < 20_000; n++)
        {
            var parts = new string[random.Next(1, 12)];
            for (var k = 0; k < parts.Length; k++) parts[k] = segments[random.Next(segments.Length)];
            Check("/" + string.Join('/', parts));
        }

        static void Check(string path)
        {
            var expected = BySegments(path);
            var normal = PathText.Normalize(path);
            Assert.Equal(expected, normal);
            Assert.Equal(expected == path, ReferenceEquals(normal, path));
        }

        static string BySegments(string path)
        {
            var kept = new List<string>();
            foreach (var segment in path.Split('/'))
            {
                if (segment is "" or ".") continue;
                if (segment == "..")
                {
                    if (kept.Count > 0) kept.RemoveAt(kept.Count - 1);
                    continue;
                }
                kept.Add(segment);
            }
            return "/" + string.Join('/', kept);
        }
    }

    [Theory]
    [InlineData("/p", "src", "/p/src")]
    [InlineData("/p", "../x", "/x")]
    [InlineData("/p", ".", "/p")]
    [InlineData("/p", "/abs", "/abs")]
    public void MakesPathsAbsolute(string cwd, string path, string expected) => Assert.Equal(expected, PathText.Absolute(cwd, path));

    [Fact]
    public void UnderMeansInsideOrEqual()
    {
        Assert.True(PathText.IsUnder("/p/a", "/p"));
        Assert.True(PathText.IsUnder("/p", "/p"));
        Assert.False(PathText.IsUnder("/pp", "/p"));
        Assert.True(PathText.IsUnder("/anything", "/"));
    }

    [Theory]
    [InlineData("https://User:pw@Example.COM:8443/a?b", "example.com")]
    [InlineData("http://[::1]:47123/api", "::1")]
    [InlineData("git@github.com:u/r.git", "github.com")]
    [InlineData("example.com", "example.com")]
    [InlineData("localhost:3000/x", "localhost")]
    [InlineData("http://0x7f000001/", "127.0.0.1")]
    [InlineData("http://2130706433/", "127.0.0.1")]
    [InlineData("http://017700000001/", "127.0.0.1")]
    [InlineData("http://127.1/", "127.0.0.1")]
    [InlineData("http://1e100.net/", "1e100.net")]
    [InlineData("not a host", null)]
    public void ExtractsHosts(string text, string? host) => Assert.Equal(host, NetworkAddress.HostOf(text));

    [Theory]
    [InlineData("http://127.0.0.1:47123/api", 47123)]
    [InlineData("http://[::1]:8080/", 8080)]
    [InlineData("https://example.com/", null)]
    public void ExtractsPorts(string url, int? port) => Assert.Equal(port, NetworkAddress.PortOf(url));

    [Fact]
    public void Decoders()
    {
        Assert.Equal("rm -rf /", Decoding.Base64("cm0gLXJmIC8="));
        Assert.Equal("rm -rf /", Decoding.Base64("cm0gLXJmIC8"));
        Assert.Null(Decoding.Base64("%%%"));
        Assert.Equal("rm -rf /", Decoding.Base32("OJWSALLSMYQC6==="));
        Assert.Equal("rm -rf /", Decoding.PlainHex("726d 202d 7266 202f"));
        Assert.Equal("rm -rf /", Decoding.HexDump("00000000: 726d 202d 7266 202f                      rm -rf /"));
        Assert.Equal("rm", Decoding.Escapes("\\x72\\x6d", out var hex));
        Assert.True(hex);
        Assert.Equal("a\tb", Decoding.Escapes("a\\tb", out var plain));
        Assert.False(plain);
        Assert.Equal("rm -rf /", Decoding.Printf("%s -%s %s", ["rm", "rf", "/"], out _));
        Assert.Equal("rm", Decoding.Printf("\\162\\155", [], out var octal));
        Assert.True(octal);
        Assert.Equal("rm -rf /", Decoding.Reverse("/ fr- mr"));
        Assert.Equal("rm -rf /", Decoding.Translate("ez -es /", "a-z", "n-za-m", false));
        Assert.Equal("rm", Decoding.Translate("r_m", "_", null, true));
    }

    [Fact]
    public void DecodedBinaryIsNotAScript() => Assert.Null(Decoding.Base64(Convert.ToBase64String(new byte[] { 0, 1, 2, 3, 4, 5, 6, 7, 8 })));

    [Theory]
    [InlineData("/{usr,etc}", "/usr /etc")]
    [InlineData("a{1..3}", "a1 a2 a3")]
    [InlineData("{a,b}{c,d}", "ac ad bc bd")]
    [InlineData("x{01..03}", "x01 x02 x03")]
    [InlineData("{c..a}", "c b a")]
    [InlineData("{a,{b,c}}", "a b c")]
    public void ExpandsBraces(string text, string expected)
    {
        var output = new List<string>();
        Assert.True(BraceExpander.TryExpand(text, output));
        Assert.Equal(expected, string.Join(' ', output));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("${x}")]
    [InlineData("{a}")]
    [InlineData("plain")]
    public void LeavesNonBracesAlone(string text) => Assert.False(BraceExpander.TryExpand(text, []));

    [Fact]
    public void BraceExpansionIsBounded()
    {
        var output = new List<string>();
        BraceExpander.TryExpand("{1..1000000}", output);
        Assert.Equal(BraceExpander.MaxResults, output.Count);
    }

    private static Arg[] Argv(string words) => [.. words.Split(' ').Select(Arg.Unquoted)];

    [Fact]
    public void ReadsOptionsTheGetoptWay()
    {
        var args = Argv("cmd -rf -o out -ofile --long=v --flag -- -x");
        var reader = new OptionReader(args, 1, new OptionSpec("o"));
        var seen = new List<string>();
        while (reader.Next(out var option))
        {
            seen.Add(option.Kind switch
            {
                OptionKind.Short => "-" + option.Short + (option.Value is { } v ? "=" + v.Value : ""),
                OptionKind.Long => "--" + option.Long + (option.Value is { } v ? "=" + v.Value : ""),
                OptionKind.Operand => option.Value!.Value.Value,
                _ => "--",
            });
        }
        Assert.Equal(["-r", "-f", "-o=out", "-o=file", "--long=v", "--flag", "--", "-x"], seen);
    }

    [Fact]
    public void StopsAtTheFirstOperandForWrappers()
    {
        var args = Argv("sudo -u root rm -rf /");
        var reader = new OptionReader(args, 1, new OptionSpec("u"), stopAtOperand: true);
        while (reader.Next(out var option))
        {
            if (option.Kind == OptionKind.Operand) break;
        }
        Assert.Equal(3, reader.Position);
        Assert.False(reader.Next(out _));
    }

    [Fact]
    public void ArgPathsCutAtGlobsAndUnknowns()
    {
        var all = ArgPath.Of(Arg.Unquoted("/usr/*"), "/p", false, "/h");
        Assert.Equal("/usr", all.Path);
        Assert.Equal(EffectFlags.Glob, all.Flags);
        var narrow = ArgPath.Of(Arg.Unquoted("~/*.bak"), "/p", false, "/h");
        Assert.Equal("/h/*.bak", narrow.Path);
        Assert.Equal(EffectFlags.Glob | EffectFlags.Filtered, narrow.Flags);
        var unknown = ArgPath.Of(Arg.Unknown("$X"), "/p", false, "/h");
        Assert.Null(unknown.Path);
        Assert.True((unknown.Flags & EffectFlags.Unresolved) != 0);
        var relative = ArgPath.Of(Arg.Unquoted("build"), "/p", true, "/h");
        Assert.Equal("/p/build", relative.Path);
        Assert.True((relative.Flags & EffectFlags.Unresolved) != 0);
    }

    [Theory]
    [InlineData("/etc/passwd", true)]
    [InlineData("~/.ssh/id_rsa", true)]
    [InlineData(".env", true)]
    [InlineData("src/app.ts", true)]
    [InlineData("feature/x", true)]
    [InlineData("test", false)]
    [InlineData("https://x.example/a", false)]
    [InlineData("user@host:path", false)]
    [InlineData("fix the /etc/hosts parsing", false)]
    [InlineData("-rf", false)]
    public void GuessesPaths(string value, bool expected) => Assert.Equal(expected, PathHeuristics.LooksLikePath(value));
}
