using System.Runtime.InteropServices;

namespace Mstro.Protocol.Runtime;

/// <summary>Is a process alive? <c>kill(pid, 0)</c>: portable to macOS and Linux (no <c>/proc</c>), no allocation.</summary>
public static partial class ProcessProbe
{
    private const int NoSuchProcess = 3; // ESRCH, the same value on Linux and macOS.

    public static bool IsAlive(int pid)
    {
        if (pid <= 0) return false;
        if (OperatingSystem.IsWindows())
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                return !process.HasExited;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }
        if (Kill(pid, 0) == 0) return true;
        // EPERM means the process exists but belongs to someone else: alive.
        return Marshal.GetLastPInvokeError() != NoSuchProcess;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int Kill(int pid, int signal);
}
