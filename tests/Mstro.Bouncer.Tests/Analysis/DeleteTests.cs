using Mstro.Bouncer.Analysis;
using static Mstro.Bouncer.Tests.Analysis.AnalysisKit;

namespace Mstro.Bouncer.Tests.Analysis;

public class DeleteTests
{
    private const EffectFlags RecursiveForce = EffectFlags.Recursive | EffectFlags.Force;

    [Theory]
    [InlineData("rm -fr ~", Home)]
    [InlineData("rm -rf ~/", Home)]
    [InlineData("rm -rf /", "/")]
    [InlineData("rm -Rf /var", "/var")]
    [InlineData("rm -r -f /usr", "/usr")]
    [InlineData("rm -f -r /usr", "/usr")]
    [InlineData("rm --recursive --force /etc", "/etc")]
    [InlineData("rm -rf -- /opt", "/opt")]
    [InlineData("rm -rf $HOME", Home)]
    [InlineData("rm -rf ${HOME}", Home)]
    [InlineData("rm -rf \"$HOME\"", Home)]
    [InlineData("r''m -rf /", "/")]
    [InlineData("\"rm\" -rf /", "/")]
    [InlineData("r\\m -rf /", "/")]
    [InlineData("/bin/rm -rf /", "/")]
    [InlineData("rm -rf /usr/../", "/")]
    [InlineData("rm -rf /./etc/", "/etc")]
    [InlineData("rm -rf $CLAUDE_PROJECT_DIR", Project)]
    [InlineData("rm -rf \"$PWD\"", Project)]
    [InlineData("rm -rf $(pwd)", Project)]
    [InlineData("D=/usr; rm -rf $D", "/usr")]
    [InlineData("export D=/usr; rm -rf \"$D\"", "/usr")]
    [InlineData("X=rm; $X -rf /", "/")]
    [InlineData("$(echo rm) -rf /", "/")]
    [InlineData("rm -rf $(echo /)", "/")]
    [InlineData("HOME=/; rm -rf ~", "/")]
    public void RecursiveForcedDeletesAreFoundInEverySpelling(string command, string path) =>
        Of(command).Has(EffectKind.Delete, path, RecursiveForce);

    [Fact]
    public void TheInvocationIsTheUnwrappedProgramWithExpandedArguments()
    {
        var delete = Of("sudo /bin/rm -r -f $HOME/x").Has(EffectKind.Delete, Home + "/x", RecursiveForce | EffectFlags.Elevated);
        var invocation = delete.Invocation!;
        Assert.Equal("rm", invocation.Program);
        Assert.Equal(["-r", "-f", Home + "/x"], invocation.Arguments);
        Assert.Equal("rm -r -f /home/alice/x", invocation.Text);
        Assert.Equal(Project, invocation.Cwd);
        Assert.Equal(1, invocation.Depth);
    }

    [Fact]
    public void EveryInvocationRuns()
    {
        var effects = Of("cd src && ls | wc -l");
        effects.Has(EffectKind.Run, detail: "cd");
        effects.Has(EffectKind.Run, detail: "ls");
        var wc = effects.Has(EffectKind.Run, detail: "wc");
        Assert.Equal(Project + "/src", wc.Invocation!.Cwd);
    }

    [Fact]
    public void SudoDeletesAreElevatedAndPrivileged()
    {
        var effects = Of("sudo /bin/rm -r -f /usr");
        effects.Has(EffectKind.Delete, "/usr", RecursiveForce | EffectFlags.Elevated);
        effects.Has(EffectKind.Privilege, detail: "sudo");
    }

    [Theory]
    [InlineData("cd / && rm -rf *", "/")]
    [InlineData("cd ~ && rm -rf *", Home)]
    [InlineData("rm -rf ~/*", Home)]
    [InlineData("rm -rf /*", "/")]
    [InlineData("rm -rf ~/.*", Home)]
    [InlineData("cd /tmp; cd /; rm -rf ./*", "/")]
    public void GlobsCoverTheDirectoryContents(string command, string directory) =>
        Of(command).Has(EffectKind.Delete, directory, EffectFlags.Recursive | EffectFlags.Glob);

    [Fact]
    public void ANarrowGlobKeepsItsPatternAndIsFiltered()
    {
        var effects = Of("rm -f ~/*.bak");
        var delete = effects.Has(EffectKind.Delete, Home + "/*.bak", EffectFlags.Glob | EffectFlags.Filtered);
        Assert.Equal(EffectFlags.None, delete.Flags & EffectFlags.Recursive);
        effects.HasNo(EffectKind.Delete, Home);
        Of("cd /tmp && rm -rf webapp-e2e-*").Has(EffectKind.Delete, "/tmp/webapp-e2e-*", EffectFlags.Glob | EffectFlags.Filtered);
    }

    [Fact]
    public void IfsSplitsWords() => Of("rm${IFS}-rf${IFS}/").Has(EffectKind.Delete, "/", RecursiveForce);

    [Fact]
    public void FindNameStarIsNoFilter()
    {
        var delete = Of("find /usr -name '*' -delete").Has(EffectKind.Delete, "/usr", EffectFlags.Recursive);
        Assert.Equal(EffectFlags.None, delete.Flags & EffectFlags.Filtered);
    }

    [Fact]
    public void BraceExpansionNamesEachTarget()
    {
        var effects = Of("rm -rf /{usr,etc,var/lib}");
        effects.Has(EffectKind.Delete, "/usr");
        effects.Has(EffectKind.Delete, "/etc");
        effects.Has(EffectKind.Delete, "/var/lib");
    }

    [Fact]
    public void AnUnknownVariableInFrontOfAGlobIsTheClassicDisaster()
    {
        var delete = Of("rm -rf \"$DIR\"/*").Has(EffectKind.Delete, "/", EffectFlags.Glob | EffectFlags.Unresolved);
        Assert.Equal("$DIR/*", delete.Invocation!.Arguments[1]);
    }

    [Fact]
    public void AWhollyUnknownTargetHasNoPathButIsUnresolved()
    {
        var delete = Of("rm -rf \"$TARGET\"").Has(EffectKind.Delete, flags: EffectFlags.Unresolved | EffectFlags.Recursive);
        Assert.Null(delete.Path);
    }

    [Fact]
    public void ADefaultValueIsTheLikelyTarget() =>
        Of("rm -rf \"${BUILD_DIR:-./build}\"").Has(EffectKind.Delete, Project + "/build", EffectFlags.Unresolved);

    [Fact]
    public void AfterACdToAnUnknownPlaceRelativeDeletesAreUnresolved() =>
        Of("cd \"$X\" && rm -rf *").Has(EffectKind.Delete, Project, EffectFlags.Glob | EffectFlags.Unresolved);

    [Fact]
    public void CdInsideASubshellDoesNotLeakOut()
    {
        var effects = Of("(cd / && true); rm -rf build");
        effects.Has(EffectKind.Delete, Project + "/build");
        effects.HasNo(EffectKind.Delete, "/build");
    }

    [Fact]
    public void PushdAndPopdMoveTheCwd()
    {
        var effects = Of("pushd /srv && rm -rf data; popd; rm -rf out");
        effects.Has(EffectKind.Delete, "/srv/data");
        effects.Has(EffectKind.Delete, Project + "/out");
    }

    [Theory]
    [InlineData("find ~ -delete", Home)]
    [InlineData("find / -delete", "/")]
    [InlineData("find $HOME -depth -delete", Home)]
    [InlineData("find -L / -mount -delete", "/")]
    public void FindDeleteDeletesTheWholeTree(string command, string root)
    {
        var delete = Of(command).Has(EffectKind.Delete, root, EffectFlags.Recursive);
        Assert.Equal(EffectFlags.None, delete.Flags & EffectFlags.Filtered);
    }

    [Theory]
    [InlineData("find / -name '*.log' -delete", "/")]
    [InlineData("find ~ -mtime +30 -delete", Home)]
    [InlineData("find . -name '*.pyc' -delete", Project)]
    [InlineData("find ~/Downloads -size +1G -delete", Home + "/Downloads")]
    public void FindFiltersNarrowTheDelete(string command, string root) =>
        Of(command).Has(EffectKind.Delete, root, EffectFlags.Recursive | EffectFlags.Filtered);

    [Fact]
    public void FindExecRunsTheCommandOnFilesUnderTheRoot()
    {
        Of("find ~ -exec rm -rf {} +").Has(EffectKind.Delete, Home, EffectFlags.Recursive | EffectFlags.Glob);
        Of("find / -type f -execdir shred -u {} \\;").Has(EffectKind.Delete, "/", EffectFlags.Glob | EffectFlags.Force);
        Of("find . -name node_modules -exec rm -rf {} +").Has(EffectKind.Delete, Project + "/**/node_modules", EffectFlags.Glob | EffectFlags.Filtered);
        Of("find . -mtime +7 -exec rm -rf {} +").Has(EffectKind.Delete, Project, EffectFlags.Glob | EffectFlags.Filtered);
    }

    [Fact]
    public void XargsFeedsArgumentsFromItsInput()
    {
        Of("echo / | xargs rm -rf").Has(EffectKind.Delete, "/", RecursiveForce);
        Of("find ~ -name '*.tmp' | xargs rm -f").Has(EffectKind.Delete, Home + "/**/*.tmp", EffectFlags.Glob | EffectFlags.Filtered);
        Of("find ~ -newer x | xargs rm -f").Has(EffectKind.Delete, Home, EffectFlags.Glob | EffectFlags.Filtered);
        Of("ls *.log | xargs rm").Has(EffectKind.Delete, Project + "/*.log", EffectFlags.Glob | EffectFlags.Filtered);
        Of("cat list.txt | xargs -I{} rm -rf {}").Has(EffectKind.Delete, flags: EffectFlags.Unresolved | EffectFlags.Recursive);
    }

    [Fact]
    public void ListingsSubstitutedAsArgumentsKeepTheirDirectory()
    {
        Of("rm -rf $(find ~ -name node_modules)").Has(EffectKind.Delete, Home + "/**/node_modules", EffectFlags.Glob | EffectFlags.Filtered);
        Of("rm -rf $(find ~ -type d -empty)").Has(EffectKind.Delete, Home, EffectFlags.Glob | EffectFlags.Filtered);
        Of("cat $(find ~/.ssh -type f)").Has(EffectKind.Read, Home + "/.ssh", EffectFlags.Glob);
    }

    [Fact]
    public void LoopsRunTheBodyForEachValue()
    {
        var effects = Of("for d in /usr /etc; do rm -rf \"$d\"; done");
        effects.Has(EffectKind.Delete, "/usr");
        effects.Has(EffectKind.Delete, "/etc");
        Of("for f in /*; do rm -rf $f; done").Has(EffectKind.Delete, "/", EffectFlags.Glob);
    }

    [Fact]
    public void FunctionsAreAnalysedWithTheirArguments()
    {
        Of("wipe() { rm -rf \"$1\"; }; wipe /").Has(EffectKind.Delete, "/", RecursiveForce);
        Of("f() { rm -rf ~; }").Has(EffectKind.Delete, Home);
    }

    [Theory]
    [InlineData("rmdir /etc/x", "/etc/x")]
    [InlineData("unlink ~/.bashrc", Home + "/.bashrc")]
    [InlineData("shred -u ~/.ssh/id_rsa", Home + "/.ssh/id_rsa")]
    [InlineData("mv ~/.ssh /tmp/x", Home + "/.ssh")]
    public void OtherDeleters(string command, string path) => Of(command).Has(EffectKind.Delete, path);

    [Fact]
    public void RsyncDeleteDeletesAtTheDestination() =>
        Of("rsync -a --delete empty/ ~/").Has(EffectKind.Delete, Home, EffectFlags.Recursive);

    [Fact]
    public void BuildOutputInsideTheProjectIsOrdinary()
    {
        var effects = Of("rm -rf ./bin ./obj");
        effects.Has(EffectKind.Delete, Project + "/bin", RecursiveForce);
        effects.Has(EffectKind.Delete, Project + "/obj", RecursiveForce);
        effects.IsOrdinary();
    }

    [Theory]
    [InlineData("rm -rf node_modules && npm install")]
    [InlineData("rm -rf dist build .cache")]
    [InlineData("find . -name '*.pyc' -delete")]
    [InlineData("rm -f /tmp/test.log")]
    [InlineData("cd build && rm -rf *")]
    [InlineData("rm -rf \"$(pwd)/coverage\"")]
    public void OrdinaryCleanups(string command) => Of(command).IsOrdinary();

    [Fact]
    public void ArgvAnalysisWorksWithoutParsing()
    {
        OfArgv("rm", "-rf", "~").Has(EffectKind.Delete, Home, RecursiveForce);
        OfArgv("rm", "-rf", "/*").Has(EffectKind.Delete, "/", EffectFlags.Glob);
        OfArgv("find", "/", "-delete").Has(EffectKind.Delete, "/", EffectFlags.Recursive);
    }
}
