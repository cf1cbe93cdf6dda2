using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Mstro.Server.Approvers;

/// <summary>Who is at the other end of a Unix-domain socket, as the kernel says (no credential the caller presents):
/// its pid and uid (<c>SO_PEERCRED</c> on Linux; <c>LOCAL_PEERPID</c> and <c>getpeereid</c> on macOS), its session id
/// (<c>getsid</c>, POSIX) and that session's leader (its start time tells a live session from a reused number).</summary>
internal static partial class PeerCredentials
{
    private const int LinuxSolSocket = 1;
    private const int LinuxSoPeerCred = 17;
    private const int MacSolLocal = 0;
    private const int MacLocalPeerPid = 2;

    /// <summary>The peer's pid and uid, or null when the socket is not a Unix-domain one or the platform cannot say.</summary>
    public static (int Pid, int Uid)? Of(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (socket.AddressFamily != AddressFamily.Unix) return null;
        var fd = (int)socket.SafeHandle.DangerousGetHandle();
        if (OperatingSystem.IsLinux())
        {
            var credentials = new LinuxUcred();
            var length = Marshal.SizeOf<LinuxUcred>();
            return GetSockOptUcred(fd, LinuxSolSocket, LinuxSoPeerCred, ref credentials, ref length) == 0 && credentials.Pid > 0
                ? (credentials.Pid, credentials.Uid)
                : null;
        }
        if (OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD())
        {
            var pid = 0;
            var length = sizeof(int);
            if (GetSockOptInt(fd, MacSolLocal, MacLocalPeerPid, ref pid, ref length) != 0 || pid <= 0) return null;
            return GetPeerEid(fd, out var uid, out _) == 0 ? (pid, (int)uid) : null;
        }
        return null;
    }

    /// <summary>The session id of <paramref name="pid"/>, or -1.</summary>
    public static int SessionOf(int pid) => pid > 0 ? GetSid(pid) : -1;

    /// <summary>This process's effective uid (Unix); -1 elsewhere.</summary>
    public static int EffectiveUserId() => OperatingSystem.IsWindows() ? -1 : (int)GetEuid();

    /// <summary>When the process <paramref name="pid"/> started (UTC), or null when it does not exist or cannot be read.
    /// Through <see cref="Process"/>: /proc on Linux, proc_pidinfo on macOS.</summary>
    public static DateTime? StartTimeOf(int pid)
    {
        if (pid <= 0) return null;
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.StartTime.ToUniversalTime();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return null;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct LinuxUcred
    {
        public int Pid;
        public int Uid;
        public int Gid;
    }

    [LibraryImport("libc", EntryPoint = "getsockopt", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int GetSockOptUcred(int socket, int level, int name, ref LinuxUcred value, ref int length);

    [LibraryImport("libc", EntryPoint = "getsockopt", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int GetSockOptInt(int socket, int level, int name, ref int value, ref int length);

    [LibraryImport("libc", EntryPoint = "getpeereid", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int GetPeerEid(int socket, out uint uid, out uint gid);

    [LibraryImport("libc", EntryPoint = "getsid", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int GetSid(int pid);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial uint GetEuid();
}
