namespace Mstro.Bouncer.Analysis.Programs;

/// <summary>Persistence (crontab, at), accounts and privileges, miners, and the two programs mstro protects itself
/// from being driven through: <c>mstro</c> and the <c>claude</c> CLI.</summary>
internal static class SystemCommands
{
    private static readonly string[] Miners =
    [
        "xmrig", "xmrig-cuda", "xmrig-amd", "xmr-stak", "xmr-stak-rx", "minerd", "cpuminer", "cpuminer-opt", "cpuminer-multi",
        "ccminer", "ethminer", "t-rex", "nbminer", "lolminer", "phoenixminer", "teamredminer", "gminer", "nanominer",
        "srbminer", "srbminer-multi", "bfgminer", "cgminer", "nheqminer", "claymore", "ethdcrminer64", "kawpowminer",
    ];

    public static bool IsMiner(string name) => Array.IndexOf(Miners, name) >= 0;

    public static void Register(ProgramTable table)
    {
        table["crontab"] = Crontab;
        table["at"] = At;
        table["batch"] = At;
        table["mstro"] = Mstro;
        table["claude"] = Claude;
        foreach (var miner in Miners)
            table[miner] = c => c.Add(EffectKind.Mine, detail: c.Invocation.Program);
        table["visudo"] = c =>
        {
            c.PathsHandled = true;
            c.Add(EffectKind.Privilege, detail: "sudoers");
            c.AddAbsolute(EffectKind.Write, "/etc/sudoers");
        };
        foreach (var name in new[] { "usermod", "useradd", "adduser", "gpasswd", "passwd", "chpasswd", "groupadd",
                     "groupmod", "dscl", "dseditgroup", "sysadminctl", "chsh", "newgrp" })
            table[name] = c =>
            {
                c.PathsHandled = true;
                c.Add(EffectKind.Privilege, detail: AccountChange(c.Args));
            };
        table["setcap"] = SetCapabilities;
        foreach (var name in new[] { "update-rc.d", "chkconfig", "rc-update", "systemd-sysv-install" })
            table[name] = c =>
            {
                c.PathsHandled = true;
                if (c.Args.Skip(1).Any(a => a.Value is "enable" or "defaults" or "on" or "add"))
                    c.Add(EffectKind.Persistence, detail: "init");
            };
        table["defaults"] = Defaults;
    }

    /// <summary>Groups whose members become root (sudo, wheel, admin) or are root.</summary>
    private static readonly string[] AdministratorGroups = ["sudo", "wheel", "admin", "root", "0"];

    /// <summary>"root-account" for an account with uid 0 or a duplicated uid (<c>useradd -o -u 0</c>), "admin-group" for
    /// joining an administrators' group (<c>usermod -aG sudo</c>, <c>gpasswd -a u wheel</c>, <c>adduser u sudo</c>,
    /// <c>dseditgroup … admin</c>, <c>sysadminctl -admin</c>), else "accounts".</summary>
    internal static string AccountChange(Arg[] args)
    {
        var program = args[0].Value;
        var userTool = program.EndsWith("useradd", StringComparison.Ordinal) || program.EndsWith("usermod", StringComparison.Ordinal)
                       || program.EndsWith("adduser", StringComparison.Ordinal);
        var groupsNext = false;
        for (var i = 1; i < args.Length; i++)
        {
            var value = args[i].Value;
            if (userTool && value is "-o" or "--non-unique") return "root-account";
            if (userTool && (value is "-u" or "--uid" && i + 1 < args.Length && IsZero(args[i + 1].Value)
                || value.StartsWith("--uid=", StringComparison.Ordinal) && IsZero(value[6..])))
                return "root-account";
            if (value is "-admin" || value.StartsWith("/Groups/", StringComparison.Ordinal) && IsAdministratorGroup(value[8..]))
                return "admin-group";
            // -G/--groups/-aG/-g/--gid and gpasswd -a/-M take group lists; the group itself is a later operand for
            // gpasswd, adduser and dseditgroup.
            if (groupsNext && IsGroupList(value)) return "admin-group";
            groupsNext = value is "-G" or "--groups" or "-g" or "--gid" or "--append-groups"
                         || value.Length > 1 && value[0] == '-' && value[1] != '-' && value.EndsWith('G');
            if (value.StartsWith("--groups=", StringComparison.Ordinal) && IsGroupList(value[9..])) return "admin-group";
        }
        // gpasswd -a user GROUP, adduser user GROUP, dseditgroup -o edit -a user -t user GROUP: the last operand.
        if (program.EndsWith("gpasswd", StringComparison.Ordinal) || program.EndsWith("adduser", StringComparison.Ordinal)
            || program.EndsWith("dseditgroup", StringComparison.Ordinal))
        {
            var last = args.Length > 2 ? args[^1].Value : "";
            if (!last.StartsWith('-') && IsAdministratorGroup(last)) return "admin-group";
        }
        return "accounts";
    }

    private static bool IsZero(string value) => value.Length > 0 && !value.AsSpan().ContainsAnyExcept('0');

    private static bool IsGroupList(string value)
    {
        foreach (var group in value.Split(','))
            if (IsAdministratorGroup(group)) return true;
        return false;
    }

    private static bool IsAdministratorGroup(string group) => Array.IndexOf(AdministratorGroups, group) >= 0;

    /// <summary><c>setcap CAPS FILE...</c>: Detail "capabilities CAPS" (lower case), so rules can tell
    /// <c>cap_net_bind_service</c> from <c>cap_setuid</c> or all of them (<c>=ep</c>).</summary>
    private static void SetCapabilities(CommandContext c)
    {
        c.PathsHandled = true;
        string? capabilities = null;
        for (var i = 1; i < c.Args.Length; i++)
        {
            var value = c.Args[i].Value;
            if (value == "-r")
            {
                capabilities = "-r";
                continue;
            }
            if (value == "-n")
            {
                i++;
                continue;
            }
            if (value.StartsWith('-') && capabilities is null) continue;
            if (capabilities is null) capabilities = value.ToLowerInvariant();
            else c.AddPath(EffectKind.Read, c.Args[i]);
        }
        c.Add(EffectKind.Privilege, detail: capabilities is null ? "capabilities" : "capabilities " + capabilities);
    }

    /// <summary>crontab FILE / - / -e / -r install or change the user's cron table; -l only lists it. The jobs of a
    /// table read from stdin, or from a file this call wrote, are analysed as what will run later (Deferred).</summary>
    private static void Crontab(CommandContext c)
    {
        c.PathsHandled = true;
        var list = false;
        string? table = null;
        var fromStdin = true;
        for (var i = 1; i < c.Args.Length; i++)
        {
            var value = c.Args[i].Value;
            if (value == "-u")
            {
                i++;
                continue;
            }
            if (value == "-l") list = true;
            else if (value is "-e" or "-r") fromStdin = false;
            else if (!value.StartsWith('-'))
            {
                c.AddPath(EffectKind.Read, c.Args[i]);
                table = c.Analysis.ContentWritten(c.PathOf(c.Args[i]).Path);
                fromStdin = false;
            }
        }
        if (list) return;
        c.Add(EffectKind.Persistence, detail: "crontab");
        if (fromStdin) table = c.Stdin.KnownText;
        if (table is not null) c.Analysis.RunDeferred(PersistedContent.CronCommands(table, userField: false), c.Scope);
    }

    /// <summary><c>at TIME</c> reads a job from stdin (or -f file) and runs it later.</summary>
    private static void At(CommandContext c)
    {
        c.PathsHandled = true;
        for (var i = 1; i < c.Args.Length; i++)
        {
            var value = c.Args[i].Value;
            if (value is "-l" or "-r" or "-d" or "-c") return;
            if (value == "-f" && i + 1 < c.Args.Length) c.AddPath(EffectKind.Read, c.Args[++i]);
        }
        c.Add(EffectKind.Persistence, detail: "at");
        if (c.Stdin.KnownText is { } job) c.Analysis.RunDeferred(job, c.Scope);
    }

    private static void Mstro(CommandContext c)
    {
        c.PathsHandled = true;
        string? subcommand = null;
        foreach (var arg in c.Args.AsSpan(1))
        {
            if (arg.Value.StartsWith('-')) continue;
            subcommand = arg.Value;
            break;
        }
        c.Add(EffectKind.RunMstro, detail: subcommand);
    }

    /// <summary>The claude CLI: config/mcp changes, permission bypasses, settings overrides.</summary>
    private static void Claude(CommandContext c)
    {
        c.PathsHandled = true;
        var args = c.Args;
        string? first = null;
        for (var i = 1; i < args.Length; i++)
        {
            var value = args[i].Value;
            if (value is "--dangerously-skip-permissions" or "--allow-dangerously-skip-permissions")
                c.Add(EffectKind.ConfigureClaude, detail: "dangerously-skip-permissions");
            else if (value is "--permission-mode" && i + 1 < args.Length)
                PermissionMode(c, args[++i].Value);
            else if (value.StartsWith("--permission-mode=", StringComparison.Ordinal))
                PermissionMode(c, value["--permission-mode=".Length..]);
            else if (value is "--settings" or "--mcp-config" or "--plugin-dir" or "--add-dir" or "--allowedTools"
                or "--allowed-tools" or "--dangerously-load-development-channels")
            {
                c.Add(EffectKind.ConfigureClaude, detail: value.TrimStart('-'));
                i++;
            }
            else if (!value.StartsWith('-') && first is null)
            {
                first = value;
                if (value is "config" or "mcp" or "plugin" or "plugins" or "permissions" or "hooks" or "settings")
                {
                    var sub = i + 1 < args.Length && !args[i + 1].Value.StartsWith('-') ? " " + args[i + 1].Value : "";
                    if (value == "mcp" && sub is " list" or " get" or " serve") return;
                    if (value == "config" && sub is " list" or " get") return;
                    c.Add(EffectKind.ConfigureClaude, detail: value + sub);
                    return;
                }
            }
        }
    }

    private static void PermissionMode(CommandContext c, string mode)
    {
        if (mode.Equals("bypassPermissions", StringComparison.OrdinalIgnoreCase) || mode.Equals("bypass", StringComparison.OrdinalIgnoreCase))
            c.Add(EffectKind.ConfigureClaude, detail: "bypass-permissions");
    }

    /// <summary>macOS defaults: login hooks run at every login.</summary>
    private static void Defaults(CommandContext c)
    {
        c.PathsHandled = true;
        if (c.Args.Any(a => a.Value is "LoginHook" or "LogoutHook"))
            c.Add(EffectKind.Persistence, detail: "login-hook");
    }
}
