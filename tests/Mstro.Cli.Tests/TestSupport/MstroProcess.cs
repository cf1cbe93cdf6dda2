using System.Diagnostics;

namespace Mstro.Cli.Tests.TestSupport;

public sealed record ProcessRun(int ExitCode, byte[] Stdout, string Stderr)
{
    public string StdoutText => System.Text.Encoding.UTF8.GetString(Stdout);
}

/// <summary>Starts the real, built executables: <c>mstro</c> and the hook binary <c>mstro-hook</c> (what Claude Code
/// runs), from the apphosts next to this test assembly (copied there by the project references), or from
/// <c>MSTRO_EXE</c> / <c>MSTRO_HOOK_EXE</c> when set (e.g. the NativeAOT build <c>.ci/run</c> publishes). Arguments go
/// through ArgumentList, never a shell string.</summary>
public static class MstroProcess
{
    public static string Executable => Locate("MSTRO_EXE", "mstro");

    public static string HookExecutable => Locate("MSTRO_HOOK_EXE", "mstro-hook");

    private static string Locate(string variable, string name)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(variable);
        var path = string.IsNullOrEmpty(fromEnvironment) ? Path.Join(AppContext.BaseDirectory, name) : fromEnvironment;
        Assert.True(File.Exists(path), $"the {name} executable exists at {path}");
        return path;
    }

    public static ProcessRun Run(TempHome home, byte[]? stdin, params string[] arguments) =>
        Run(home, stdin, TimeSpan.FromSeconds(60), arguments);

    public static ProcessRun Run(TempHome home, byte[]? stdin, TimeSpan timeout, params string[] arguments) =>
        Start(Executable, home, stdin, timeout, arguments);

    /// <summary>Runs the hook binary exactly as Claude Code does: no arguments, the payload on stdin.</summary>
    public static ProcessRun RunHook(TempHome home, byte[]? stdin) => Start(HookExecutable, home, stdin, TimeSpan.FromSeconds(60), []);

    private static ProcessRun Start(string executable, TempHome home, byte[]? stdin, TimeSpan timeout, string[] arguments)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = home.Project,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var name in new[] { "CLAUDE_CONFIG_DIR", "CLAUDE_PROJECT_DIR", "TMPDIR", "MSTRO_EXE", "MSTRO_HOOK_EXE" }) start.Environment.Remove(name);
        foreach (var (name, value) in home.Variables)
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = new MemoryStream();
        var copyOut = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var readErr = process.StandardError.ReadToEndAsync();
        var feed = Task.Run(() =>
        {
            try
            {
                if (stdin is not null) process.StandardInput.BaseStream.Write(stdin);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The process stopped reading: what it answered is what the test checks.
            }
        });
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{Path.GetFileName(executable)} {string.Join(' ', arguments)} did not finish within {timeout}");
        }
        process.WaitForExit();
        Task.WaitAll(copyOut, readErr, feed);
        return new ProcessRun(process.ExitCode, stdout.ToArray(), readErr.Result);
    }
}
