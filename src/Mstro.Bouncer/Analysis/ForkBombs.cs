using Mstro.Bouncer.Shell;

namespace Mstro.Bouncer.Analysis;

/// <summary>Recognises shell functions that multiply themselves: <c>:(){ :|:&amp; };:</c> under any name.</summary>
internal static class ForkBombs
{
    private const int MaxDepth = 32;

    /// <summary>True when the body calls the function itself in a pipeline, in the background, or more than once.</summary>
    public static bool IsForkBomb(string name, Command body)
    {
        var calls = 0;
        return Visit(body, name, inPipeline: false, inBackground: false, ref calls, 0) || calls >= 2;
    }

    private static bool Visit(Command command, string name, bool inPipeline, bool inBackground, ref int calls, int depth)
    {
        if (depth > MaxDepth) return false;
        switch (command)
        {
            case SimpleCommand simple:
                if (simple.Words.Count == 0 || simple.Words[0].LiteralValue != name) return false;
                calls++;
                return inPipeline || inBackground;
            case Subshell subshell:
                return Visit(subshell.Body, name, inBackground, ref calls, depth + 1);
            case Group group:
                return Visit(group.Body, name, inBackground, ref calls, depth + 1);
            case Compound compound:
                foreach (var body in compound.Bodies)
                {
                    if (Visit(body, name, inBackground, ref calls, depth + 1)) return true;
                }
                return false;
            default:
                return false;
        }
    }

    private static bool Visit(Script script, string name, bool inBackground, ref int calls, int depth)
    {
        foreach (var statement in script.Statements)
        {
            var commands = statement.Pipeline.Commands;
            var background = inBackground || statement.Background;
            foreach (var command in commands)
            {
                if (Visit(command, name, commands.Count > 1, background, ref calls, depth + 1)) return true;
            }
        }
        return false;
    }
}

/// <summary>Device paths: which are raw disks (writing them destroys data) and which are harmless.</summary>
internal static class Devices
{
    private static readonly string[] BlockPrefixes =
    [
        "/dev/sd", "/dev/nvme", "/dev/hd", "/dev/vd", "/dev/xvd", "/dev/mmcblk", "/dev/disk", "/dev/rdisk",
        "/dev/mapper/", "/dev/md", "/dev/dm-", "/dev/mem", "/dev/kmem", "/dev/port",
    ];

    private static readonly string[] Harmless =
    [
        "/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom", "/dev/stdout", "/dev/stderr",
        "/dev/stdin", "/dev/tty", "/dev/console",
    ];

    public static bool IsBlockDevice(string path)
    {
        if (!path.StartsWith("/dev/", StringComparison.Ordinal)) return false;
        foreach (var prefix in BlockPrefixes)
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    public static bool IsHarmless(string path)
    {
        if (!path.StartsWith("/dev/", StringComparison.Ordinal)) return false;
        foreach (var name in Harmless)
        {
            if (path == name) return true;
        }
        return path.StartsWith("/dev/fd/", StringComparison.Ordinal) || path.StartsWith("/dev/pts/", StringComparison.Ordinal)
            || path.StartsWith("/dev/tty", StringComparison.Ordinal);
    }
}
