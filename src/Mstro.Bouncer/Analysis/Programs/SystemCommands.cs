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

    public static void Register(Dictionary<string, ProgramHandler> table)
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
                c.Add(EffectKind.Privilege, detail: "accounts");
            };
        table["setcap"] = c => c.Add(EffectKind.Privilege, detail: "capabilities");
        foreach (var name in new[] { "update-rc.d", "chkconfig", "rc-update", "systemd-sysv-install" })
            table[name] = c =>
            {
                c.PathsHandled = true;
                if (c.Args.Skip(1).Any(a => a.Value is "enable" or "defaults" or "on" or "add"))
                    c.Add(EffectKind.Persistence, detail: "init");
            };
        table["defaults"] = Defaults;
    }

    /// <summary>crontab FILE / - / -e / -r install or change the user's cron table; -l only lists it.</summary>
    private static void Crontab(CommandContext c)
    {
        c.PathsHandled = true;
        var list = false;
        for (var i = 1; i < c.Args.Length; i++)
        {
            var value = c.Args[i].Value;
            if (value == "-u")
            {
                i++;
                continue;
            }
            if (value == "-l") list = true;
            else if (!value.StartsWith('-')) c.AddPath(EffectKind.Read, c.Args[i]);
        }
        if (list) return;
        c.Add(EffectKind.Persistence, detail: "crontab");
        if (c.Stdin.KnownText is { } text) c.RunShellText(CronCommands(text));
    }

    /// <summary>The command parts of crontab lines (after the five time fields or an @keyword).</summary>
    private static string CronCommands(string table)
    {
        var commands = new System.Text.StringBuilder();
        foreach (var raw in table.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#' || line.Contains('=', StringComparison.Ordinal) && !line.Contains(' ', StringComparison.Ordinal)) continue;
            var fields = line.Split([' ', '\t'], line[0] == '@' ? 2 : 6, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == (line[0] == '@' ? 2 : 6)) commands.Append(fields[^1]).Append('\n');
        }
        return commands.ToString();
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
        if (c.Stdin.KnownText is { } job) c.RunShellText(job);
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
