using Mstro.Cli.Tests.TestSupport;
using Mstro.Hook;

namespace Mstro.Cli.Tests.Hook;

/// <summary>The hook's stdout, stdin and stderr: writes and reads move the offset a descriptor shares with whoever else
/// holds it (the shell that redirected stdout to a file), so output before and after the hook's answer stays whole.</summary>
public sealed class DescriptorStreamTests : IDisposable
{
    private readonly TempHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public void WritesGoWhereTheSharedOffsetIsAndMoveIt()
    {
        var path = Path.Join(_home.Root, "out.txt");
        using (var handle = File.OpenHandle(path, FileMode.Create, FileAccess.Write))
        {
            var descriptor = (int)handle.DangerousGetHandle();
            using (var before = new DescriptorStream(descriptor, FileAccess.Write)) before.Write("echo before\n"u8);
            using (var answer = new DescriptorStream(descriptor, FileAccess.Write)) answer.Write("""{"hookSpecificOutput":{}}"""u8);
            using (var after = new DescriptorStream(descriptor, FileAccess.Write)) after.Write("\necho after\n"u8);
        }
        Assert.Equal("echo before\n{\"hookSpecificOutput\":{}}\necho after\n", File.ReadAllText(path));
    }

    [Fact]
    public void ReadsConsumeTheSharedOffset()
    {
        var path = Path.Join(_home.Root, "in.txt");
        File.WriteAllText(path, "first|second");
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
        var descriptor = (int)handle.DangerousGetHandle();
        var buffer = new byte[6];
        using (var first = new DescriptorStream(descriptor, FileAccess.Read)) Assert.Equal(6, first.Read(buffer));
        Assert.Equal("first|", System.Text.Encoding.ASCII.GetString(buffer));
        using var rest = new DescriptorStream(descriptor, FileAccess.Read);
        var tail = new byte[16];
        Assert.Equal("second", System.Text.Encoding.ASCII.GetString(tail, 0, rest.Read(tail)));
        Assert.Equal(0, rest.Read(tail));
    }

    [Fact]
    public void AClosedDescriptorIsAnIOErrorNotACrash()
    {
        var stream = new DescriptorStream(int.MaxValue, FileAccess.Write);
        var error = Assert.Throws<IOException>(() => stream.Write("x"u8));
        Assert.Contains("write on descriptor", error.Message, StringComparison.Ordinal);
    }
}
