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
                if (simple.Words.Length == 0 || simple.Words[0].LiteralValue != name) return false;
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
                if (Visit(command, name, commands.Length > 1, background, ref calls, depth + 1)) return true;
            }
        }
        return false;
    }
}

/// <summary>Recognises endless loops that start a background process on every pass with nothing in the foreground that
/// waits: <c>while true; do (sleep 999 &amp;); done</c> floods the process table like a fork bomb. A restart loop
/// (<c>while true; do npm run dev; sleep 1; done</c>) or a loop that waits (<c>x &amp; wait</c>, <c>x &amp; sleep 5</c>) does not.</summary>
internal static class ProcessFloods
{
    private const int MaxDepth = 4;

    /// <summary>Builtins that return at once: a loop of only these and background jobs never slows down.</summary>
    private static readonly string[] Instant =
        ["true", ":", "echo", "printf", "let", "test", "[", "export", "local", "declare", "set", "shift", "false", "disown", "unset"];

    public static bool IsProcessFlood(Compound loop)
    {
        Script body;
        switch (loop.Kind)
        {
            case CompoundKind.While when loop.Bodies.Length == 2 && IsConstant(loop.Bodies[0], true):
            case CompoundKind.Until when loop.Bodies.Length == 2 && IsConstant(loop.Bodies[0], false):
                body = loop.Bodies[1];
                break;
            case CompoundKind.For when loop.Bodies.Length == 1 && loop.Header.Length == 1 && IsEndlessArithmetic(loop.Header[0]):
                body = loop.Bodies[0];
                break;
            default:
                return false;
        }
        return Launches(body, 0) && !Waits(body, 0);
    }

    /// <summary><c>true</c>, <c>:</c>, <c>[ 1 ]</c>, <c>((1))</c> (or <c>false</c> for until).</summary>
    private static bool IsConstant(Script condition, bool value)
    {
        if (condition.Statements is not [{ Background: false, Pipeline: { Negated: false, Commands: [var command] } }]) return false;
        if (command is Compound { Kind: CompoundKind.Arithmetic, Header: [var expression] })
            return expression.LiteralValue?.Trim() is { } number && (number is "1" or "true") == value;
        if (command is not SimpleCommand { Words.Length: > 0 } simple) return false;
        var words = simple.Words;
        var program = words[0].LiteralValue;
        if (value)
        {
            if (words.Length == 1) return program is "true" or ":" or "/bin/true" or "/usr/bin/true";
            return program == "[" && words.Length == 3 && words[2].LiteralValue == "]" && words[1].LiteralValue is { Length: > 0 }
                || program == "test" && words.Length == 2 && words[1].LiteralValue is { Length: > 0 };
        }
        return words.Length == 1 && program is "false" or "/bin/false" or "/usr/bin/false";
    }

    /// <summary><c>for ((;;))</c> and <c>for ((i=0;;i++))</c>: no condition.</summary>
    private static bool IsEndlessArithmetic(Word header)
    {
        if (header.LiteralValue is not { } text) return false;
        var first = text.IndexOf(';', StringComparison.Ordinal);
        var second = first < 0 ? -1 : text.IndexOf(';', first + 1);
        return second > first && text.AsSpan(first + 1, second - first - 1).Trim().IsEmpty;
    }

    /// <summary>A statement of the body goes to the background: <c>x &amp;</c>, or <c>(x &amp;)</c> / <c>{ x &amp; }</c> that
    /// return at once.</summary>
    private static bool Launches(Script script, int depth)
    {
        if (depth > MaxDepth) return false;
        foreach (var statement in script.Statements)
        {
            if (statement.Background) return true;
            foreach (var command in statement.Pipeline.Commands)
            {
                if (BodyOf(command) is { } inner && Launches(inner, depth + 1)) return true;
            }
        }
        return false;
    }

    private static Script? BodyOf(Command command) => command switch
    {
        Subshell subshell => subshell.Body,
        Group group => group.Body,
        _ => null,
    };

    /// <summary>Something in the foreground takes time: <c>wait</c>, any program but an instant builtin, a compound.</summary>
    private static bool Waits(Script script, int depth)
    {
        if (depth > MaxDepth) return true;
        foreach (var statement in script.Statements)
        {
            if (statement.Background) continue;
            foreach (var command in statement.Pipeline.Commands)
            {
                switch (command)
                {
                    case SimpleCommand { Words.Length: 0 }:
                        continue;
                    case SimpleCommand simple:
                        if (simple.Words[0].LiteralValue is not { } program || Array.IndexOf(Instant, program) < 0) return true;
                        continue;
                    case Subshell or Group:
                        if (Waits(BodyOf(command)!, depth + 1)) return true;
                        continue;
                    case Compound { Kind: CompoundKind.Arithmetic }:
                        continue;
                    default:
                        return true;
                }
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
