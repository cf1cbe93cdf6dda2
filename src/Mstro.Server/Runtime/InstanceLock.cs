using Mstro.Protocol.Runtime;

namespace Mstro.Server.Runtime;

/// <summary>One mstro server per user: an exclusive lock on <c>~/.mstro/server.lock</c>, held for the server's
/// lifetime. The OS drops it when the process dies, so a crash never leaves a lock behind (the runtime file it may
/// leave is recognised as stale by its dead pid).</summary>
internal sealed class InstanceLock : IDisposable
{
    private readonly FileStream _stream;

    private InstanceLock(FileStream stream) => _stream = stream;

    /// <summary>The lock, or null when another process holds it.</summary>
    public static InstanceLock? TryAcquire(string mstroDirectory)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.OpenOrCreate,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None, // flock(LOCK_EX | LOCK_NB) on Unix
        };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = PrivateFiles.FileMode;
        try
        {
            return new InstanceLock(new FileStream(Path.Combine(mstroDirectory, ServerFiles.LockFileName), options));
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose() => _stream.Dispose();
}
