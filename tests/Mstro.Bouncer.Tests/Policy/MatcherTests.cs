using Mstro.Bouncer.Analysis;
using Mstro.Bouncer.Policy;

namespace Mstro.Bouncer.Tests.Policy;

/// <summary>What one rule matches: conditions, excludes, missing values, ports, case, reasons.</summary>
public class MatcherTests
{
    [Fact]
    public void TheRuleIndexCoversEveryEffectKind() =>
        Assert.Equal(RuleSet.KindCount, Enum.GetValues<EffectKind>().Max(kind => (int)kind) + 1);

    private static bool Matches(RuleMatch match, Effect effect, string tool = "Bash", BouncerEnvironment? environment = null)
    {
        var rules = new RuleSet([new Rule("t.rule", Severity.Dangerous, "r", match, RuleSource.User)]);
        return rules.Evaluate([effect], tool, environment ?? Fx.Env).Count > 0;
    }

    [Fact]
    public void ACommandRuleWithoutEffectsMatchesEveryEffectOfTheCommandButNoFileTool()
    {
        var match = new RuleMatch(Commands: ["terraform destroy*"]);
        var invocation = Fx.Run("terraform destroy -target=x");
        Assert.True(Matches(match, new Effect(EffectKind.Run, invocation)));
        Assert.True(Matches(match, new Effect(EffectKind.Network, invocation, Host: "x.example")));
        Assert.False(Matches(match, Fx.Bash(EffectKind.Run, "terraform plan")));
        Assert.False(Matches(match, Fx.File(EffectKind.Write, "/home/u/proj/terraform destroy"), "Write"));
    }

    [Fact]
    public void ProgramNamesThatAreGlobsAndFixedNamesBothSelectTheRuleIgnoringCase()
    {
        // The rule set indexes rules by fixed program names; a glob name (python*) must still be honoured, for programs
        // the index knows (npm, named by another rule) and for those it does not.
        var rules = new RuleSet([
            new Rule("t.globbed", Severity.Dangerous, "r", new RuleMatch(Effects: [EffectKind.Run], Programs: ["python*", "npm"],
                Commands: ["* publish*", "* upload*"]), RuleSource.User),
            new Rule("t.fixed", Severity.Dangerous, "r", new RuleMatch(Effects: [EffectKind.Run], Programs: ["npm", "pip", "python3"],
                Commands: ["* install*"]), RuleSource.User),
            new Rule("t.excluded", Severity.Dangerous, "r", new RuleMatch(Effects: [EffectKind.Run], Commands: ["* publish*"],
                ExcludePrograms: ["npm"]), RuleSource.User),
        ]);
        string[] Ids(string command) =>
            [.. rules.Evaluate([Fx.Bash(EffectKind.Run, command)], "Bash", Fx.Env).Select(f => f.RuleId).Order()];
        Assert.Equal(["t.excluded", "t.globbed"], Ids("python3 -m twine upload dist/* && publish"));
        Assert.Equal(["t.excluded", "t.globbed"], Ids("Python3.12 x publish"));
        Assert.Equal(["t.globbed"], Ids("npm publish"));
        Assert.Equal(["t.excluded", "t.globbed"], Ids("NPM publish")); // program excludes match case exactly (Policy/README.md, "Case")
        Assert.Equal(["t.fixed"], Ids("python3 -m pip install x"));
        Assert.Equal(["t.fixed"], Ids("pip install x"));
        Assert.Equal([], Ids("pip upload x"));
        Assert.Equal(["t.excluded"], Ids("cargo publish"));
        Assert.Equal([], Ids("cargo install x"));
    }

    [Fact]
    public void ASetOfCommandGlobsMatchesWhateverOneOfThemMatches()
    {
        // Several globs are first searched for the texts they require, all at once; the search must not lose a match.
        var patterns = new[] { "* destroy", "* destroy *", "*--force-reset*", "aws* s3 rm *--recursive*", "*DROP DATABASE*" };
        var rules = new RuleSet([new Rule("t.any", Severity.Dangerous, "r",
            new RuleMatch(Effects: [EffectKind.Run], Commands: patterns), RuleSource.User)]);
        bool Matches(string command) => rules.Evaluate([Fx.Bash(EffectKind.Run, command)], "Bash", Fx.Env).Count > 0;
        // The search is built after a few uses (a hook process checks one call): before and after, the same answers.
        for (var round = 0; round < 4; round++)
        {
            Assert.True(Matches("terraform destroy"));
            Assert.True(Matches("terraform DESTROY -target x"));
            Assert.True(Matches("prisma db push --FORCE-RESET"));
            Assert.True(Matches("aws s3 rm s3://b --recursive"));
            Assert.True(Matches("psql -c 'drop database x'"));
            Assert.False(Matches("terraform destroyer"));
            Assert.False(Matches("aws s3 ls --recursive"));
            Assert.False(Matches("npm test"));
        }
    }

    [Fact]
    public void AnEffectListLimitsTheKinds()
    {
        var match = new RuleMatch(Effects: [EffectKind.Read, EffectKind.Upload], Paths: ["~/secret"]);
        Assert.True(Matches(match, Fx.Read(Fx.Home + "/secret")));
        Assert.True(Matches(match, Fx.Upload("x.example", Fx.Home + "/secret")));
        Assert.False(Matches(match, Fx.Write(Fx.Home + "/secret")));
    }

    [Fact]
    public void PathConditionsNeedAPathButExcludesNeverVetoAMissingOne()
    {
        Assert.False(Matches(new RuleMatch(Effects: [EffectKind.Delete], Paths: ["/**"]), Fx.Bash(EffectKind.Delete, "rm $X")));
        Assert.True(Matches(new RuleMatch(Effects: [EffectKind.Delete], ExcludePaths: ["$PROJECT/**"]), Fx.Bash(EffectKind.Delete, "rm $X")));
        Assert.False(Matches(new RuleMatch(Effects: [EffectKind.Delete], ExcludePaths: ["$PROJECT/**"]), Fx.Delete(Fx.Project + "/a")));
    }

    [Fact]
    public void HostProgramAndDetailConditionsNeedTheirValue()
    {
        Assert.False(Matches(new RuleMatch(Hosts: ["*"]), Fx.Read("/x")));
        Assert.False(Matches(new RuleMatch(Programs: ["*"]), Fx.File(EffectKind.Read, "/x"), "Read"));
        Assert.False(Matches(new RuleMatch(Details: ["*"]), Fx.Read("/x")));
        Assert.True(Matches(new RuleMatch(ExcludeHosts: ["*"]), Fx.Read("/x")));
    }

    [Fact]
    public void FlagsMustAllBePresentAndAnyExcludedFlagVetoes()
    {
        var match = new RuleMatch(Effects: [EffectKind.Delete], Flags: EffectFlags.Recursive | EffectFlags.Force,
            ExcludeFlags: EffectFlags.Filtered | EffectFlags.Unresolved);
        Assert.True(Matches(match, Fx.Delete("/x", EffectFlags.Recursive | EffectFlags.Force | EffectFlags.Glob)));
        Assert.False(Matches(match, Fx.Delete("/x", EffectFlags.Recursive)));
        Assert.False(Matches(match, Fx.Delete("/x", EffectFlags.Recursive | EffectFlags.Force | EffectFlags.Unresolved)));
    }

    [Fact]
    public void PositiveGlobsIgnoreCaseAndPathProgramCommandExcludesDoNot()
    {
        Assert.True(Matches(new RuleMatch(Paths: ["~/.ssh/**"]), Fx.Read("/HOME/U/.SSH/ID_RSA")));
        Assert.True(Matches(new RuleMatch(Programs: ["rm"]), Fx.Bash(EffectKind.Run, "RM -rf x")));
        var excludeProject = new RuleMatch(Effects: [EffectKind.Delete], ExcludePaths: ["$PROJECT/**"]);
        Assert.False(Matches(excludeProject, Fx.Delete("/home/u/proj/x")));
        Assert.True(Matches(excludeProject, Fx.Delete("/home/u/PROJ/x")));
        var excludeCommand = new RuleMatch(Programs: ["git"], ExcludeCommands: ["git status*"]);
        Assert.False(Matches(excludeCommand, Fx.Bash(EffectKind.Run, "git status")));
        Assert.True(Matches(excludeCommand, Fx.Bash(EffectKind.Run, "git STATUS")));
    }

    [Fact]
    public void MstroPortBindsToTheEnvironmentAtMatchTime()
    {
        var match = new RuleMatch(Hosts: ["127.*", "localhost"], Ports: [RuleMatch.MstroPortVariable, "9000"]);
        var call = Fx.Network("127.0.0.1", "http://127.0.0.1:4711/api");
        Assert.False(Matches(match, call));
        Assert.True(Matches(match, call, environment: Fx.Env with { MstroPort = 4711 }));
        Assert.False(Matches(match, call, environment: Fx.Env with { MstroPort = 4712 }));
        Assert.True(Matches(match, Fx.Network("localhost", "localhost:9000")));
        Assert.False(Matches(match, Fx.Network("localhost", "http://localhost/")));
    }

    [Theory]
    [InlineData("http://127.0.0.1:4711/api", 4711)]
    [InlineData("https://user:pw@host.example:8443/x?y=1", 8443)]
    [InlineData("localhost:3000", 3000)]
    [InlineData("[::1]:4711", 4711)]
    [InlineData("http://[::1]:80/", 80)]
    [InlineData("http://example.com/a:b", null)]
    [InlineData("https://example.com", null)]
    [InlineData("::1", null)]
    [InlineData("host:99999", null)]
    [InlineData("host:0", null)]
    [InlineData("host:12a", null)]
    [InlineData(null, null)]
    public void PortsAreReadFromTheUrl(string? detail, int? port) => Assert.Equal(port, UrlPort.Of(detail));

    [Fact]
    public void ReasonsFillPlaceholdersAndStayOnOneLine()
    {
        var template = ReasonTemplate.Parse("{action} {path} by {program} via {tool} to {host} [{effect}] {detail} {port}");
        var effect = new Effect(EffectKind.Delete, Fx.Run("rm -rf ~/a"), Fx.Home + "/a", "h.example", "http://h.example:81/",
            EffectFlags.Recursive | EffectFlags.Glob);
        Assert.Equal("recursive delete of ~/a/* by rm via Bash to h.example [delete] http://h.example:81/ 81",
            template.Render(effect, "Bash", Fx.Env));

        var plain = ReasonTemplate.Parse("no { braces } please {}");
        var multiline = Fx.Bash(EffectKind.Run, "echo\nrm -rf x" + new string('y', 300));
        var rendered = plain.Render(multiline, "Bash", Fx.Env);
        Assert.StartsWith("no { braces } please {} (echo rm -rf x", rendered, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', rendered);
        Assert.EndsWith("…)", rendered, StringComparison.Ordinal);
        Assert.True(rendered.Length < 200);
    }

    [Fact]
    public void EveryEffectKindAndFlagHasAUniqueName()
    {
        var kinds = Enum.GetValues<EffectKind>();
        var names = kinds.Select(RuleVocabulary.EffectName).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.Contains("change-mode", names);
        Assert.Contains("git-destructive", names);
        foreach (var kind in kinds)
        {
            Assert.True(RuleVocabulary.TryParseEffect(RuleVocabulary.EffectName(kind), out var parsed));
            Assert.Equal(kind, parsed);
        }
        Assert.Equal(["recursive", "force", "glob", "unresolved", "filtered", "setuid", "append", "all", "elevated", "deferred", "remote"], RuleVocabulary.FlagNames);
    }

    [Theory]
    [InlineData("decison", "decision")]
    [InlineData("Decision", "decision")]
    [InlineData("exludePaths", "excludePaths")]
    [InlineData("paths", "paths")]
    [InlineData("banana", null)]
    public void TyposGetTheClosestName(string typo, string? expected) =>
        Assert.Equal(expected, RuleVocabulary.Closest(typo, RuleFileParser.RuleFieldNames));

    [Fact]
    public void EvaluatingAllocatesNothingWhenNoRuleMatches()
    {
        var rules = RuleSet.BuiltIn;
        var invocation = Fx.Run("rm -rf /home/u/proj/bin");
        Effect[] effects =
        [
            new(EffectKind.Run, invocation, Detail: "rm"),
            new(EffectKind.Delete, invocation, Fx.Project + "/bin", Flags: EffectFlags.Recursive | EffectFlags.Force),
            new(EffectKind.Read, null, Fx.Project + "/src/Program.cs"),
            new(EffectKind.Write, null, Fx.Project + "/.env"),
            new(EffectKind.Network, invocation, Host: "registry.npmjs.org", Detail: "https://registry.npmjs.org/x"),
        ];
        Assert.Empty(rules.Evaluate(effects, "Bash", Fx.Env));
        // Warm: a set of globs builds its one-pass search once, after a few uses (see CompiledRule.TextGlobs).
        for (var i = 0; i < 32; i++) rules.Evaluate(effects, "Bash", Fx.Env);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++) rules.Evaluate(effects, "Bash", Fx.Env);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void RulesBuiltInCodeWithBadGlobsAreRefused()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new RuleSet([new Rule("t.bad", Severity.Dangerous, "r", new RuleMatch(Paths: ["relative/x"]), RuleSource.User)]));
        Assert.Contains("relative", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() =>
            new RuleSet([new Rule("t.bad", Severity.Dangerous, "{nope}", new RuleMatch(Programs: ["x"]), RuleSource.User)]));
    }

    [Fact]
    public void AProjectConditionLimitsTheRuleToThoseProjects()
    {
        var match = new RuleMatch(Commands: ["terraform destroy -target=module.x"], Projects: [Fx.Project]);
        var effect = Fx.Bash(EffectKind.Run, "terraform destroy -target=module.x");
        var elsewhere = BouncerEnvironment.For(Fx.Home, Fx.Home + "/other");

        Assert.True(Matches(match, effect));
        Assert.False(Matches(match, effect, environment: elsewhere));
        Assert.False(Matches(match, effect, environment: BouncerEnvironment.For(Fx.Home, Fx.Project + "/sub")));
        Assert.True(Matches(match with { Projects = ["~/proj/**", "~/proj"] }, effect, environment: BouncerEnvironment.For(Fx.Home, Fx.Project + "/sub")));
        Assert.False(Matches(match with { Projects = [Fx.Project] }, Fx.Bash(EffectKind.Run, "terraform destroy")));
    }

    [Fact]
    public void AProjectLimitedAllowRuleLoosensTheWholeCommandInThatProjectOnly()
    {
        var dangerous = new Rule("b.destroy", Severity.Dangerous, "r", new RuleMatch(Commands: ["terraform destroy*"]), RuleSource.BuiltIn);
        var allow = new Rule("my.allow", Severity.None, "r",
            new RuleMatch(Tools: ["Bash"], Commands: ["terraform destroy -target=module.x"], Projects: [Fx.Project]), RuleSource.User);
        var rules = new RuleSet([dangerous, allow]);
        var effects = new[]
        {
            Fx.Bash(EffectKind.Run, "terraform destroy -target=module.x"),
            new Effect(EffectKind.Network, Fx.Run("terraform destroy -target=module.x"), Host: "registry.example"),
        };

        var here = rules.Evaluate(effects, "Bash", Fx.Env);
        var elsewhere = rules.Evaluate(effects, "Bash", BouncerEnvironment.For(Fx.Home, Fx.Home + "/other"));

        Assert.All(here, finding => Assert.Equal(Severity.None, finding.Severity));
        Assert.Contains(elsewhere, finding => finding is { RuleId: "b.destroy", Severity: Severity.Dangerous });
    }
}
