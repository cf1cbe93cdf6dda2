using System.Runtime.InteropServices;

namespace Mstro.Bouncer.Analysis.Programs;

/// <summary>Adds a program's effects for one invocation.</summary>
internal delegate void ProgramHandler(CommandContext command);

/// <summary>Program name → semantics. One table, so a reader finds every program the analysis understands here;
/// the handlers live by area (files, network, git, packages, shells, processes, system).</summary>
internal static class ProgramCatalog
{
    /// <summary>GNU tools installed with a g prefix (macOS Homebrew), and other second names.</summary>
    private static readonly (string Alias, string Program)[] Aliases =
    [
        ("gsed", "sed"), ("gawk", "awk"), ("mawk", "awk"), ("nawk", "awk"), ("gfind", "find"), ("gxargs", "xargs"),
        ("gtar", "tar"), ("bsdtar", "tar"), ("grm", "rm"), ("gcp", "cp"), ("gmv", "mv"), ("gshred", "shred"),
        ("gdd", "dd"), ("gtimeout", "timeout"), ("gstdbuf", "stdbuf"), ("genv", "env"), ("gchmod", "chmod"),
        ("gchown", "chown"), ("gln", "ln"), ("gtee", "tee"), ("gtruncate", "truncate"), ("ginstall", "install"),
        ("gnice", "nice"), ("gnohup", "nohup"), ("gbase64", "base64"), ("gxxd", "xxd"), ("grealpath", "realpath"),
        ("gtouch", "touch"), ("gmkdir", "mkdir"), ("gcat", "cat"), ("ghead", "head"), ("gtail", "tail"),
        ("nodejs", "node"), ("pypy", "python"), ("pypy3", "python"), ("ncat", "nc"), ("netcat", "nc"),
        ("sudoedit", "sudoedit"), ("egrep", "grep"), ("fgrep", "grep"), ("zgrep", "grep"), ("rgrep", "grep"),
        ("batcat", "bat"), ("python2", "python"), ("python3", "python"), ("pip2", "pip"), ("pip3", "pip"),
        ("mksh", "ksh"), ("posh", "sh"), ("ash", "sh"), ("yash", "sh"), ("busybox", "busybox"),
        ("apt-get", "apt"), ("aptitude", "apt"), ("yum", "dnf"), ("microdnf", "dnf"), ("pkexec", "pkexec"),
        ("poweroff", "shutdown"), ("halt", "shutdown"), ("reboot", "shutdown"), ("telinit", "init"),
        ("mke2fs", "mkfs"), ("mkswap", "mkfs"), ("newfs", "mkfs"), ("wipefs", "wipefs"), ("cfdisk", "fdisk"),
        ("gdisk", "fdisk"), ("sfdisk", "fdisk"), ("sgdisk", "sgdisk"), ("pnpx", "npx"), ("bunx", "npx"),
        ("killall5", "killall5"), ("powershell", "pwsh"), ("powershell.exe", "pwsh"), ("pwsh.exe", "pwsh"),
        ("luajit", "lua"), ("lua5.1", "lua"), ("lua5.3", "lua"), ("lua5.4", "lua"), ("R", "Rscript"),
        ("irb", "ruby"), ("proxychains4", "proxychains"), ("torify", "torsocks"),
    ];

    /// <summary>Programs whose arguments are text, patterns or code rather than things they act on: a search for
    /// "169.254.169.254" or an echoed "/dev/tcp/..." is not a connection. (Code given to interpreters is scanned by
    /// the inline-code scanner; text piped to a shell is analysed when it runs.)</summary>
    private static readonly string[] DataArgumentPrograms =
    [
        "grep", "rg", "ag", "ack", "git", "echo", "printf", "sed", "jq", "yq", "tr", "test", "[", "expr", "comm", "diff",
        "wc", "sort", "python", "node", "deno", "bun", "perl", "ruby", "php", "lua", "osascript", "Rscript", "awk",
        "read", "export", "declare", "typeset", "local", "readonly", "alias", "history", "cut", "column", "fold",
    ];

    /// <summary>Every name the catalog knows, second names included, with what it knows of each (built last: it reads
    /// the tables above).</summary>
    private static readonly Dictionary<string, KnownProgram> Programs = Build();

    /// <summary>Everything the catalog knows of the program named <paramref name="name"/> (a base name as written), found
    /// with one lookup for a name the catalog lists.</summary>
    public static KnownProgram Find(string name)
    {
        if (Programs.TryGetValue(name, out var known)) return known;
        var canonical = CanonicalOfVersioned(name);
        if (canonical is not null && Programs.TryGetValue(canonical, out known) && known.Name == canonical) return known;
        return new KnownProgram(canonical ?? name, null, ProgramTraits.None);
    }

    /// <summary>The catalog's name for a program: <c>python3.12</c> → <c>python</c>, <c>mkfs.ext4</c> → <c>mkfs</c>.</summary>
    public static string Canonical(string name) => Find(name).Name;

    /// <summary>The canonical name of a versioned or suffixed spelling the table cannot list (<c>python3.12</c>,
    /// <c>mkfs.ext4</c>), or null.</summary>
    private static string? CanonicalOfVersioned(string name)
    {
        if (name.StartsWith("mkfs.", StringComparison.Ordinal) || name.StartsWith("mkfs_", StringComparison.Ordinal)) return "mkfs";
        if (name.StartsWith("python", StringComparison.Ordinal) && IsVersionSuffix(name.AsSpan(6))) return "python";
        if (name.StartsWith("pip", StringComparison.Ordinal) && IsVersionSuffix(name.AsSpan(3))) return "pip";
        if (name.StartsWith("ruby", StringComparison.Ordinal) && IsVersionSuffix(name.AsSpan(4))) return "ruby";
        if (name.StartsWith("perl", StringComparison.Ordinal) && IsVersionSuffix(name.AsSpan(4))) return "perl";
        if (name.StartsWith("php", StringComparison.Ordinal) && IsVersionSuffix(name.AsSpan(3))) return "php";
        if (name.StartsWith("node", StringComparison.Ordinal) && IsVersionSuffix(name.AsSpan(4))) return "node";
        return null;
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

    private static Dictionary<string, KnownProgram> Build()
    {
        // Sized for the ~450 programs known plus their second names, so that building the table (on every hook call)
        // never rehashes it.
        var programs = new Dictionary<string, KnownProgram>(640, StringComparer.Ordinal);
        var table = new ProgramTable(programs);
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

        foreach (var name in DataArgumentPrograms) table.AddTraits(name, ProgramTraits.DataArguments);
        foreach (var name in ShellSetup.Generators.Keys) table.AddTraits(name, ProgramTraits.PrintsShellSetup);
        // A second name stands for its program (handler and traits), unless a handler of its own is registered.
        foreach (var (alias, target) in Aliases)
        {
            if (programs.TryGetValue(alias, out var own) && own.Handler is not null) continue;
            programs[alias] = programs.TryGetValue(target, out var known) && known.Name == target
                ? known
                : new KnownProgram(target, null, ProgramTraits.None);
        }
        return programs;
    }
}

/// <summary>What the catalog knows of a program: its canonical <paramref name="Name"/>, the handler that adds its
/// effects (null: none, only the generic argument reading), and its traits.</summary>
internal readonly record struct KnownProgram(string Name, ProgramHandler? Handler, ProgramTraits Traits)
{
    public bool TakesDataArguments => (Traits & ProgramTraits.DataArguments) != 0;

    public bool MayPrintShellSetup => (Traits & ProgramTraits.PrintsShellSetup) != 0;
}

[Flags]
internal enum ProgramTraits : byte
{
    None = 0,
    /// <summary>Its arguments are text, patterns or code (see <see cref="ProgramCatalog"/>'s data-argument programs).</summary>
    DataArguments = 1 << 0,
    /// <summary>Some invocations print shell setup code (see <see cref="ShellSetup"/>).</summary>
    PrintsShellSetup = 1 << 1,
}

/// <summary>The catalog's table as the program areas fill it: <c>table["rm"] = Remove;</c>.</summary>
internal sealed class ProgramTable(Dictionary<string, KnownProgram> programs)
{
    public ProgramHandler this[string name]
    {
        get => programs[name].Handler!;
        set => programs[name] = new KnownProgram(name, value, ProgramTraits.None);
    }

    public bool TryAdd(string name, ProgramHandler handler) =>
        programs.TryAdd(name, new KnownProgram(name, handler, ProgramTraits.None));

    public void AddTraits(string name, ProgramTraits traits)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(programs, name, out var exists);
        entry = exists ? entry with { Traits = entry.Traits | traits } : new KnownProgram(name, null, traits);
    }
}
