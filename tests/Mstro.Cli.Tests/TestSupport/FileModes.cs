namespace Mstro.Cli.Tests.TestSupport;

/// <summary>Unix permission bits of real files (mstro supports Linux and macOS only).</summary>
public static class FileModes
{
    public const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static UnixFileMode Of(string path)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("mstro runs on Linux and macOS");
        return File.GetUnixFileMode(path);
    }
}
