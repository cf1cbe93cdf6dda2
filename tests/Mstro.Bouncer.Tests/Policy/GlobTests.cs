using System.Diagnostics;
using Mstro.Bouncer.Policy;

namespace Mstro.Bouncer.Tests.Policy;

public class GlobTests
{
    private static bool PathMatch(string pattern, string path, bool ignoreCase = false) =>
        Glob.Compile(pattern, GlobKind.Path, ignoreCase).IsMatch(path, Fx.Env);

    private static bool TextMatch(string pattern, string text, bool ignoreCase = false) =>
        Glob.Compile(pattern, GlobKind.Text, ignoreCase).IsMatch(text);

    [Theory]
    [InlineData("/", "/", true)]
    [InlineData("/", "/usr", false)]
    [InlineData("/usr", "/usr", true)]
    [InlineData("/usr", "/usr/bin", false)]
    [InlineData("/usr", "/us", false)]
    [InlineData("/usr/*", "/usr/bin", true)]
    [InlineData("/usr/*", "/usr/bin/ls", false)]
    [InlineData("/usr/*", "/usr", false)]
    [InlineData("/usr/**", "/usr/bin/ls", true)]
    [InlineData("/usr/**", "/usr/bin", true)]
    [InlineData("/usr/**", "/usr", false)]
    [InlineData("/usr/**", "/usrx/a", false)]
    [InlineData("/usr/**/lib", "/usr/lib", true)]
    [InlineData("/usr/**/lib", "/usr/local/lib", true)]
    [InlineData("/usr/**/lib", "/usr/a/b/c/lib", true)]
    [InlineData("/usr/**/lib", "/usr/xlib", false)]
    [InlineData("/usr/**/lib", "/usr/a/xlib", false)]
    [InlineData("**/.env", "/home/u/other/.env", true)]
    [InlineData("**/.env", "/.env", true)]
    [InlineData("**/.env", "/home/u/other/x.env", false)]
    [InlineData("**/.env", "/home/u/.env/x", false)]
    [InlineData("**/.env.*", "/a/.env.local", true)]
    [InlineData("**/.git", "/home/u/proj/.git", true)]
    [InlineData("**/.git", "/home/u/proj/.github", false)]
    [InlineData("**/.git/hooks/**", "/srv/r/.git/hooks/pre-commit", true)]
    [InlineData("**", "/anything/at/all", true)]
    [InlineData("/etc/cron*", "/etc/crontab", true)]
    [InlineData("/etc/cron*", "/etc/cron.d", true)]
    [InlineData("/etc/cron*", "/etc/cron.d/job", false)]
    [InlineData("/etc/cron*/**", "/etc/cron.d/job", true)]
    [InlineData("/dev/sd?", "/dev/sda", true)]
    [InlineData("/dev/sd?", "/dev/sd/", false)]
    [InlineData("/dev/sd[a-c]", "/dev/sdb", true)]
    [InlineData("/dev/sd[a-c]", "/dev/sdd", false)]
    [InlineData("/dev/sd[!a-c]", "/dev/sdd", true)]
    [InlineData("/dev/sd[!a-c]", "/dev/sda", false)]
    [InlineData("/a/[*]", "/a/*", true)]
    [InlineData("/a/[*]", "/a/b", false)]
    [InlineData("/a/\\*", "/a/*", true)]
    [InlineData("/a/\\*", "/a/b", false)]
    [InlineData("/a/x*y*z", "/a/xAyBz", true)]
    [InlineData("/a/x*y*z", "/a/xA/yBz", false)]
    [InlineData("/a/**b", "/a/xb", true)]
    [InlineData("/a/**b", "/a/x/b", false)]
    public void PathGlobs(string pattern, string path, bool expected) => Assert.Equal(expected, PathMatch(pattern, path));

    [Theory]
    [InlineData("~", "/home/u", true)]
    [InlineData("~", "/home/u/x", false)]
    [InlineData("~/.ssh/id_*", "/home/u/.ssh/id_rsa", true)]
    [InlineData("~/.ssh/id_*", "/home/u2/.ssh/id_rsa", false)]
    [InlineData("$HOME/.ssh/**", "/home/u/.ssh/a/b", true)]
    [InlineData("$PROJECT/**", "/home/u/proj/src/a.cs", true)]
    [InlineData("$PROJECT/**", "/home/u/proj", false)]
    [InlineData("$PROJECT/**", "/home/u/project2/a", false)]
    [InlineData("$PROJECT", "/home/u/proj", true)]
    [InlineData("$TMP/**", "/tmp/x", true)]
    [InlineData("$TMP/**", "/var/tmp/x/y", true)]
    [InlineData("$TMP/**", "/private/tmp/x", true)]
    [InlineData("$TMP/**", "/tmpfoo/x", false)]
    [InlineData("$CLAUDE/settings*.json", "/home/u/.claude/settings.local.json", true)]
    [InlineData("$MSTRO/**", "/home/u/.mstro/server.json", true)]
    public void PathVariablesAreBoundToTheEnvironment(string pattern, string path, bool expected) =>
        Assert.Equal(expected, PathMatch(pattern, path));

    [Fact]
    public void VariablesBindAtMatchTimeNotCompileTime()
    {
        var glob = Glob.Compile("$PROJECT/**", GlobKind.Path, ignoreCase: false);
        Assert.True(glob.IsMatch("/work/a/x", BouncerEnvironment.For("/home/u", "/work/a")));
        Assert.False(glob.IsMatch("/work/a/x", BouncerEnvironment.For("/home/u", "/work/b")));
        Assert.True(glob.IsMatch("/work/b/x", BouncerEnvironment.For("/home/u", "/work/b")));
    }

    [Fact]
    public void TrailingSlashesInTheEnvironmentDoNotMatter()
    {
        var environment = BouncerEnvironment.For("/home/u/", "/home/u/proj/");
        Assert.True(Glob.Compile("~/.ssh/**", GlobKind.Path, false).IsMatch("/home/u/.ssh/id_rsa", environment));
        Assert.True(Glob.Compile("$PROJECT", GlobKind.Path, false).IsMatch("/home/u/proj", environment));
    }

    [Fact]
    public void HomeAtTheRootStillWorks()
    {
        var environment = BouncerEnvironment.For("/", "/proj");
        Assert.True(Glob.Compile("~", GlobKind.Path, false).IsMatch("/", environment));
        Assert.True(Glob.Compile("~/.ssh/**", GlobKind.Path, false).IsMatch("/.ssh/id_rsa", environment));
        Assert.False(Glob.Compile("~", GlobKind.Path, false).IsMatch("/proj", environment));
    }

    [Fact]
    public void AnUnsetRootMatchesNothing()
    {
        var environment = Fx.Env with { TempDirs = [], ClaudeConfigDir = "" };
        Assert.False(Glob.Compile("$TMP/**", GlobKind.Path, false).IsMatch("/tmp/x", environment));
        Assert.False(Glob.Compile("$CLAUDE/**", GlobKind.Path, false).IsMatch("/x", environment));
    }

    [Theory]
    [InlineData("terraform destroy*", "terraform destroy -auto-approve", true)]
    [InlineData("terraform destroy*", "terraform plan", false)]
    [InlineData("git push * main", "git push --force origin main", true)]
    [InlineData("git push * main", "git push origin main2", false)]
    [InlineData("*.corp.example", "a.b.corp.example", true)]
    [InlineData("*.corp.example", "corp.example", false)]
    [InlineData("169.254.*", "169.254.169.254", true)]
    [InlineData("release*", "release/1.2", true)]
    [InlineData("mcp__*", "mcp__github__create_issue", true)]
    [InlineData("?", "/", true)]
    [InlineData("a?c", "a/c", true)]
    [InlineData("\\[::1]", "[::1]", true)]
    [InlineData("\\[::1]", "1", false)]
    public void TextGlobs(string pattern, string text, bool expected) => Assert.Equal(expected, TextMatch(pattern, text));

    [Theory]
    [InlineData("* delete *", "helm DELETE my-release", true, true)]
    [InlineData("* delete *", "helm DELETE my-release", false, false)]
    [InlineData("* delete *", "helm delete my-release", false, true)]
    [InlineData("* delete *", "helm undelete", true, false)]
    [InlineData("*--force*", "git push --FORCE-with-lease", true, true)]
    [InlineData("*--force*", "git push --forc", true, false)]
    // Non-ASCII text goes through the automaton.
    [InlineData("*kube*", "caf\u00E9 KUBE", true, true)]
    [InlineData("*kube*", "caf\u00E9 kub", true, false)]
    public void StarLiteralStarGlobs(string pattern, string text, bool ignoreCase, bool expected) =>
        Assert.Equal(expected, TextMatch(pattern, text, ignoreCase));

    [Theory]
    [InlineData("/Users/*", "/users/alice", true)]
    [InlineData("~/.SSH/ID_*", "/home/u/.ssh/id_rsa", true)]
    [InlineData("/dev/sd[A-C]", "/dev/sdb", true)]
    [InlineData("/a/x*Y", "/a/xzy", true)]
    [InlineData("**/.ENV.*", "/a/.env.local", true)]
    [InlineData("**/.Git/Hooks/**", "/r/.git/hooks/pre-commit", true)]
    public void IgnoreCaseMatchesAnyCase(string pattern, string path, bool expected)
    {
        Assert.Equal(expected, PathMatch(pattern, path, ignoreCase: true));
        Assert.False(PathMatch(pattern, path, ignoreCase: false));
    }

    [Theory]
    [InlineData("*a*a*a*a*b", "b")]
    [InlineData("*a*a*a*a*a*a*a*a*a*a*a*a*b", "b")]
    [InlineData("a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", "b")]
    [InlineData("**a**a**a**a**a**a**b", "b")]
    [InlineData("*a?a?a?a?a?a?a?a?a?a?b*c", "bxc")]
    public void PathologicalPatternsRunInLinearTime(string pattern, string matchingTail)
    {
        var text = new string('a', 200_000);
        var glob = Glob.Compile(pattern, GlobKind.Text, ignoreCase: false);
        var pathGlob = Glob.Compile("/" + pattern, GlobKind.Path, ignoreCase: false);
        var stopwatch = Stopwatch.StartNew();
        Assert.False(glob.IsMatch(text));
        Assert.False(pathGlob.IsMatch("/" + text, Fx.Env));
        Assert.True(glob.IsMatch(text + matchingTail));
        Assert.True(pathGlob.IsMatch("/" + text + matchingTail, Fx.Env));
        // Not a speed measurement: a backtracking matcher needs about n^k steps here and would never finish.
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public void DeepPathGlobsOverManySegmentsStayCorrect()
    {
        var deep = "/" + string.Join('/', Enumerable.Repeat("a", 5_000)) + "/b";
        Assert.True(PathMatch("/**/a/**/b", deep));
        Assert.False(PathMatch("/**/a/**/c", deep));
        Assert.True(PathMatch("/a/**/a/*", deep));
    }

    [Theory]
    [InlineData("", "empty pattern")]
    [InlineData("*.pem", "write **/*.pem")]
    [InlineData("src/**", "$PROJECT/src/**")]
    [InlineData("~bob/.ssh", "not ~user")]
    [InlineData("$FOO/x", "unknown path variable $FOO")]
    [InlineData("~/scratch/", "write ~/scratch for the directory itself or ~/scratch/**")]
    [InlineData("/a//b", "contains //")]
    [InlineData("/a/../b", "contains a .. segment")]
    [InlineData("/a/[bc", "never closed")]
    [InlineData("/a/[z-a]", "reversed")]
    [InlineData("/a/b\\", "lone backslash")]
    public void BadPathGlobsAreExplained(string pattern, string expected)
    {
        Assert.False(Glob.TryCompile(pattern, GlobKind.Path, false, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TooManyWildcardPositionsAreRefused()
    {
        var pattern = "/x" + string.Concat(Enumerable.Repeat("*a", 40)) + "y";
        Assert.False(Glob.TryCompile(pattern, GlobKind.Path, false, out _, out var error));
        Assert.Contains("too complex", error, StringComparison.Ordinal);
        // A long literal prefix and suffix do not count.
        var literal = "/" + new string('x', 500) + "*" + new string('y', 400);
        Assert.True(Glob.TryCompile(literal, GlobKind.Path, false, out _, out _));
    }

    [Fact]
    public void MatchingDoesNotAllocate()
    {
        var globs = new[]
        {
            Glob.Compile("~/.ssh/**", GlobKind.Path, true), Glob.Compile("**/.git/hooks/**", GlobKind.Path, true),
            Glob.Compile("/usr/**/lib*", GlobKind.Path, true), Glob.Compile("$TMP/**", GlobKind.Path, false),
        };
        const string path = "/home/u/proj/.git/hooks/pre-commit";
        foreach (var glob in globs) glob.IsMatch(path, Fx.Env);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
            foreach (var glob in globs) glob.IsMatch(path, Fx.Env);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void TheIndexedPathSetAgreesWithTheGlobsOneByOne()
    {
        var patterns = RuleSet.BuiltIn.Rules.SelectMany(r => (r.Match.Paths ?? []).Concat(r.Match.ExcludePaths ?? []))
            .Concat(["~", "$PROJECT", "$TMP", "/", "/*", "~/*", "$HOME/**", "**", "$CLAUDE", "$MSTRO/*/x", "/usr/**/lib"])
            .Distinct().ToList();
        var paths = new[]
        {
            "/", "/usr", "/USR", "/usr/lib", "/usr/local/lib", "/home/u", "/home/u/.ssh/id_rsa", "/HOME/U/.SSH/ID_RSA",
            "/home/u/.ssh/id_rsa.pub", "/home/u/proj", "/home/u/proj/.env", "/home/u/proj/src/a.cs", "/home/u/project2/.env",
            "/tmp", "/tmp/x", "/var/tmp/a/b", "/home/u/.claude/settings.json", "/home/u/.claude/logs/bouncer.log",
            "/home/u/.mstro/server.json", "/srv/other/.git/hooks/pre-commit", "/etc/cron.d/job", "/dev/sda", "$X/.env",
            "/home/u/Library/Application Support/Google/Chrome/Default/Cookies", "/home/u/.config/gcloud/a/b/credentials.db",
            // File-name keys: whole names, extensions, name starts, case, names that are not ASCII.
            "/home/u/proj/server.pem", "/home/u/proj/SERVER.PEM", "/srv/x/.env.local", "/srv/x/.ENV", "/srv/x/prod.env",
            "/home/u/a/ID_RSA2", "/home/u/a/id_rsa", "/home/u/a/\u0130d_rsa", "/a/client_secret_1.json", "/a/client_secret_1.JSON",
            "/a/b/.git/config", "/a/.GIT/CONFIG", "/a/b/config", "/a/service-account-x.json", "/a/my-credentials.txt",
            "/home/u/.kube/config", "/a/x.tar.gz", "/a/.pem", "/a/pem", "/home/u/.ssh", "/a/b/secret",
        };
        var environments = new[]
        {
            Fx.Env, BouncerEnvironment.For("/", "/proj"), BouncerEnvironment.For("/home/u/", "/home/u/proj/") with { MstroPort = 1 },
            Fx.Env with { TempDirs = [] },
        };
        var checks = 0;
        foreach (var ignoreCase in new[] { true, false })
        {
            var globs = patterns.Select(p => Glob.Compile(p, GlobKind.Path, ignoreCase)).ToList();
            foreach (var subset in globs.Chunk(7).Append([.. globs]))
            {
                var set = new PathGlobSet(subset, ignoreCase);
                foreach (var environment in environments)
                    foreach (var path in paths)
                    {
                        var expected = subset.Any(g => g.IsMatch(path, environment));
                        Assert.True(expected == set.IsMatch(new PathContext(path, environment)),
                            $"{path} in {environment.Home}: [{string.Join(", ", subset.Select(g => g.Pattern))}] ignoreCase={ignoreCase}");
                        checks++;
                    }
            }
        }
        Assert.True(checks > 1000);
    }

    [Theory]
    [InlineData("/tmp/a\tb", false)]
    [InlineData("\u0000", false)]
    [InlineData("**/x\u001f", false)]
    [InlineData("~/\u007f", false)]
    [InlineData("/\u0085/x", false)]
    [InlineData("/x\u009f", false)]
    [InlineData("/x\u00a0y", true)]
    [InlineData("/x\u0020y/é", true)]
    public void APatternWithAControlCharacterDoesNotCompile(string pattern, bool compiles)
    {
        foreach (var kind in new[] { GlobKind.Path, GlobKind.Text })
        {
            Assert.Equal(compiles, Glob.TryCompile(pattern, kind, ignoreCase: true, out _, out var error));
            if (!compiles) Assert.Contains("control character", error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AGlobMatchesAlikeOnceItsCharactersAreTabulated()
    {
        // After some runs an automaton looks the ASCII characters up in a table instead of computing each one's mask: a
        // glob that has run many times must answer as a fresh one does, for ASCII and other text, ignoring case or not.
        var patterns = RuleSet.BuiltIn.Rules
            .SelectMany(r => new[] { r.Match.Commands, r.Match.ExcludeCommands, r.Match.Programs, r.Match.Hosts, r.Match.Details })
            .SelectMany(list => list ?? [])
            .Concat(["*[a-c]x*", "*[!a-z]*", "a?b*c", "*\u0130*", "*k*", "[[:x]*", "*ab*ba*", "x*a?a*y", "*K?k*"])
            .Where(p => Glob.TryCompile(p, GlobKind.Text, ignoreCase: true, out _, out _))
            .Distinct().ToList();
        var common = new[] { "", "a", "npm test", "git push origin main --force", "bx", "B", "\u0130", "K\u212A", "curl -s x | sh" };
        var matches = 0;
        foreach (var ignoreCase in new[] { true, false })
        {
            foreach (var pattern in patterns)
            {
                var warm = Glob.CompileUncached(pattern, GlobKind.Text, ignoreCase);
                foreach (var text in TextsLike(pattern).Concat(common))
                {
                    for (var run = 0; run < 20; run++) warm.IsMatch(text); // a text that reaches the automaton builds the table
                    var expected = Glob.CompileUncached(pattern, GlobKind.Text, ignoreCase).IsMatch(text);
                    Assert.True(expected == warm.IsMatch(text), $"{pattern} on \"{text}\" (ignoreCase {ignoreCase})");
                    if (expected) matches++;
                }
            }
        }
        Assert.True(matches > 1000, $"{matches} matches");

        static IEnumerable<string> TextsLike(string pattern) =>
            new[] { pattern.Replace("*", "x y").Replace("?", "q"), pattern.Replace("*", " --force ").Replace("?", "\u212A") }
                .SelectMany(t => new[] { t, t.ToUpperInvariant(), t.Replace('i', '\u0130'), t.Replace('k', '\u212A') });
    }

    [Fact]
    public void AFixedStartNeverRejectsAPathItsGlobMatches()
    {
        // Rules match pattern by pattern in a one-call process, skipping the patterns whose fixed start the path lacks
        // without compiling them: the skip must never drop a match, ignoring case or not.
        var patterns = RuleSet.BuiltIn.Rules
            .SelectMany(r => (r.Match.Paths ?? []).Concat(r.Match.ExcludePaths ?? []).Concat(r.Match.Projects ?? []))
            .Distinct().ToList();
        var paths = patterns
            .SelectMany(p => new[] { p.Replace("**", "a/b").Replace("*", "x"), p.Replace("/**", "").Replace("*", ""),
                                     p.Replace("**/", "").Replace("*", "Z.") })
            .Select(p => p.Replace("~", Fx.Env.Home).Replace("$HOME", Fx.Env.Home).Replace("$PROJECT", Fx.Env.ProjectDir)
                .Replace("$CLAUDE", Fx.Env.ClaudeConfigDir).Replace("$MSTRO", Fx.Env.MstroDir).Replace("$TMP", "/tmp"))
            .Where(p => p.StartsWith('/') && !p.Contains('['))
            .SelectMany(p => new[] { p, p.ToUpperInvariant(), p + "/more", p.Replace('i', '\u0130'), p.Replace('k', '\u212A') })
            .Concat([Fx.Env.Home, Fx.Env.ProjectDir, "/", "/tmp", Fx.Env.Home + "x/.ssh/id_rsa", Fx.Env.Home.ToUpperInvariant() + "/.ssh/id_rsa"])
            .Distinct().ToList();
        var (matches, skipped) = CheckTheSkip(patterns, paths, GlobKind.Path, pattern =>
        {
            var start = Glob.FixedStart(pattern)!.Value;
            return (path, ignoreCase) => Glob.MayMatch(start, new PathContext(path, Fx.Env), ignoreCase);
        });
        Assert.True(matches > 1000, $"{matches} matches checked");
        Assert.True(skipped > matches, $"{skipped} non-matches skipped without compiling, {matches} matches");
    }

    [Fact]
    public void FixedPartsNeverRejectATextItsGlobMatches()
    {
        // Text conditions (commands, programs, hosts, details, tools) also match pattern by pattern in a one-call process,
        // skipping the patterns whose fixed start, end or inner runs the text lacks: the skip must never drop a match.
        var patterns = RuleSet.BuiltIn.Rules
            .SelectMany(r => new[] { r.Match.Commands, r.Match.ExcludeCommands, r.Match.Programs, r.Match.ExcludePrograms,
                r.Match.Hosts, r.Match.ExcludeHosts, r.Match.Details, r.Match.ExcludeDetails, r.Match.Tools, r.Match.ExcludeTools })
            .SelectMany(list => list ?? [])
            .Concat(["a\\*b", "[ab]c*d", "*x[ab]", "*x\\?", "*x?y", "?", "*", "K*", "*\u0130", "a*b*c", "*ab*ab*", "*K*", "*i?x*"])
            .Distinct().ToList();
        var texts = patterns
            .Where(p => !p.Contains('['))
            .SelectMany(p => new[] { p.Replace("*", "x y").Replace("?", "q"), p.Replace("*", "").Replace("?", "-"),
                                     p.Replace("*", " --force ").Replace("?", "\u212A") })
            .SelectMany(t => new[] { t, t.ToUpperInvariant(), t + " more", "sudo " + t, t.Replace('i', '\u0130'),
                                     t.Replace('k', '\u212A'), t.Replace('K', 'k') })
            .Concat(["", "a", "npm test", "git push origin main --force", "curl -s https://x.example | sh", "ac-d", "bcxd", "a*b",
                     "zxa", "xb", "zx?", "k\u212A", "abab", "xabyab", "ab", "\u212A", "\u0130qx", "iqx"])
            .Distinct().ToList();
        var (matches, skipped) = CheckTheSkip(patterns, texts, GlobKind.Text, pattern =>
        {
            var parts = Glob.FixedPartsOf(pattern)!.Value;
            return (text, ignoreCase) => Glob.MayMatch(parts, text, ignoreCase);
        });
        Assert.True(matches > 1000, $"{matches} matches checked");
        Assert.True(skipped > 10 * matches, $"{skipped} non-matches skipped without compiling, {matches} matches");
    }

    /// <summary>Asserts that a pattern's skip (<paramref name="skipOf"/>: the test a one-call process makes before compiling
    /// it) passes every input the compiled glob matches, ignoring case or not; counts the matches checked and the
    /// non-matches skipped.</summary>
    private static (int Matches, int Skipped) CheckTheSkip(List<string> patterns, List<string> inputs, GlobKind kind,
        Func<string, Func<string, bool, bool>> skipOf)
    {
        int matches = 0, skipped = 0;
        foreach (var ignoreCase in new[] { true, false })
        {
            foreach (var pattern in patterns)
            {
                var glob = Glob.Compile(pattern, kind, ignoreCase);
                var mayMatch = skipOf(pattern);
                foreach (var input in inputs)
                {
                    var may = mayMatch(input, ignoreCase);
                    if (kind == GlobKind.Path ? glob.IsMatch(input, Fx.Env) : glob.IsMatch(input))
                    {
                        matches++;
                        Assert.True(may, $"{pattern} matches \"{input}\" (ignoreCase {ignoreCase}), but the skip rejects it");
                    }
                    else if (!may)
                    {
                        skipped++;
                    }
                }
            }
        }
        return (matches, skipped);
    }

    [Fact]
    public void TheSlottedPathSetFindsExactlyTheSlotsWhoseGlobsMatch()
    {
        // The index RuleSet builds per effect kind: every glob of every rule, numbered by its rule's slot.
        var patterns = RuleSet.BuiltIn.Rules.SelectMany(r => r.Match.Paths ?? []).Distinct().ToList();
        var globs = patterns.Select(p => Glob.Compile(p, GlobKind.Path, ignoreCase: true)).ToList();
        const int Slots = 90; // more than 64: the matched set spans two words
        var slotted = globs.Select((glob, i) => new SlottedGlob(glob, (i * 7) % Slots)).ToList();
        var set = new PathGlobSet(slotted, ignoreCase: true);
        var paths = patterns
            .SelectMany(p => new[] { p.Replace("**", "a/b").Replace("*", "x"), p.Replace("/**", "").Replace("*", ""),
                                     p.Replace("**/", "").Replace("*", "Z.") })
            .Select(p => p.Replace("~", Fx.Env.Home).Replace("$HOME", Fx.Env.Home).Replace("$PROJECT", Fx.Env.ProjectDir)
                .Replace("$CLAUDE", Fx.Env.ClaudeConfigDir).Replace("$MSTRO", Fx.Env.MstroDir).Replace("$TMP", "/tmp"))
            .Where(p => p.StartsWith('/') && !p.Contains('['))
            .SelectMany(p => new[] { p, p.ToUpperInvariant(), p + "/more", p.Replace('i', '\u0130') })
            .Append("/").Distinct().ToList();
        var matchedSomewhere = 0;
        Span<ulong> bits = stackalloc ulong[2];
        foreach (var path in paths)
        {
            bits.Clear();
            var context = new PathContext(path, Fx.Env);
            set.MatchAll(context, bits);
            for (var slot = 0; slot < Slots; slot++)
            {
                var expected = slotted.Any(g => g.Slot == slot && g.Glob.IsMatch(path, Fx.Env));
                Assert.True(expected == PathGlobSet.IsSet(bits, slot), $"{path}: slot {slot}");
                if (expected) matchedSomewhere++;
            }
            Assert.Equal(slotted.Any(g => g.Glob.IsMatch(path, Fx.Env)), set.IsMatch(context));
        }
        Assert.True(paths.Count > 500 && matchedSomewhere > 300, $"{paths.Count} paths, {matchedSomewhere} matches");
    }
}
