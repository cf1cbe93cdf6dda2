namespace Mstro.Bouncer.Analysis;

/// <summary>What a command or tool call does to the machine. The analysis turns calls into effects;
/// the policy (rule packs, which are data) turns effects into severities. New dangerous behaviour is
/// usually a new effect or a new rule, not a new special case.</summary>
public enum EffectKind
{
    /// <summary>Runs a program (every simple command yields one). Detail: the program name.</summary>
    Run,
    /// <summary>Reads file contents. Path; Detail "credentials" when a CLI prints a credential store (gh auth token,
    /// security find-generic-password...): the path is then a file of that store.</summary>
    Read,
    /// <summary>Creates, overwrites, appends to, moves onto, or edits a file. Path; Detail "hooks" when a file tool's edit of
    /// Claude Code's settings goes at their hooks (drops the mstro hook the file has, edits text mentioning mstro, hooks or
    /// PreToolUse, or disables all hooks).</summary>
    Write,
    /// <summary>Deletes. Path; Recursive; Filtered when a find-style filter narrows what is deleted.</summary>
    Delete,
    /// <summary>chmod. Path; Recursive; Detail: the mode; Setuid when it sets setuid/setgid.</summary>
    ChangeMode,
    /// <summary>chown/chgrp. Path; Recursive; Detail: the owner.</summary>
    ChangeOwner,
    /// <summary>Contacts a network host. Host (lower case, no port; numeric spellings such as <c>0xa9fea9fe</c> in dotted
    /// form), Detail: the URL when known (<c>host:port</c> for raw sockets such as nc), so port rules can read it.</summary>
    Network,
    /// <summary>Sends local data to the network. Host; Path: the file sent (or null), Detail: "file", "environment", "stdin",
    /// or "serve": a directory offered to whoever connects (python -m http.server, php -S), Recursive, with the bind
    /// address as Host. Recursive when a whole tree is sent (tar c | curl, rsync -a, scp -r).</summary>
    Upload,
    /// <summary>Runs code that is not on disk for a person to read. Detail: "download" (curl | sh), "decoded" (base64 | sh),
    /// "dynamic" (eval $x), "inline" (python -c with process/file APIs), "script" (a file outside the project).</summary>
    ExecuteCode,
    /// <summary>Writes raw data to a block device. Path: the device.</summary>
    WriteDevice,
    /// <summary>Creates a filesystem or wipes signatures/partition tables (mkfs, wipefs, fdisk...). Path: the device when known.</summary>
    FormatDevice,
    /// <summary>Signals processes. Detail: the target ("-1" for every process, or a pattern/pid); Flags: KillAll.</summary>
    KillProcesses,
    /// <summary>Halts or reboots the machine.</summary>
    Shutdown,
    /// <summary>A self-replicating process bomb. Detail: the function name.</summary>
    ForkBomb,
    /// <summary>Connects a shell to a remote host. Host when known; Detail: how.</summary>
    ReverseShell,
    /// <summary>A git operation that destroys history or work. Detail: "force-push" (also --force-with-lease, --mirror),
    /// "reset-hard", "clean" (Recursive with -d, All with -x/-X), "rewrite-history", "delete-branch" (a local branch, -D),
    /// "delete-remote-branch" (<c>git push --delete</c>, <c>:branch</c>), "discard-changes"; Path: the repository dir (the
    /// pathspec for discard-changes); Host: the branch for force-push and the deletions (null when the command names none:
    /// <c>git push --force</c>, <c>--all</c>, <c>--mirror</c>).</summary>
    GitDestructive,
    /// <summary>Installs packages. Detail: "registry" (default registry, named packages), "manifest" (from the project's
    /// lock/manifest), "url" (from a URL, VCS or file), "custom-registry" (a registry other than the default).</summary>
    InstallPackage,
    /// <summary>Makes something run later or at login. Detail: how ("crontab", "at", "systemd", "launchd", "cron", "init",
    /// "autostart", "git-hooks", "shell-startup", "ssh-rc"...), or what persisted content does to every later program:
    /// "path-hijack" (a temp dir first in PATH), "preload" (LD_PRELOAD / DYLD_INSERT_LIBRARIES set).</summary>
    Persistence,
    /// <summary>Runs as another user or changes privileges. Detail: how ("sudo", "su", "doas", "sudoers"...; "accounts",
    /// or "root-account" for uid 0 / a duplicated uid, "admin-group" for joining sudo/wheel/admin/root; "capabilities CAPS"
    /// for setcap, CAPS in lower case).</summary>
    Privilege,
    /// <summary>A cryptocurrency miner.</summary>
    Mine,
    /// <summary>Hides what runs (base64/hex decode to a shell, eval of built strings, printf escapes to a shell).</summary>
    Obfuscation,
    /// <summary>Stops mstro or its server.</summary>
    StopMstro,
    /// <summary>Calls mstro itself (Detail: the subcommand), e.g. an agent trying <c>mstro approve</c>.</summary>
    RunMstro,
    /// <summary>Changes Claude Code's own configuration through its CLI (claude config/mcp/permissions), or starts a
    /// nested Claude Code with permissions skipped. Detail: the subcommand.</summary>
    ConfigureClaude,
    /// <summary>Layer 1 could not tell what this does. Detail: why (parse error, too complex, unknown target...).</summary>
    Unknown,
}

[Flags]
public enum EffectFlags
{
    None = 0,
    Recursive = 1 << 0,
    Force = 1 << 1,
    /// <summary>The path came from a glob. For <c>/*</c>, <c>~/*</c>, <c>*</c> the Path is the directory whose contents the
    /// effect covers; for a narrower glob (Filtered) it is the pattern (<c>/tmp/e2e-*</c>).</summary>
    Glob = 1 << 2,
    /// <summary>The path (or part of it) could not be resolved (an unknown variable, a command substitution). Unknown parts
    /// count as empty, the worst case: <c>rm -rf "$DIR"/*</c> is a Delete of <c>/</c> (Glob, Unresolved); a target that is
    /// wholly unknown (<c>rm -rf "$DIR"</c>) has no Path.</summary>
    Unresolved = 1 << 3,
    /// <summary>A find-style filter (-name, -path, -newer...) narrows the effect, or a glob narrower than <c>*</c>
    /// (<c>~/*.bak</c>: the Path is then the pattern itself, with Glob).</summary>
    Filtered = 1 << 4,
    Setuid = 1 << 5,
    /// <summary>The write appends rather than replaces.</summary>
    Append = 1 << 6,
    /// <summary>The effect reaches every process / every file the user owns.</summary>
    All = 1 << 7,
    /// <summary>Runs with elevated privileges (under sudo/doas/su).</summary>
    Elevated = 1 << 8,
    /// <summary>Runs later, unattended: found in content the call writes to a place that runs it (a shell startup file, a
    /// crontab, a service unit, a git hook...). The place itself also yields a Persistence effect.</summary>
    Deferred = 1 << 9,
    /// <summary>Runs on another machine: found in the command <c>ssh host COMMAND</c> runs there. Paths name that
    /// machine's files (relative ones start in the remote home).</summary>
    Remote = 1 << 10,
}

/// <summary>One thing that runs: a simple command after wrappers are unwrapped, with expanded words.</summary>
/// <param name="Program">The program's base name (<c>/bin/rm</c> → <c>rm</c>), after quote removal.</param>
/// <param name="Arguments">The arguments after expansion (known variables, ~ and quotes resolved). Unknown parts are
/// kept as written (e.g. <c>$FOO</c>).</param>
/// <param name="Text">The normalised command text, <c>Program Arguments...</c> joined by single spaces (rules glob on it).</param>
/// <param name="Cwd">The directory the command runs in (after earlier <c>cd</c>s), absolute.</param>
/// <param name="Depth">How many layers of wrapping (<c>bash -c</c>, <c>eval</c>, substitutions, heredocs) it was found under.</param>
public sealed record Invocation(string Program, IReadOnlyList<string> Arguments, string Text, string Cwd, int Depth);

/// <summary>An effect of a tool call, with the invocation it came from (null for non-Bash tools).</summary>
public sealed record Effect(
    EffectKind Kind,
    Invocation? Invocation,
    string? Path = null,
    string? Host = null,
    string? Detail = null,
    EffectFlags Flags = EffectFlags.None)
{
    /// <summary>A short description for reasons and logs.</summary>
    public string Evidence => Invocation?.Text ?? Path ?? Host ?? Detail ?? Kind.ToString();
}
