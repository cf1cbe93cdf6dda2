using Mstro.Bouncer.Analysis.Programs;

namespace Mstro.Bouncer.Tests.Analysis;

/// <summary>The catalog's one lookup per program name: canonical name, handler and traits, for names as written,
/// second names and versioned spellings.</summary>
public class ProgramLookupTests
{
    [Theory]
    [InlineData("rm", "rm")]
    [InlineData("grm", "rm")]
    [InlineData("egrep", "grep")]
    [InlineData("python3", "python")]
    [InlineData("python3.12", "python")]
    [InlineData("pip3.11", "pip")]
    [InlineData("node20", "node")]
    [InlineData("mkfs.ext4", "mkfs")]
    [InlineData("mke2fs", "mkfs")]
    [InlineData("apt-get", "apt")]
    [InlineData("powershell.exe", "pwsh")]
    public void SpellingsFindTheirProgram(string name, string canonical)
    {
        var known = ProgramCatalog.Find(name);

        Assert.Equal(canonical, known.Name);
        Assert.NotNull(known.Handler);
        Assert.Same(ProgramCatalog.Find(canonical).Handler, known.Handler);
    }

    [Theory]
    [InlineData("my-tool")]
    [InlineData("python3x")]
    [InlineData("mkfsx")]
    public void UnknownNamesStayAsWritten(string name)
    {
        var known = ProgramCatalog.Find(name);

        Assert.Equal(name, known.Name);
        Assert.Null(known.Handler);
        Assert.Equal(ProgramTraits.None, known.Traits);
    }

    [Theory]
    [InlineData("grep", true)]
    [InlineData("fgrep", true)]
    [InlineData("echo", true)]
    [InlineData("python3.12", true)]
    [InlineData("rm", false)]
    [InlineData("curl", false)]
    public void DataArgumentProgramsAreMarked(string name, bool takesData) =>
        Assert.Equal(takesData, ProgramCatalog.Find(name).TakesDataArguments);

    [Theory]
    [InlineData("pyenv", true)]
    [InlineData("pip3", true)]
    [InlineData("ssh-agent", true)]
    [InlineData("direnv", true)]
    [InlineData("rm", false)]
    [InlineData("eval", false)]
    public void ShellSetupGeneratorsAreMarked(string name, bool prints) =>
        Assert.Equal(prints, ProgramCatalog.Find(name).MayPrintShellSetup);
}
