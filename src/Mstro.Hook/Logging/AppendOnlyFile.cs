using System.Runtime.InteropServices;

namespace Mstro.Hook.Logging;

/// <summary>Appends whole lines to a private log file that many processes write at once.
/// <para>Each line goes out in one <c>write(2)</c> on a descriptor opened with <c>O_APPEND</c>: the kernel moves to
/// the end of the file and writes in one step, so lines from concurrent processes never interleave or overwrite each
/// other. .NET's <c>FileMode.Append</c> does not do this on Unix (it opens without O_APPEND and writes with pwrite at
/// an offset it remembers, so two processes overwrite each other's lines), hence the direct system calls.</para>
/// <para>The file is created 0600 in a directory created 0700. The descriptor is opened with O_NOFOLLOW (a symlink
/// planted at the log's path, say to ~/.bashrc, is refused rather than appended to) and O_NONBLOCK (a FIFO planted
/// there cannot hang the hook).</para></summary>
public static partial class AppendOnlyFile
{
    private const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Appends <paramref name="line"/> (which should end with a newline) in a single write.
    /// Throws <see cref="IOException"/> when the file cannot be opened or the write is refused or short.</summary>
    public static void Append(string path, ReadOnlySpan<byte> line)
    {
        ArgumentNullException.ThrowIfNull(path);
        var descriptor = OpenForAppend(path);
        try
        {
            WriteOnce(descriptor, line, path);
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    private static int OpenForAppend(string path)
    {
        var flags = OpenFlags.WriteOnlyAppend;
        var descriptor = Open(path, flags);
        if (descriptor >= 0) return descriptor;

        var errno = Marshal.GetLastPInvokeError();
        if (errno != OpenFlags.ErrorNoSuchFile) throw Failure("open", path, errno);

        CreatePrivateFile(path);
        descriptor = Open(path, flags);
        if (descriptor < 0) throw Failure("open", path, Marshal.GetLastPInvokeError());
        return descriptor;
    }

    /// <summary>Creates the file 0600 (and its directory 0700) with .NET's own create, which passes the mode safely on
    /// every platform; open(2) with O_CREAT is variadic and cannot take the mode reliably through P/Invoke on arm64 macOS.</summary>
    private static void CreatePrivateFile(string path)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("mstro runs on Linux and macOS");
        var directory = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory)) CreatePrivateDirectories(directory);
        try
        {
            using var created = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.ReadWrite | FileShare.Delete,
                UnixCreateMode = PrivateFile,
            });
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first: fine, we append to theirs.
        }
    }

    /// <summary>Creates every missing directory down to <paramref name="directory"/> as 0700 (Directory.CreateDirectory
    /// would give the missing parents, such as ~/.mstro, the default mode). Existing directories keep their mode.</summary>
    private static void CreatePrivateDirectories(string directory)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("mstro runs on Linux and macOS");
        var missing = new Stack<string>();
        for (var current = directory; !string.IsNullOrEmpty(current) && !Directory.Exists(current); current = Path.GetDirectoryName(current))
            missing.Push(current);
        while (missing.Count > 0) Directory.CreateDirectory(missing.Pop(), PrivateDirectory);
    }

    private static unsafe void WriteOnce(int descriptor, ReadOnlySpan<byte> line, string path)
    {
        fixed (byte* bytes = line)
        {
            nint written;
            do
            {
                written = Write(descriptor, bytes, (nuint)line.Length);
            }
            while (written < 0 && Marshal.GetLastPInvokeError() == OpenFlags.ErrorInterrupted);

            if (written < 0) throw Failure("write", path, Marshal.GetLastPInvokeError());
            if (written != line.Length)
                throw new IOException($"short write to {path}: {written} of {line.Length} bytes (is the disk full?)");
        }
    }

    private static IOException Failure(string call, string path, int errno) =>
        new($"{call} {path} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static unsafe partial nint Write(int descriptor, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int descriptor);

    /// <summary>open(2) flag values differ between Linux architectures and macOS.</summary>
    private static class OpenFlags
    {
        public const int ErrorNoSuchFile = 2; // ENOENT, the same everywhere
        public const int ErrorInterrupted = 4; // EINTR, the same everywhere

        public static readonly int WriteOnlyAppend = Compute();

        private static int Compute()
        {
            const int writeOnly = 0x1;
            if (OperatingSystem.IsMacOS())
            {
                const int nonBlock = 0x4, append = 0x8, noFollow = 0x100, closeOnExec = 0x1000000;
                return writeOnly | nonBlock | append | noFollow | closeOnExec;
            }

            const int linuxNonBlock = 0x800, linuxAppend = 0x400, linuxCloseOnExec = 0x80000;
            var linuxNoFollow = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm
                ? 0x8000
                : 0x20000;
            return writeOnly | linuxNonBlock | linuxAppend | linuxNoFollow | linuxCloseOnExec;
        }
    }
}
