using Mstro.Hook.Hosting;

namespace Mstro.Cli.Tests.Hosting;

public class CallEnvironmentTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void PathsFollowHomeAndDefaultClaudeConfigDir()
    {
        var paths = MstroPaths.FromEnvironment(Env(("HOME", "/home/u/")));

        Assert.Equal("/home/u", paths.Home);
        Assert.Equal("/home/u/.claude", paths.ClaudeConfigDir);
        Assert.Equal("/home/u/.claude/logs/bouncer.log", paths.AuditLog);
        Assert.Equal("/home/u/.mstro/logs/hook-errors.log", paths.ErrorLog);
        Assert.Equal("/home/u/.mstro/bouncer.json", paths.UserRules);
    }

    [Theory]
    [InlineData("/opt/claude", "/opt/claude")]
    [InlineData("~/.claude-work", "/home/u/.claude-work")]
    [InlineData("/opt/claude/../cc/", "/opt/cc")]
    public void ClaudeConfigDirIsHonoured(string value, string expected) =>
        Assert.Equal(expected, MstroPaths.FromEnvironment(Env(("HOME", "/home/u"), ("CLAUDE_CONFIG_DIR", value))).ClaudeConfigDir);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("relative/home")]
    public void WithoutAnAbsoluteHomeThereAreNoPaths(string? home) =>
        Assert.Throws<InvalidOperationException>(() => MstroPaths.FromEnvironment(name => name == "HOME" ? home : null));

    [Theory]
    [InlineData("/work/p", "/work/p", "/work/p")]
    [InlineData("/work/p/src/x", "/work/p", "/work/p")]
    [InlineData("/work/p/", "/work/p/", "/work/p")]
    [InlineData("/work/other", "/work/p", "/work/other")]
    [InlineData("/work/p2", "/work/p", "/work/p2")]
    [InlineData("/work/p", null, "/work/p")]
    [InlineData("/work/p", "relative", "/work/p")]
    public void TheProjectIsClaudeProjectDirOnlyWhenTheCwdIsInsideIt(string cwd, string? projectDir, string expected)
    {
        var paths = new MstroPaths("/home/u", "/home/u/.claude", "/home/u/.mstro");

        var environment = CallEnvironment.For(paths, cwd, projectDir, Env());

        Assert.Equal(expected, environment.ProjectDir);
    }

    [Fact]
    public void TempDirsIncludeTmpdir()
    {
        var dirs = CallEnvironment.TempDirs("/var/folders/xy/T/");

        Assert.Contains("/tmp", dirs);
        Assert.Contains("/var/tmp", dirs);
        Assert.Contains("/var/folders/xy/T", dirs);
        Assert.Equal(OperatingSystem.IsMacOS(), dirs.Contains("/private/var/folders"));
    }

    [Fact]
    public void TheEnvironmentCarriesHomeConfigAndResolvableVariables()
    {
        var paths = new MstroPaths("/home/u", "/opt/claude", "/home/u/.mstro");

        var environment = CallEnvironment.For(paths, "/work/p", null, Env(("USER", "u"), ("AWS_SECRET_ACCESS_KEY", "x")));

        Assert.Equal("/home/u", environment.Home);
        Assert.Equal("/opt/claude", environment.ClaudeConfigDir);
        Assert.Equal("/home/u/.mstro", environment.MstroDir);
        Assert.Equal("u", environment.Variables!["USER"]);
        Assert.Equal("/home/u", environment.Variables["HOME"]);
        Assert.False(environment.Variables.ContainsKey("AWS_SECRET_ACCESS_KEY"));
    }

    [Theory]
    [InlineData("/home/u/.mstro/bouncer.json", "~/.mstro/bouncer.json")]
    [InlineData("/home/u", "~")]
    [InlineData("/home/user2/x", "/home/user2/x")]
    public void PathsUnderHomeAreShownWithATilde(string path, string shown) =>
        Assert.Equal(shown, new MstroPaths("/home/u", "/home/u/.claude", "/home/u/.mstro").ForDisplay(path));
}
