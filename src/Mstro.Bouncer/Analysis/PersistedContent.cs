using System.Text;

namespace Mstro.Bouncer.Analysis;

/// <summary>How a place that runs files later reads them.</summary>
internal enum ContentFormat : byte
{
    /// <summary>A shell script (startup files, git hooks, rc.local, cron.daily scripts).</summary>
    Shell,
    /// <summary>A user crontab: five time fields (or an @keyword), then the command; <c>NAME=value</c> lines.</summary>
    Crontab,
    /// <summary>/etc/crontab and /etc/cron.d: like a crontab, with the user before the command.</summary>
    SystemCrontab,
    /// <summary>A systemd unit: <c>ExecStart=</c> and friends, <c>Environment=</c>.</summary>
    SystemdUnit,
    /// <summary>A launchd property list: <c>Program</c>, <c>ProgramArguments</c>, <c>EnvironmentVariables</c>.</summary>
    LaunchdPlist,
    /// <summary>An XDG autostart entry: <c>Exec=</c>.</summary>
    DesktopEntry,
}

/// <summary>A place whose files the system runs later on its own. <see cref="How"/> is the Persistence effect's detail.</summary>
internal sealed record PersistencePlace(string How, ContentFormat Format);

/// <summary>Directories and files the system runs later on its own: writing there is persistence, and what is written
/// is what will run. Classifying a path allocates nothing.</summary>
internal static class PersistencePlaces
{
    private static readonly PersistencePlace Systemd = new("systemd", ContentFormat.SystemdUnit);
    private static readonly PersistencePlace Launchd = new("launchd", ContentFormat.LaunchdPlist);
    private static readonly PersistencePlace Cron = new("cron", ContentFormat.Crontab);
    private static readonly PersistencePlace SystemCron = new("cron", ContentFormat.SystemCrontab);
    private static readonly PersistencePlace CronScripts = new("cron", ContentFormat.Shell);
    private static readonly PersistencePlace Init = new("init", ContentFormat.Shell);
    private static readonly PersistencePlace Autostart = new("autostart", ContentFormat.DesktopEntry);
    private static readonly PersistencePlace ShellStartup = new("shell-startup", ContentFormat.Shell);
    private static readonly PersistencePlace SshRc = new("ssh-rc", ContentFormat.Shell);
    private static readonly PersistencePlace GitHooks = new("git-hooks", ContentFormat.Shell);

    /// <summary>Places relative to the home directory.</summary>
    private static readonly (string Path, PersistencePlace Place)[] InHome =
    [
        ("/.config/systemd", Systemd), ("/.local/share/systemd", Systemd), ("/Library/LaunchAgents", Launchd),
        ("/.config/autostart", Autostart), ("/.ssh/rc", SshRc),
        ("/.bashrc", ShellStartup), ("/.bash_profile", ShellStartup), ("/.bash_login", ShellStartup),
        ("/.bash_logout", ShellStartup), ("/.bash_aliases", ShellStartup), ("/.profile", ShellStartup),
        ("/.zshrc", ShellStartup), ("/.zshrc.local", ShellStartup), ("/.zprofile", ShellStartup), ("/.zshenv", ShellStartup),
        ("/.zlogin", ShellStartup), ("/.zlogout", ShellStartup), ("/.config/fish", ShellStartup), ("/.tcshrc", ShellStartup),
        ("/.cshrc", ShellStartup), ("/.kshrc", ShellStartup), ("/.mkshrc", ShellStartup), ("/.xprofile", ShellStartup),
        ("/.xinitrc", ShellStartup), ("/.xsession", ShellStartup), ("/.xsessionrc", ShellStartup),
        ("/.config/environment.d", ShellStartup), ("/.oh-my-zsh/custom", ShellStartup),
    ];

    private static readonly (string Path, PersistencePlace Place)[] Absolute =
    [
        ("/etc/systemd", Systemd), ("/lib/systemd", Systemd), ("/usr/lib/systemd", Systemd),
        ("/Library/LaunchAgents", Launchd), ("/Library/LaunchDaemons", Launchd), ("/System/Library/LaunchAgents", Launchd),
        ("/System/Library/LaunchDaemons", Launchd),
        ("/etc/crontab", SystemCron), ("/etc/cron.d", SystemCron), ("/etc/anacrontab", SystemCron),
        ("/etc/cron.hourly", CronScripts), ("/etc/cron.daily", CronScripts), ("/etc/cron.weekly", CronScripts),
        ("/etc/cron.monthly", CronScripts), ("/etc/periodic", CronScripts), ("/var/at", CronScripts),
        ("/var/spool/cron", Cron), ("/usr/lib/cron/tabs", Cron),
        ("/etc/init.d", Init), ("/etc/rc.local", Init),
        ("/etc/xdg/autostart", Autostart), ("/etc/ssh/sshrc", SshRc),
        ("/etc/profile", ShellStartup), ("/etc/profile.d", ShellStartup), ("/etc/bash.bashrc", ShellStartup),
        ("/etc/bashrc", ShellStartup), ("/etc/zshrc", ShellStartup), ("/etc/zshenv", ShellStartup),
        ("/etc/zprofile", ShellStartup), ("/etc/zlogin", ShellStartup), ("/etc/zsh", ShellStartup),
        ("/etc/environment", ShellStartup), ("/private/etc/profile", ShellStartup), ("/private/etc/bashrc", ShellStartup),
        ("/private/etc/zshrc", ShellStartup), ("/private/etc/zprofile", ShellStartup), ("/private/etc/zshenv", ShellStartup),
    ];

    /// <summary>The place <paramref name="path"/> (absolute, normalised) belongs to, or null.</summary>
    public static PersistencePlace? Classify(string path, BouncerEnvironment environment)
    {
        var home = environment.Home;
        if (home.Length > 1 && PathText.IsUnder(path, home) && path.Length > home.Length)
        {
            var rest = path.AsSpan(home.Length);
            // Every place in the home directory is a dot entry or under ~/Library.
            if (rest.Length > 1 && rest[1] is '.' or 'L')
            {
                foreach (var (place, kind) in InHome)
                    if (IsUnder(rest, place)) return kind;
            }
        }
        // Every absolute place is under /etc, /lib, /usr, /Library, /System, /var or /private.
        if (path.Length > 1 && path[0] == '/' && path[1] is 'e' or 'l' or 'u' or 'L' or 'S' or 'v' or 'p')
        {
            foreach (var (place, kind) in Absolute)
                if (IsUnder(path, place)) return kind;
        }

        var hooks = path.IndexOf("/.git/hooks", StringComparison.Ordinal);
        if (hooks >= 0)
        {
            var end = hooks + "/.git/hooks".Length;
            if ((end == path.Length || path[end] == '/') && !PathText.IsUnder(path, environment.ProjectDir)) return GitHooks;
        }
        return null;
    }

    private static bool IsUnder(ReadOnlySpan<char> path, string directory) =>
        path.StartsWith(directory, StringComparison.Ordinal) && (path.Length == directory.Length || path[directory.Length] == '/');
}

/// <summary>What a persisted file would run, as shell text the analysis can read.</summary>
internal static class PersistedContent
{
    /// <summary>Beyond this, persisted content is not read (it is still a write to a place that runs it).</summary>
    public const int MaxLength = 64 * 1024;

    public static string Commands(string content, ContentFormat format) => format switch
    {
        ContentFormat.Shell => content,
        ContentFormat.Crontab => CronCommands(content, userField: false),
        ContentFormat.SystemCrontab => CronCommands(content, userField: true),
        ContentFormat.SystemdUnit => UnitCommands(content),
        ContentFormat.LaunchdPlist => PlistCommands(content),
        _ => DesktopCommands(content),
    };

    /// <summary>The command parts of crontab lines (after the five time fields or an @keyword, and the user in system
    /// crontabs), and its <c>NAME=value</c> lines (they set the jobs' environment).</summary>
    public static string CronCommands(string table, bool userField)
    {
        var commands = new StringBuilder();
        foreach (var raw in table.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            var space = line.IndexOfAny([' ', '\t']);
            if (equals > 0 && (space < 0 || equals < space))
            {
                commands.Append(line).Append('\n');
                continue;
            }
            var fields = (line[0] == '@' ? 2 : 6) + (userField ? 1 : 0);
            var parts = line.Split([' ', '\t'], fields, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == fields) commands.Append(parts[^1]).Append('\n');
        }
        return commands.ToString();
    }

    private static readonly string[] UnitCommandKeys =
        ["ExecStart", "ExecStartPre", "ExecStartPost", "ExecStop", "ExecStopPost", "ExecReload", "ExecCondition"];

    /// <summary>A unit's Exec*= command lines (without the <c>-@:+!</c> prefixes) and its Environment= assignments.</summary>
    private static string UnitCommands(string unit)
    {
        var commands = new StringBuilder();
        foreach (var raw in unit.Split('\n'))
        {
            var line = raw.Trim();
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0) continue;
            var key = line[..equals].Trim();
            var value = line[(equals + 1)..].Trim();
            if (key == "Environment") commands.Append("export ").Append(value).Append('\n');
            else if (Array.IndexOf(UnitCommandKeys, key) >= 0) commands.Append(value.TrimStart('-', '@', ':', '+', '!')).Append('\n');
        }
        return commands.ToString();
    }

    /// <summary>An autostart entry's Exec= lines, without the %f/%u field codes.</summary>
    private static string DesktopCommands(string entry)
    {
        var commands = new StringBuilder();
        foreach (var raw in entry.Split('\n'))
        {
            var line = raw.Trim();
            if (!line.StartsWith("Exec=", StringComparison.Ordinal)) continue;
            var command = line[5..];
            foreach (var code in new[] { "%f", "%F", "%u", "%U", "%i", "%c", "%k" })
                command = command.Replace(code, "", StringComparison.Ordinal);
            commands.Append(command).Append('\n');
        }
        return commands.ToString();
    }

    /// <summary>A launchd plist's Program / ProgramArguments as one quoted command line, and its EnvironmentVariables.</summary>
    private static string PlistCommands(string plist)
    {
        var commands = new StringBuilder();
        var arguments = ValueAfterKey(plist, "ProgramArguments", "array");
        if (arguments is not null)
        {
            foreach (var argument in Strings(arguments)) commands.Append(Quote(argument)).Append(' ');
            commands.Append('\n');
        }
        else if (ValueAfterKey(plist, "Program", "string") is { } program)
        {
            commands.Append(Quote(Unescape(program))).Append('\n');
        }
        if (ValueAfterKey(plist, "EnvironmentVariables", "dict") is { } environment)
        {
            var keys = Elements(environment, "key").ToList();
            var values = Strings(environment).ToList();
            for (var i = 0; i < keys.Count && i < values.Count; i++)
                commands.Append("export ").Append(Unescape(keys[i])).Append('=').Append(Quote(values[i])).Append('\n');
        }
        return commands.ToString();
    }

    /// <summary>The inner text of the <c>&lt;element&gt;</c> that follows <c>&lt;key&gt;name&lt;/key&gt;</c>.</summary>
    private static string? ValueAfterKey(string plist, string name, string element)
    {
        var key = plist.IndexOf("<key>" + name + "</key>", StringComparison.Ordinal);
        if (key < 0) return null;
        var open = plist.IndexOf("<" + element + ">", key, StringComparison.Ordinal);
        if (open < 0) return null;
        var start = open + element.Length + 2;
        var close = plist.IndexOf("</" + element + ">", start, StringComparison.Ordinal);
        return close < 0 ? null : plist[start..close];
    }

    private static IEnumerable<string> Strings(string xml) => Elements(xml, "string").Select(Unescape);

    private static IEnumerable<string> Elements(string xml, string element)
    {
        var open = "<" + element + ">";
        var close = "</" + element + ">";
        var at = 0;
        while ((at = xml.IndexOf(open, at, StringComparison.Ordinal)) >= 0)
        {
            var start = at + open.Length;
            var end = xml.IndexOf(close, start, StringComparison.Ordinal);
            if (end < 0) yield break;
            yield return xml[start..end];
            at = end + close.Length;
        }
    }

    private static string Unescape(string text) => text.Replace("&lt;", "<", StringComparison.Ordinal)
        .Replace("&gt;", ">", StringComparison.Ordinal).Replace("&quot;", "\"", StringComparison.Ordinal)
        .Replace("&apos;", "'", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal);

    /// <summary>One shell word that stands for <paramref name="text"/> exactly.</summary>
    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
