using System.Runtime.InteropServices;

namespace Mstro.Hook;

/// <summary>An unbuffered stream over a standard descriptor (0, 1, 2) through read(2) and write(2), which move the
/// offset the descriptor shares with the shell that started the process. A <see cref="FileStream"/> over a regular file
/// writes with pwrite at a position of its own instead: with stdout redirected to a file (<c>{ echo a; mstro-hook;
/// echo b; } &gt; out</c>) the next writer then overwrote the start of the answer. Pipes, as Claude Code uses, behaved
/// either way.</summary>
internal sealed partial class DescriptorStream(int descriptor, FileAccess access) : Stream
{
    private const int ErrorInterrupted = 4; // EINTR, the same on Linux and macOS

    public override bool CanRead => access == FileAccess.Read;
    public override bool CanWrite => access == FileAccess.Write;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override unsafe int Read(Span<byte> buffer)
    {
        if (!CanRead) throw new NotSupportedException();
        fixed (byte* start = buffer)
        {
            while (true)
            {
                var read = ReadCall(descriptor, start, (nuint)buffer.Length);
                if (read >= 0) return (int)read;
                var errno = Marshal.GetLastPInvokeError();
                if (errno != ErrorInterrupted) throw Failure("read", errno);
            }
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override unsafe void Write(ReadOnlySpan<byte> buffer)
    {
        if (!CanWrite) throw new NotSupportedException();
        fixed (byte* start = buffer)
        {
            var done = 0;
            while (done < buffer.Length)
            {
                var written = WriteCall(descriptor, start + done, (nuint)(buffer.Length - done));
                if (written >= 0)
                {
                    done += (int)written;
                    continue;
                }
                var errno = Marshal.GetLastPInvokeError();
                if (errno != ErrorInterrupted) throw Failure("write", errno);
            }
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private IOException Failure(string call, int errno) =>
        new($"{call} on descriptor {descriptor} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static unsafe partial nint ReadCall(int descriptor, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static unsafe partial nint WriteCall(int descriptor, byte* buffer, nuint count);
}
