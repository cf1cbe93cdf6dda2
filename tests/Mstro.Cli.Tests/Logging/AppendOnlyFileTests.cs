using System.Text;
using Mstro.Hook.Logging;
using Mstro.Cli.Tests.TestSupport;

namespace Mstro.Cli.Tests.Logging;

public sealed class AppendOnlyFileTests : IDisposable
{
    private readonly TempHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public void CreatesTheFile0600InDirectories0700AndAppendsAfterWhatIsThere()
    {
        var path = Path.Join(_home.Root, "a", "b", "log");

        AppendOnlyFile.Append(path, "one\n"u8);
        AppendOnlyFile.Append(path, "two\n"u8);

        Assert.Equal("one\ntwo\n", File.ReadAllText(path));
        Assert.Equal(FileModes.PrivateFile, FileModes.Of(path));
        Assert.Equal(FileModes.PrivateDirectory, FileModes.Of(Path.Join(_home.Root, "a", "b")));
        Assert.Equal(FileModes.PrivateDirectory, FileModes.Of(Path.Join(_home.Root, "a")));
    }

    [Fact]
    public void AnExistingFileKeepsItsContentAndMode()
    {
        var path = Path.Join(_home.Root, "existing.log");
        File.WriteAllText(path, "old\n");
        var mode = FileModes.Of(path);

        AppendOnlyFile.Append(path, "new\n"u8);

        Assert.Equal("old\nnew\n", File.ReadAllText(path));
        Assert.Equal(mode, FileModes.Of(path));
    }

    [Fact]
    public void ASymlinkAtThePathIsRefused()
    {
        var target = Path.Join(_home.Root, "target");
        File.WriteAllText(target, "keep\n");
        var link = Path.Join(_home.Root, "link.log");
        File.CreateSymbolicLink(link, target);

        var error = Assert.Throws<IOException>(() => AppendOnlyFile.Append(link, "x\n"u8));

        Assert.Contains("link.log", error.Message, StringComparison.Ordinal);
        Assert.Equal("keep\n", File.ReadAllText(target));
    }

    [Fact]
    public void AFifoAtThePathDoesNotHangTheWriter()
    {
        var fifo = Path.Join(_home.Root, "fifo.log");
        var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo])!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);

        // With no reader, a blocking open would wait forever; O_NONBLOCK makes it fail at once (ENXIO).
        Assert.Throws<IOException>(() => AppendOnlyFile.Append(fifo, "x\n"u8));
    }

    [Fact]
    public void ConcurrentAppendsFromManyWritersNeverInterleave()
    {
        var path = Path.Join(_home.Root, "concurrent.log");
        const int writers = 16, linesEach = 300;

        Parallel.For(0, writers, new ParallelOptions { MaxDegreeOfParallelism = writers }, writer =>
        {
            for (var i = 0; i < linesEach; i++)
            {
                // Lines of 1-7 KB, each filled with its own letter, so a torn or interleaved write shows.
                var fill = (char)('a' + (writer + i) % 26);
                var line = $"{writer}:{i}:" + new string(fill, 1000 + (i * 97 % 6000)) + "\n";
                AppendOnlyFile.Append(path, Encoding.ASCII.GetBytes(line));
            }
        });

        var lines = File.ReadAllLines(path);
        Assert.Equal(writers * linesEach, lines.Length);
        Assert.Equal(writers * linesEach, lines.Select(l => string.Join(':', l.Split(':')[..2])).Distinct().Count());
        foreach (var line in lines)
        {
            var parts = line.Split(':');
            var (writer, i) = (int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
            var fill = (char)('a' + (writer + i) % 26);
            Assert.Equal(new string(fill, 1000 + (i * 97 % 6000)), parts[2]);
        }
    }
}
