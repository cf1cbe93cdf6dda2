using System.Diagnostics;

namespace Mstro.Server.Tests.Support;

/// <summary>Real processes for pid checks: a pid that is certainly dead, a process that is certainly alive.</summary>
public static class Processes
{
    /// <summary>The pid of a process that has exited (and been reaped).</summary>
    public static int DeadPid()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }

    /// <summary>A live process (sleep) that the caller kills when done.</summary>
    public static Process Sleeper()
    {
        var info = new ProcessStartInfo("sleep") { UseShellExecute = false };
        info.ArgumentList.Add("60");
        return Process.Start(info)!;
    }

    public static string MstroExecutable => Path.Combine(AppContext.BaseDirectory, "mstro");

    /// <summary>The hook binary Claude Code runs (the apphost next to the tests, or MSTRO_HOOK_EXE, e.g. NativeAOT).</summary>
    public static string HookExecutable =>
        Environment.GetEnvironmentVariable("MSTRO_HOOK_EXE") is { Length: > 0 } path ? path : Path.Combine(AppContext.BaseDirectory, "mstro-hook");

    /// <summary>Starts the real hook binary, with no arguments as Claude Code does, HOME set to <paramref name="home"/>.</summary>
    public static Process StartHook(string home) => Start(HookExecutable, home, []);

    /// <summary>Starts the real <c>mstro</c> executable with HOME set to <paramref name="home"/>.</summary>
    public static Process StartMstro(string home, params string[] arguments) => Start(MstroExecutable, home, arguments);

    private static Process Start(string executable, string home, string[] arguments)
    {
        var info = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        info.Environment["HOME"] = home;
        info.Environment["DOTNET_NOLOGO"] = "1";
        return Process.Start(info)!;
    }

    /// <summary>Sends a signal (SIGTERM = 15, SIGINT = 2) with the real kill(1).</summary>
    public static void Signal(int pid, int signal)
    {
        var info = new ProcessStartInfo("kill") { UseShellExecute = false };
        info.ArgumentList.Add($"-{signal}");
        info.ArgumentList.Add(pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var kill = Process.Start(info)!;
        kill.WaitForExit();
    }
}
