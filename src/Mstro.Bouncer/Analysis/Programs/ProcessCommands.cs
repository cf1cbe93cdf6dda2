namespace Mstro.Bouncer.Analysis.Programs;

/// <summary>Signals, shutdown and service control: kill/pkill/killall (every process, or mstro), shutdown/reboot,
/// systemctl/launchctl (persistence, stopping mstro).</summary>
internal static class ProcessCommands
{
    private static readonly OptionSpec Pkill = new("sugGPtFUn", "signal", "euid", "uid", "group", "pgroup", "parent", "terminal", "pidfile", "ns", "nslist", "session");
    private static readonly OptionSpec Killall = new("suonyr", "signal", "user", "older-than", "younger-than", "context");

    public static void Register(ProgramTable table)
    {
        table["kill"] = Kill;
        table["pkill"] = c => KillByName(c, Pkill);
        table["killall"] = c => KillByName(c, Killall);
        table["killall5"] = c =>
        {
            c.PathsHandled = true;
            c.Add(EffectKind.KillProcesses, detail: "-1", flags: EffectFlags.All);
        };
        table["pgrep"] = c => ProcessLookup(c, Pkill);
        table["pidof"] = c => ProcessLookup(c, OptionSpec.None);
        table["lsof"] = PortLookup;
        table["fuser"] = PortLookup;
        table["shutdown"] = Shutdown;
        table["init"] = c => RunLevel(c);
        table["systemctl"] = Systemctl;
        table["service"] = Service;
        table["loginctl"] = Loginctl;
        table["launchctl"] = Launchctl;
    }

    /// <summary><c>kill [-9|-KILL|-s SIG|-n N] [--] targets</c>; target -1 is every process.</summary>
    private static void Kill(CommandContext c)
    {
        c.PathsHandled = true;
        var args = c.Args;
        var i = 1;
        if (i < args.Length && args[i].Value is "-l" or "-L" or "--list" or "--table") return;
        string? signal = null;
        if (i + 1 < args.Length && args[i].Value is "-s" or "-n" or "--signal")
        {
            signal = args[i + 1].Value;
            i += 2;
        }
        else if (i < args.Length && args[i].Value.Length > 1 && args[i].Value[0] == '-' && args[i].Value != "--")
        {
            signal = args[i].Value[1..];
            i++;
        }
        // Signal 0 only checks that the process exists.
        if (signal is "0") return;
        if (i < args.Length && args[i].Value == "--") i++;

        for (; i < args.Length; i++) Target(c, args[i]);
    }

    private static void Target(CommandContext c, in Arg target)
    {
        var value = target.Value;
        // %1, %+: a job of this shell, started by the same command line.
        if (value.StartsWith('%')) return;
        if (value is "-1")
        {
            c.Add(EffectKind.KillProcesses, detail: "-1", flags: EffectFlags.All);
            return;
        }
        if (target.Source is { Kind: SourceKind.ProcessIds, Text: { } pattern })
        {
            if (NamesMstro(pattern) || IsMstroPort(pattern, c.Environment)) c.Add(EffectKind.StopMstro, detail: pattern);
            c.Add(EffectKind.KillProcesses, detail: pattern, flags: IsEverything(pattern) ? EffectFlags.All : EffectFlags.None);
            return;
        }
        if (target.Source is { Kind: SourceKind.File, Path: { } file } && PathText.IsUnder(file, c.Environment.MstroDir))
            c.Add(EffectKind.StopMstro, path: file);
        c.Add(EffectKind.KillProcesses, detail: value, flags: target.IsUnresolved ? EffectFlags.Unresolved : EffectFlags.None);
    }

    /// <summary>pkill / killall: a pattern (mstro?), or everything a user runs (-u), or a pattern matching all.</summary>
    private static void KillByName(CommandContext c, OptionSpec spec)
    {
        c.PathsHandled = true;
        var byUser = false;
        var patterns = new List<string>();
        var reader = new OptionReader(c.Args, 1, spec);
        while (reader.Next(out var option))
        {
            if (option.Is('u') || option.Is('U') || option.Is("euid") || option.Is("uid") || option.Is("user")) byUser = true;
            else if (option.Kind == OptionKind.Operand && option.Value is { } operand) patterns.Add(operand.Value);
        }
        if (patterns.Count == 0)
        {
            if (byUser) c.Add(EffectKind.KillProcesses, detail: "user", flags: EffectFlags.All);
            return;
        }
        foreach (var pattern in patterns)
        {
            if (NamesMstro(pattern)) c.Add(EffectKind.StopMstro, detail: pattern);
            c.Add(EffectKind.KillProcesses, detail: pattern, flags: IsEverything(pattern) ? EffectFlags.All : EffectFlags.None);
        }
    }

    private static void ProcessLookup(CommandContext c, OptionSpec spec)
    {
        c.PathsHandled = true;
        string? pattern = null;
        var reader = new OptionReader(c.Args, 1, spec);
        while (reader.Next(out var option))
        {
            if (option.Kind == OptionKind.Operand && option.Value is { } operand) pattern ??= operand.Value;
        }
        c.Output = new DataSource(SourceKind.ProcessIds, Text: pattern ?? "");
    }

    /// <summary><c>lsof -t -i :PORT</c>, <c>fuser 47123/tcp</c>: the processes behind a port (Text ":PORT").</summary>
    private static void PortLookup(CommandContext c)
    {
        foreach (var arg in c.Args.AsSpan(1))
        {
            var value = arg.Value;
            var colon = value.LastIndexOf(':');
            var slash = value.IndexOf('/', StringComparison.Ordinal);
            string? port = null;
            if (colon >= 0 && colon + 1 < value.Length) port = value[(colon + 1)..];
            else if (slash > 0 && value[(slash + 1)..] is "tcp" or "udp") port = value[..slash];
            if (port is not null && !port.AsSpan().ContainsAnyExceptInRange('0', '9'))
            {
                c.Output = new DataSource(SourceKind.ProcessIds, Text: ":" + port);
                return;
            }
        }
        c.Output = DataSource.Unknown;
    }

    internal static bool NamesMstro(string text) => TextSearch.ContainsIgnoringCase(text, "mstro");

    private static bool IsMstroPort(string pattern, BouncerEnvironment environment) =>
        environment.MstroPort is { } port && pattern == ":" + port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static bool IsEverything(string pattern) => pattern is "" or "." or ".*" or "^" or "$" or "^.*" or ".+" or "^.*$";

    private static void Shutdown(CommandContext c)
    {
        c.PathsHandled = true;
        foreach (var arg in c.Args.AsSpan(1))
        {
            if (arg.Value is "-c" or "--cancel" or "-k" or "--help" or "--show") return;
        }
        c.Add(EffectKind.Shutdown, detail: c.Invocation.Program);
    }

    private static void RunLevel(CommandContext c)
    {
        c.PathsHandled = true;
        if (c.Count > 1 && c.Args[1].Value is "0" or "6" or "S" or "s" or "1")
            c.Add(EffectKind.Shutdown, detail: c.Invocation.Program + " " + c.Args[1].Value);
    }

    /// <summary>systemctl: poweroff/reboot, enable (persistence), stop/kill/mask of mstro.</summary>
    private static void Systemctl(CommandContext c)
    {
        c.PathsHandled = true;
        var operands = new List<string>();
        var args = c.Args;
        for (var i = 1; i < args.Length; i++)
        {
            var value = args[i].Value;
            if (value is "-H" or "--host" or "-M" or "--machine" or "-t" or "--type" or "-p" or "--property" or "-s" or "--signal"
                or "--state" or "-n" or "--lines" or "-o" or "--output" or "--root" or "--kill-whom")
            {
                i++;
                continue;
            }
            if (value.StartsWith('-')) continue;
            operands.Add(value);
        }
        if (operands.Count == 0) return;
        var verb = operands[0];
        switch (verb)
        {
            case "poweroff" or "reboot" or "halt" or "kexec" or "soft-reboot" or "rescue" or "emergency":
                c.Add(EffectKind.Shutdown, detail: "systemctl " + verb);
                break;
            case "enable" or "reenable" or "link" or "preset" or "preset-all" or "add-wants" or "add-requires" or "set-default" or "edit":
                c.Add(EffectKind.Persistence, detail: "systemd");
                break;
            case "stop" or "kill" or "disable" or "mask" or "restart" or "try-restart" or "reload-or-restart" or "freeze" or "clean":
                if (operands.Skip(1).Any(NamesMstro)) c.Add(EffectKind.StopMstro, detail: "systemctl " + verb);
                break;
        }
    }

    private static void Service(CommandContext c)
    {
        c.PathsHandled = true;
        if (c.Count > 2 && NamesMstro(c.Args[1].Value) && c.Args[2].Value is "stop" or "restart" or "force-stop")
            c.Add(EffectKind.StopMstro, detail: "service " + c.Args[2].Value);
    }

    private static void Loginctl(CommandContext c)
    {
        c.PathsHandled = true;
        if (c.Count < 2) return;
        switch (c.Args[1].Value)
        {
            case "poweroff" or "reboot" or "halt":
                c.Add(EffectKind.Shutdown, detail: "loginctl " + c.Args[1].Value);
                break;
            case "enable-linger":
                c.Add(EffectKind.Persistence, detail: "linger");
                break;
            case "terminate-user" or "kill-user" or "terminate-session" or "kill-session":
                c.Add(EffectKind.KillProcesses, detail: c.Args[1].Value, flags: EffectFlags.All);
                break;
        }
    }

    /// <summary>launchctl load/bootstrap/enable/submit (persistence), unload/bootout/stop/remove of mstro, reboot.</summary>
    private static void Launchctl(CommandContext c)
    {
        c.PathsHandled = true;
        if (c.Count < 2) return;
        var verb = c.Args[1].Value;
        switch (verb)
        {
            case "load" or "bootstrap" or "enable" or "submit":
                c.Add(EffectKind.Persistence, detail: "launchd");
                for (var i = 2; i < c.Args.Length; i++)
                {
                    if (!c.Args[i].Value.StartsWith('-') && PathHeuristics.LooksLikePath(c.Args[i].Known)) c.AddPath(EffectKind.Read, c.Args[i]);
                }
                break;
            case "unload" or "bootout" or "stop" or "remove" or "disable" or "kill":
                if (c.Args.Skip(2).Any(a => NamesMstro(a.Value))) c.Add(EffectKind.StopMstro, detail: "launchctl " + verb);
                break;
            case "reboot":
                c.Add(EffectKind.Shutdown, detail: "launchctl reboot");
                break;
        }
    }
}
