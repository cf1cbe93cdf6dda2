using Mstro.Bouncer.Policy;

namespace Mstro.Bouncer.Tests.Policy;

/// <summary>Rules files on disk: every error names the file, the line and the field, and a broken file adds no rule.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class RuleLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mstro-rules-").FullName;

    public void Dispose()
    {
        foreach (var file in Directory.EnumerateFiles(_dir, "*", SearchOption.AllDirectories))
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Directory.Delete(_dir, recursive: true);
    }

    private string WriteFile(string json, string name = "bouncer.json")
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, json.ReplaceLineEndings("\n"));
        return path;
    }

    private static int BuiltInCount => RuleSet.BuiltIn.Rules.Count;

    /// <summary>Loads <paramref name="json"/> as the user's file and returns its only error.</summary>
    private (RuleFileError Error, string File) SingleError(string json)
    {
        var file = WriteFile(json);
        var loaded = RuleLoader.Load(file, null);
        Assert.True(loaded.Errors.Count == 1, "errors: " + string.Join("\n", loaded.Errors));
        Assert.Equal(BuiltInCount, loaded.RuleSet.Rules.Count);
        return (loaded.Errors[0], file);
    }

    [Fact]
    public void AValidFileAddsItsRulesAsTheUsers()
    {
        var file = WriteFile("""
            { "version": 1,
              "rules": [
                { "id": "my.no-terraform-destroy", "decision": "deny", "reason": "never destroy infra from an agent",
                  "tool": "Bash", "command": "terraform destroy*" },
                { "id": "my.scratch", "decision": "allow", "effect": "delete", "path": "~/scratch/**" },
                { "id": "my.corp-fetch", "decision": "ask", "tool": "WebFetch", "host": "*.corp.example" } ] }
            """);
        var loaded = RuleLoader.Load(file, null);
        Assert.Empty(loaded.Errors);
        Assert.Empty(loaded.Warnings);
        var mine = loaded.RuleSet.Rules.Skip(BuiltInCount).ToList();
        Assert.Equal(["my.no-terraform-destroy", "my.scratch", "my.corp-fetch"], mine.Select(r => r.Id));
        Assert.All(mine, r => Assert.Equal(RuleSource.User, r.Source));
        Assert.All(mine, r => Assert.Equal(file, r.File));
        Assert.Equal([Severity.Critical, Severity.None, Severity.Dangerous], mine.Select(r => r.Severity));
        Assert.Equal(["terraform destroy*"], mine[0].Match.Commands!);
        Assert.Equal([Mstro.Bouncer.Analysis.EffectKind.Delete], mine[1].Match.Effects!);
    }

    [Fact]
    public void MissingFilesAreNotErrors()
    {
        var loaded = RuleLoader.Load(Path.Combine(_dir, "nope.json"), Path.Combine(_dir, "no", "such", "dir", "bouncer.json"));
        Assert.Empty(loaded.Errors);
        Assert.Empty(loaded.Warnings);
        Assert.Equal(BuiltInCount, loaded.RuleSet.Rules.Count);
        Assert.Same(RuleSet.BuiltIn, RuleLoader.Load(null, null).RuleSet);
    }

    [Fact]
    public void AnUnreadableFileIsAnError()
    {
        var file = WriteFile("""{ "version": 1, "rules": [ { "id": "my.x", "decision": "deny", "command": "x" } ] }""");
        File.SetUnixFileMode(file, UnixFileMode.None);
        bool privileged;
        try
        {
            File.ReadAllBytes(file);
            privileged = true;
        }
        catch (UnauthorizedAccessException)
        {
            privileged = false;
        }
        // Root reads a mode-000 file anyway; there is then nothing unreadable to test with permissions.
        if (privileged) return;
        var loaded = RuleLoader.Load(file, null);
        var error = Assert.Single(loaded.Errors);
        Assert.Equal(file, error.File);
        Assert.Equal(0, error.Line);
        Assert.Contains("permission denied", error.Message, StringComparison.Ordinal);
        Assert.Equal(BuiltInCount, loaded.RuleSet.Rules.Count);
    }

    [Fact]
    public void ADirectoryIsAnError()
    {
        var dir = Directory.CreateDirectory(Path.Combine(_dir, "bouncer.json")).FullName;
        var error = Assert.Single(RuleLoader.Load(dir, null).Errors);
        Assert.Equal($"{dir}:0: this is a directory, not a rules file", error.ToString());
    }

    [Fact]
    public void InvalidJsonNamesTheLineAndColumn()
    {
        var (error, file) = SingleError("""
            {
              "version": 1,
              "rules": [
                { "id": "a" "decision": "deny", "command": "x" }
              ]
            }
            """);
        Assert.Equal(file, error.File);
        Assert.Equal(4, error.Line);
        Assert.Equal("", error.Field);
        Assert.StartsWith("not valid JSON: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("column", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEmptyFileSaysWhatToWrite()
    {
        var (error, _) = SingleError("  \n");
        Assert.Equal(1, error.Line);
        Assert.Contains("the file is empty", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""
        { "version": 1,
          "rules": [
            { "id": "a",
              "decison": "deny", "command": "x" } ] }
        """, 4, "rules[0].decison", "did you mean \"decision\"?")]
    [InlineData("""
        { "version": 1,
          "rules": [
            { "id": "a", "decision": "deny", "command": "x" },
            { "id": "b", "decision": "deny",
              "tool": 5 } ] }
        """, 5, "rules[1].tool", "must be a string or an array of strings (a glob), not the number 5")]
    [InlineData("""
        { "version": 1,
          "rules": [
            { "id": "a", "command": "x",
              "decision": "block" } ] }
        """, 4, "rules[0].decision", "unknown decision \"block\" (one of: allow, ask, deny)")]
    [InlineData("""
        { "version": 1, "rules": [
            { "id": "a", "decision": "deny",
              "effect": "delet" } ] }
        """, 3, "rules[0].effect", "unknown effect \"delet\"; did you mean \"delete\"?")]
    [InlineData("""
        { "version": 1, "rules": [
            { "id": "a", "decision": "deny", "effects": [
                "read",
                "wrte" ] } ] }
        """, 4, "rules[0].effects[1]", "did you mean \"write\"?")]
    [InlineData("""
        { "version": 1, "rules": [
            { "id": "a", "decision": "deny", "effect": "delete",
              "flags": ["recursiv"] } ] }
        """, 3, "rules[0].flags[0]", "unknown flag \"recursiv\"; did you mean \"recursive\"?")]
    [InlineData("""
        { "version": 1, "rules": [
            { "decision": "deny", "command": "x" } ] }
        """, 2, "rules[0]", "\"id\" is missing")]
    [InlineData("""
        { "version": 1, "rules": [
            { "id": "a", "command": "x" } ] }
        """, 2, "rules[0]", "\"decision\" is missing: say \"allow\", \"ask\" or \"deny\"")]
    [InlineData("""
        { "version": 1, "rules": [
            { "id": "a", "decision": "deny" } ] }
        """, 2, "rules[0]", "no condition and would match every call")]
    [InlineData("""
        { "version": 1, "rules": [
            { "id": "a", "decision": "deny",
              "path": "*.pem" } ] }
        """, 3, "rules[0].path", "bad glob: \"*.pem\" is relative, but paths are matched as absolute paths; write **/*.pem")]
    [InlineData("""
        { "version": 1, "rules": [
            { "id": "a", "decision": "deny", "paths": ["~/ok/**",
              "/x/[ab"] } ] }
        """, 3, "rules[0].paths[1]", "is never closed")]
    [InlineData("""
        { "version": 1, "rules": [
            { "id": "a", "decision": "deny", "effect": "network",
              "port": 70000 } ] }
        """, 3, "rules[0].port", "a port is a number from 1 to 65535 or \"$MSTRO_PORT\", not the number 70000")]
    [InlineData("""
        { "version": 1, "rules": [
            { "id": "a", "command": "x",
              "severity": "catastrophic" } ] }
        """, 3, "rules[0].severity", "catastrophic is reserved for mstro's built-in packs")]
    [InlineData("""
        { "version": 1, "rules": [
            { "id": "a", "command": "x", "decision": "deny",
              "severity": "critical" } ] }
        """, 3, "rules[0].severity", "give either \"decision\" (allow, ask, deny) or \"severity\", not both")]
    [InlineData("""
        { "version": 1, "rules": [
            { "id": "a", "decision": "deny", "tool": "Bash",
              "tools": ["Write"] } ] }
        """, 3, "rules[0].tools", "\"tools\" and \"tool\" are the same field")]
    [InlineData("""
        { "version": 1, "rules": [
            { "id": "a", "decision": "deny", "command": "x",
              "command": "y" } ] }
        """, 3, "rules[0].command", "\"command\" is given more than once in this rule")]
    [InlineData("""
        { "version": 1, "rules": [
            { "id": "core.delete-system", "decision": "deny", "command": "x" } ] }
        """, 2, "rules[0].id", "is the id of a built-in rule")]
    [InlineData("""
        { "version": 1, "rules": [
            { "id": "has space", "decision": "deny", "command": "x" } ] }
        """, 2, "rules[0].id", "is not a valid id")]
    [InlineData("""
        { "version": 1, "rules": [
            { "id": "a", "decision": "deny", "command": "x",
              "reason": "bad {pth}" } ] }
        """, 3, "rules[0].reason", "unknown placeholder {pth} (did you mean {path}?)")]
    [InlineData("""
        { "version": 1, "rules": [
            { "id": "a", "decision": "deny", "effect": "delete", "flags": "recursive",
              "excludeFlags": ["recursive"] } ] }
        """, 3, "rules[0].excludeFlags", "recursive is both required and excluded")]
    [InlineData("""
        { "version": 1, "rules": [
            { "id": "a", "decision": "deny", "effect": "delete",
              "path": [] } ] }
        """, 3, "rules[0].path", "an empty list matches nothing")]
    [InlineData("""
        { "version": 1, "rules": [
            "deny everything" ] }
        """, 2, "rules[0]", "a rule must be an object")]
    [InlineData("""
        { "version": 1, "rules": { "id": "a" } }
        """, 1, "rules", "must be an array of rules")]
    [InlineData("""
        { "version": 1,
          "rulez": [] }
        """, 2, "rulez", "did you mean \"rules\"?")]
    [InlineData("""
        [ { "id": "a" } ]
        """, 1, "", "a rules file must be a JSON object")]
    public void EachErrorNamesItsFileLineAndField(string json, int line, string field, string message)
    {
        var file = WriteFile(json);
        var loaded = RuleLoader.Load(file, null);
        var errors = loaded.Errors.Where(e => !e.Message.Contains("\"rules\" is missing", StringComparison.Ordinal)).ToList();
        var error = Assert.Single(errors);
        Assert.Equal(file, error.File);
        Assert.Equal(field, error.Field);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(line, error.Line);
        Assert.Equal($"{file}:{line}: {(field.Length > 0 ? field + ": " : "")}{error.Message}", error.ToString());
        Assert.Equal(BuiltInCount, loaded.RuleSet.Rules.Count);
    }

    [Fact]
    public void DuplicateIdsPointAtTheSecondAndNameTheFirst()
    {
        var (error, _) = SingleError("""
            { "version": 1, "rules": [
                { "id": "my.x", "decision": "deny", "command": "a" },
                { "id": "my.y", "decision": "deny", "command": "b" },
                {
                  "id": "my.x", "decision": "deny", "command": "c" } ] }
            """);
        Assert.Equal(5, error.Line);
        Assert.Equal("rules[2].id", error.Field);
        Assert.Equal("duplicate id \"my.x\" (rules[0] on line 2 has it too); ids must be unique", error.Message);
    }

    [Fact]
    public void AnUnsupportedVersionIsTheOnlyErrorReported()
    {
        var (error, _) = SingleError("""
            {
              "version": 2,
              "rules": [ { "id": "x", "some-new-field": true } ] }
            """);
        Assert.Equal(2, error.Line);
        Assert.Equal("version", error.Field);
        Assert.Contains("version 2 is not supported by this mstro (it reads version 1)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingVersionIsAnError()
    {
        var (error, _) = SingleError("""{ "rules": [ { "id": "a", "decision": "deny", "command": "x" } ] }""");
        Assert.Equal("version", error.Field);
        Assert.Contains("\"version\" is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AllErrorsOfAFileAreReportedAndNoneOfItsRulesLoad()
    {
        var file = WriteFile("""
            { "version": 1,
              "rules": [
                { "id": "my.good", "decision": "deny", "command": "good" },
                { "id": "my.bad1", "decision": "nope", "command": "x" },
                { "id": "my.good2", "decision": "ask", "program": "kubectl" },
                { "id": "my.bad2", "decision": "deny", "effect": "teleport" } ] }
            """);
        var loaded = RuleLoader.Load(file, null);
        Assert.Equal(["rules[1].decision", "rules[3].effect"], loaded.Errors.Select(e => e.Field));
        Assert.Equal([4, 6], loaded.Errors.Select(e => e.Line));
        Assert.Equal(BuiltInCount, loaded.RuleSet.Rules.Count);
        Assert.DoesNotContain(loaded.RuleSet.Rules, r => r.Id.StartsWith("my.", StringComparison.Ordinal));
    }

    [Fact]
    public void ABrokenProjectFileDoesNotDropTheUsersRules()
    {
        var user = WriteFile("""{ "version": 1, "rules": [ { "id": "my.x", "decision": "deny", "command": "x" } ] }""", "user.json");
        var project = WriteFile("""{ "version": 1, "rules": [ { "id": "repo.y", "decision": "maybe", "command": "y" } ] }""", "project.json");
        var loaded = RuleLoader.Load(user, project);
        var error = Assert.Single(loaded.Errors);
        Assert.Equal(project, error.File);
        Assert.Contains(loaded.RuleSet.Rules, r => r.Id == "my.x");
        Assert.DoesNotContain(loaded.RuleSet.Rules, r => r.Id == "repo.y");
    }

    [Fact]
    public void ProjectAllowRulesAreDroppedWithAWarningAndItsDenyRulesKept()
    {
        var project = WriteFile("""
            { "version": 1,
              "rules": [
                { "id": "repo.no-migrations", "decision": "deny", "command": "rails db:migrate*" },
                { "id": "repo.let-me", "decision": "allow", "effect": "read", "path": "~/.aws/credentials" } ] }
            """, "project.json");
        var loaded = RuleLoader.Load(null, project);
        Assert.Empty(loaded.Errors);
        var warning = Assert.Single(loaded.Warnings);
        Assert.StartsWith($"{project}:4: rules[1]: allow rule \"repo.let-me\" is ignored", warning, StringComparison.Ordinal);
        var added = loaded.RuleSet.Rules.Skip(BuiltInCount).ToList();
        var rule = Assert.Single(added);
        Assert.Equal("repo.no-migrations", rule.Id);
        Assert.Equal(RuleSource.Project, rule.Source);
    }

    [Fact]
    public void WhenTheProjectFileIsTheUsersItIsReadOnceAsTheUsers()
    {
        var file = WriteFile("""{ "version": 1, "rules": [ { "id": "my.aws", "decision": "allow", "effect": "read", "path": "~/.aws/config" } ] }""");
        var loaded = RuleLoader.Load(file, Path.Combine(_dir, ".", "bouncer.json"));
        Assert.Empty(loaded.Warnings);
        var rule = Assert.Single(loaded.RuleSet.Rules.Skip(BuiltInCount));
        Assert.Equal(RuleSource.User, rule.Source);
    }

    [Fact]
    public void BroadAllowRulesAndSharedIdsWarn()
    {
        var user = WriteFile("""
            { "version": 1, "rules": [
                { "id": "my.all-reads", "decision": "allow", "effect": "read" },
                { "id": "my.webfetch", "decision": "allow", "tool": "WebFetch" },
                { "id": "shared", "decision": "deny", "command": "x" } ] }
            """, "user.json");
        var project = WriteFile("""{ "version": 1, "rules": [ { "id": "shared", "decision": "ask", "command": "y" } ] }""", "project.json");
        var loaded = RuleLoader.Load(user, project);
        Assert.Empty(loaded.Errors);
        Assert.Equal(3, loaded.Warnings.Count);
        Assert.Contains("matches every read effect", loaded.Warnings[0], StringComparison.Ordinal);
        Assert.StartsWith($"{user}:2:", loaded.Warnings[0], StringComparison.Ordinal);
        Assert.Contains("loosens every non-catastrophic finding", loaded.Warnings[1], StringComparison.Ordinal);
        Assert.Contains("rule id \"shared\" is also used", loaded.Warnings[2], StringComparison.Ordinal);
        Assert.Equal(2, loaded.RuleSet.Rules.Count(r => r.Id == "shared"));
    }

    [Fact]
    public void CommentsTrailingCommasAndAByteOrderMarkAreAccepted()
    {
        var path = Path.Combine(_dir, "bom.json");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes("""
            // my rules
            { "version": 1, /* the only version */
              "rules": [ { "id": "my.x", "decision": "deny", "command": "x", }, ], }
            """)]);
        var loaded = RuleLoader.Load(path, null);
        Assert.Empty(loaded.Errors);
        Assert.Contains(loaded.RuleSet.Rules, r => r.Id == "my.x");
    }

    [Fact]
    public void DefaultReasonsNameTheRule()
    {
        var file = WriteFile("""
            { "version": 1, "rules": [
                { "id": "my.deny", "decision": "deny", "command": "x*" },
                { "id": "my.ask", "decision": "ask", "command": "y*" } ] }
            """);
        var rules = RuleLoader.Load(file, null).RuleSet.Rules.Skip(BuiltInCount).ToList();
        Assert.Equal("denied by your rule my.deny", rules[0].Reason);
        Assert.Equal("your rule my.ask asks for a check", rules[1].Reason);
    }

    [Fact]
    public void AProjectConditionIsReadAsPathGlobs()
    {
        var file = WriteFile("""
            { "version": 1,
              "rules": [
                { "id": "my.here", "decision": "allow", "tool": "Bash", "command": "make deploy", "project": "/home/u/app" },
                { "id": "my.there", "decision": "deny", "command": "make deploy", "projects": ["~/work/*", "$HOME/x"] } ] }
            """);

        var loaded = RuleLoader.Load(file, null);

        Assert.Empty(loaded.Errors);
        var rules = loaded.RuleSet.Rules.Where(rule => rule.Source == RuleSource.User).ToList();
        Assert.Equal(["/home/u/app"], rules[0].Match.Projects);
        Assert.Equal(["~/work/*", "$HOME/x"], rules[1].Match.Projects);
    }

    [Fact]
    public void ARelativeProjectGlobIsAnErrorNamingTheField()
    {
        var (error, _) = SingleError("""
            { "version": 1,
              "rules": [ { "id": "my.x", "decision": "deny", "command": "make", "project": "app" } ] }
            """);

        Assert.Equal("rules[0].project", error.Field);
        Assert.Equal(2, error.Line);
    }
}
