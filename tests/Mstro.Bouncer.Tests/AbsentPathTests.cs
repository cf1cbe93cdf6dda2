namespace Mstro.Bouncer.Tests;

public sealed class AbsentPathTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mstro-absent-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void AMissingFileInAnExistingDirectoryIsAbsent() =>
        Assert.True(AbsentPath.IsCertain(Path.Join(_dir, "bouncer.json")));

    [Fact]
    public void AFileUnderMissingDirectoriesIsAbsent() =>
        Assert.True(AbsentPath.IsCertain(Path.Join(_dir, ".mstro", "deeper", "bouncer.json")));

    [Fact]
    public void AnExistingFileOrDirectoryIsNot()
    {
        var file = Path.Join(_dir, "bouncer.json");
        File.WriteAllText(file, "{}");
        Assert.False(AbsentPath.IsCertain(file));
        Assert.False(AbsentPath.IsCertain(_dir));
    }

    [Fact]
    public void ADanglingSymlinkIsLeftToTheOpenToReport()
    {
        var link = Path.Join(_dir, "bouncer.json");
        File.CreateSymbolicLink(link, Path.Join(_dir, "nowhere"));
        Assert.False(AbsentPath.IsCertain(link));
        Assert.True(AbsentPath.IsCertain(Path.Join(_dir, "nowhere")));
    }
}
