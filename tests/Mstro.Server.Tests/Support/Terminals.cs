using System.Diagnostics;
using System.Text;

namespace Mstro.Server.Tests.Support;

/// <summary>Real terminal sessions for the approver tests. <see cref="StartInPty"/> runs a script as a person's terminal
/// would: in a new session whose controlling terminal is a fresh pseudo-terminal (through script(1)), so
/// <c>/dev/tty</c> works and every command of the script shares one session. <see cref="StartDetached"/> runs a program
/// as Claude Code runs its hooks and Bash tool: in a session of its own with no controlling terminal.</summary>
public static class Terminals
{
    /// <summary>Starts <c>sh</c> on <paramref name="script"/> in a pseudo-terminal. Values reach the script through
    /// <paramref name="environment"/> (never spliced into the script text). HOME is <paramref name="home"/>.</summary>
    public static Process StartInPty(string home, string script, IReadOnlyDictionary<string, string>? environment = null)
    {
        var file = Path.Combine(home, $"pty-{Guid.NewGuid():N}.sh");
        File.WriteAllText(file, "#!/bin/sh\n" + script + "\n");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var info = new ProcessStartInfo("script")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (OperatingSystem.IsMacOS())
        {
            foreach (var argument in new[] { "-q", "/dev/null", file }) info.ArgumentList.Add(argument);
        }
        else
        {
            foreach (var argument in new[] { "-q", "-e", "-c", file, "/dev/null" }) info.ArgumentList.Add(argument);
        }
        Prepare(info, home, environment);
        return Process.Start(info)!;
    }

    /// <summary>Starts <paramref name="executable"/> in a new session without a controlling terminal (setsid), stdin
    /// empty, as the coding agent's processes run.</summary>
    public static Process StartDetached(string home, string executable, params string[] arguments)
    {
        var info = new ProcessStartInfo("setsid")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add("-w");
        info.ArgumentList.Add(executable);
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        Prepare(info, home, null);
        var process = Process.Start(info)!;
        process.StandardInput.Close();
        return process;
    }

    /// <summary>Reads <paramref name="process"/>'s output until it contains <paramref name="text"/>; returns all read.</summary>
    public static async Task<string> ReadUntilAsync(Process process, StringBuilder seen, string text, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        var buffer = new char[256];
        while (!seen.ToString().Contains(text, StringComparison.Ordinal))
        {
            var read = await process.StandardOutput.ReadAsync(buffer, cancel.Token);
            if (read == 0) throw new Xunit.Sdk.XunitException($"the process ended before printing \"{text}\"; it printed: {seen}");
            seen.Append(buffer, 0, read);
        }
        return seen.ToString();
    }

    private static void Prepare(ProcessStartInfo info, string home, IReadOnlyDictionary<string, string>? environment)
    {
        info.Environment["HOME"] = home;
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["TERM"] = "dumb";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
    }
}
