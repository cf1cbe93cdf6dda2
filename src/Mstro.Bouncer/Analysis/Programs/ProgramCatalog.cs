
namespace Mstro.Bouncer.Analysis.Programs;

/// <summary>Adds a program's effects for one invocation.</summary>
internal delegate void ProgramHandler(CommandContext command);

/// <summary>Program name → semantics. One table, so a reader finds every program the analysis understands here;
/// the handlers live by area (files, network, git, packages, shells, processes, system).</summary>
internal static class ProgramCatalog
{
    private static readonly Dictionary<string, ProgramHandler> Handlers = Build();

    /// <summary>GNU tools installed with a g prefix (macOS Homebrew), and other second names.</summary>
    private static readonly Dictionary<string, string> Aliases = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["gsed"] = "sed", ["gawk"] = "awk", ["mawk"] = "awk", ["nawk"] = "awk", ["gfind"] = "find", ["gxargs"] = "xargs",
        ["gtar"] = "tar", ["bsdtar"] = "tar", ["grm"] = "rm", ["gcp"] = "cp", ["gmv"] = "mv", ["gshred"] = "shred",
        ["gdd"] = "dd", ["gtimeout"] = "timeout", ["gstdbuf"] = "stdbuf", ["genv"] = "env", ["gchmod"] = "chmod",
        ["gchown"] = "chown", ["gln"] = "ln", ["gtee"] = "tee", ["gtruncate"] = "truncate", ["ginstall"] = "install",
        ["gnice"] = "nice", ["gnohup"] = "nohup", ["gbase64"] = "base64", ["gxxd"] = "xxd", ["grealpath"] = "realpath",
        ["gtouch"] = "touch", ["gmkdir"] = "mkdir", ["gcat"] = "cat", ["ghead"] = "head", ["gtail"] = "tail",
        ["nodejs"] = "node", ["pypy"] = "python", ["pypy3"] = "python", ["ncat"] = "nc", ["netcat"] = "nc",
        ["sudoedit"] = "sudoedit", ["egrep"] = "grep", ["fgrep"] = "grep", ["zgrep"] = "grep", ["rgrep"] = "grep",
        ["batcat"] = "bat", ["python2"] = "python", ["python3"] = "python", ["pip2"] = "pip", ["pip3"] = "pip",
        ["mksh"] = "ksh", ["posh"] = "sh", ["ash"] = "sh", ["yash"] = "sh", ["busybox"] = "busybox",
        ["apt-get"] = "apt", ["aptitude"] = "apt", ["yum"] = "dnf", ["microdnf"] = "dnf", ["pkexec"] = "pkexec",
        ["poweroff"] = "shutdown", ["halt"] = "shutdown", ["reboot"] = "shutdown", ["telinit"] = "init",
        ["mke2fs"] = "mkfs", ["mkswap"] = "mkfs", ["newfs"] = "mkfs", ["wipefs"] = "wipefs", ["cfdisk"] = "fdisk",
        ["gdisk"] = "fdisk", ["sfdisk"] = "fdisk", ["sgdisk"] = "sgdisk", ["pnpx"] = "npx", ["bunx"] = "npx",
        ["killall5"] = "killall5", ["powershell"] = "pwsh", ["powershell.exe"] = "pwsh", ["pwsh.exe"] = "pwsh",
        ["luajit"] = "lua", ["lua5.1"] = "lua", ["lua5.3"] = "lua", ["lua5.4"] = "lua", ["R"] = "Rscript",
        ["irb"] = "ruby", ["proxychains4"] = "proxychains", ["torify"] = "torsocks",
    };

    /// <summary>Programs whose arguments are text, patterns or code rather than things they act on: a search for
    /// "169.254.169.254" or an echoed "/dev/tcp/..." is not a connection. (Code given to interpreters is scanned by
    /// the inline-code scanner; text piped to a shell is analysed when it runs.)</summary>
    private static readonly HashSet<string> DataArgumentPrograms = new[]
    {
        "grep", "rg", "ag", "ack", "git", "echo", "printf", "sed", "jq", "yq", "tr", "test", "[", "expr", "comm", "diff",
        "wc", "sort", "python", "node", "deno", "bun", "perl", "ruby", "php", "lua", "osascript", "Rscript", "awk",
        "read", "export", "declare", "typeset", "local", "readonly", "alias", "history", "cut", "column", "fold",
    }.ToHashSet(StringComparer.Ordinal);

    public static bool TakesDataArguments(string canonicalName) => DataArgumentPrograms.Contains(canonicalName);

    public static bool TryGet(string canonicalName, out ProgramHandler handler) =>
        Handlers.TryGetValue(canonicalName, out handler!);

    /// <summary>The catalog's name for a program: <c>python3.12</c> → <c>python</c>, <c>mkfs.ext4</c> → <c>mkfs</c>.</summary>
    public static string Canonical(string name)
    {
        if (Handlers.ContainsKey(name)) return name;
        if (Aliases.TryGetValue(name, out var alias)) return alias;
        if (name.StartsWith("mkfs.", StringComparison.Ordinal) || name.StartsWith("mkfs_", StringComparison.Ordinal)) return "mkfs";
        if (name.StartsWith("python", StringComparison.Ordinal) && IsVersionSuffix(name.AsSpan(6))) return "python";
        if (name.StartsWith("pip", StringComparison.Ordinal) && IsVersionSuffix(name.AsSpan(3))) return "pip";
        if (name.StartsWith("ruby", StringComparison.Ordinal) && IsVersionSuffix(name.AsSpan(4))) return "ruby";
        if (name.StartsWith("perl", StringComparison.Ordinal) && IsVersionSuffix(name.AsSpan(4))) return "perl";
        if (name.StartsWith("php", StringComparison.Ordinal) && IsVersionSuffix(name.AsSpan(3))) return "php";
        if (name.StartsWith("node", StringComparison.Ordinal) && IsVersionSuffix(name.AsSpan(4))) return "node";
        return name;
    }

    private static bool IsVersionSuffix(ReadOnlySpan<char> suffix)
    {
        if (suffix.IsEmpty || !char.IsAsciiDigit(suffix[0])) return false;
        foreach (var c in suffix)
        {
            if (!char.IsAsciiDigit(c) && c != '.') return false;
        }
        return true;
    }

    private static Dictionary<string, ProgramHandler> Build()
    {
        // Sized for the ~450 programs known, so that building the table (on every hook call) never rehashes it.
        var table = new Dictionary<string, ProgramHandler>(512, StringComparer.Ordinal);
        Wrappers.Register(table);
        Shells.Register(table);
        TextCommands.Register(table);
        FileCommands.Register(table);
        DiskCommands.Register(table);
        ProcessCommands.Register(table);
        NetworkCommands.Register(table);
        GitCommand.Register(table);
        PackageManagers.Register(table);
        SystemCommands.Register(table);
        Containers.Register(table);
        SecretTools.Register(table);
        CommandRunners.Register(table);
        Compilers.Register(table);
        return table;
    }
}
