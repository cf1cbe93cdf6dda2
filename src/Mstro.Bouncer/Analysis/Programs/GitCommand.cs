namespace Mstro.Bouncer.Analysis.Programs;

/// <summary>git: what destroys history or work (force-push with the branch, reset --hard, clean -f, discarding
/// changes, history rewrites, branch deletion), persistence through global hooks, remotes contacted, and the options
/// that run commands (-c core.sshCommand, submodule foreach, rebase --exec).</summary>
internal static class GitCommand
{
    private static readonly OptionSpec Push = new("o", "push-option", "repo", "receive-pack", "exec", "recurse-submodules", "signed");
    private static readonly OptionSpec Clean = new("e", "exclude");
    private static readonly OptionSpec Clone = new("obcjuL", "origin", "branch", "config", "jobs", "upload-pack", "depth",
        "reference", "reference-if-able", "separate-git-dir", "template", "shallow-since", "shallow-exclude", "filter", "server-option", "bundle-uri");

    public static void Register(ProgramTable table)
    {
        table["git"] = Handle;
        table["bfg"] = RewriteHistory;
        table["git-filter-repo"] = RewriteHistory;
    }

    private static void RewriteHistory(CommandContext c) => c.Add(EffectKind.GitDestructive, path: c.Cwd, detail: "rewrite-history");

    private static void Handle(CommandContext c)
    {
        c.PathsHandled = true;
        var args = c.Args;
        var repository = c.Cwd;
        var i = 1;
        for (; i < args.Length; i++)
        {
            var value = args[i].Value;
            if (value == "-C" && i + 1 < args.Length)
            {
                repository = c.PathOf(args[++i]).Path ?? repository;
                continue;
            }
            if (value == "-c" && i + 1 < args.Length)
            {
                ConfigOverride(c, args[++i].Value);
                continue;
            }
            if (value is "--git-dir" or "--work-tree" or "--namespace" or "--exec-path" or "--config-env" or "--super-prefix")
            {
                i++;
                continue;
            }
            if (value.StartsWith('-')) continue;
            break;
        }
        if (i >= args.Length) return;

        var sub = args[i].Value;
        var rest = i + 1;
        switch (sub)
        {
            case "push": PushCommand(c, rest, repository); break;
            case "reset":
                if (Has(c, rest, "--hard")) c.Add(EffectKind.GitDestructive, path: repository, detail: "reset-hard");
                break;
            case "clean": CleanCommand(c, rest, repository); break;
            case "checkout": Checkout(c, rest, repository); break;
            case "restore": Restore(c, rest, repository); break;
            case "switch":
                if (Has(c, rest, "-f") || Has(c, rest, "--force") || Has(c, rest, "--discard-changes"))
                    c.Add(EffectKind.GitDestructive, path: repository, detail: "discard-changes");
                break;
            case "stash":
                if (rest < args.Length && args[rest].Value is "drop" or "clear")
                    c.Add(EffectKind.GitDestructive, path: repository, detail: "discard-changes");
                break;
            case "filter-branch" or "filter-repo":
                c.Add(EffectKind.GitDestructive, path: repository, detail: "rewrite-history");
                break;
            case "reflog":
                if (rest < args.Length && args[rest].Value is "expire" or "delete")
                    c.Add(EffectKind.GitDestructive, path: repository, detail: "rewrite-history");
                break;
            case "update-ref":
                if (Has(c, rest, "-d") || Has(c, rest, "--delete") || Has(c, rest, "--stdin"))
                    c.Add(EffectKind.GitDestructive, path: repository, detail: "rewrite-history");
                break;
            case "replace":
                if (!Has(c, rest, "-l") && !Has(c, rest, "--list"))
                    c.Add(EffectKind.GitDestructive, path: repository, detail: "rewrite-history");
                break;
            case "branch": Branch(c, rest, repository); break;
            case "config": Config(c, rest, repository); break;
            case "clone": CloneCommand(c, rest); break;
            case "remote" when rest < args.Length && args[rest].Value is "add" or "set-url":
                NewRemote(c, rest + 1, repository);
                break;
            case "add" or "stage":
                AddFiles(c, rest);
                break;
            case "fetch" or "pull" or "ls-remote" or "remote" or "submodule" or "archive":
                Remotes(c, rest);
                if (sub == "submodule" && rest < args.Length && args[rest].Value == "foreach") Foreach(c, rest + 1);
                break;
            case "rebase":
                for (var k = rest; k < args.Length; k++)
                {
                    if (args[k].Value is "--exec" or "-x" && k + 1 < args.Length) c.RunShellText(args[++k].Value);
                    else if (args[k].Value.StartsWith("--exec=", StringComparison.Ordinal)) c.RunShellText(args[k].Value[7..]);
                }
                break;
            case "bisect":
                if (rest < args.Length && args[rest].Value == "run") c.RunInner(rest + 1);
                break;
            case "ls-files" or "ls-tree":
                c.Output = new DataSource(SourceKind.Paths, Path: repository, Filtered: true);
                break;
            case "credential" or "credential-store" or "credential-cache":
                if (rest < args.Length && args[rest].Value is "fill" or "get")
                    c.AddAbsolute(EffectKind.Read, c.Home + "/.git-credentials", detail: "credentials");
                break;
            case "diff":
                if (Has(c, rest, "--no-index"))
                {
                    for (var k = rest; k < args.Length; k++)
                        if (!args[k].Value.StartsWith('-')) c.AddPath(EffectKind.Read, args[k]);
                }
                break;
        }
    }

    private static bool Has(CommandContext c, int start, string option)
    {
        for (var k = start; k < c.Args.Length; k++)
        {
            var value = c.Args[k].Value;
            if (value == "--") return false;
            if (value == option) return true;
            // Bundled short flags: -fd contains -f.
            if (option.Length == 2 && option[0] == '-' && option[1] != '-' && value.Length > 2 && value[0] == '-' && value[1] != '-'
                && value.Contains(option[1], StringComparison.Ordinal)) return true;
        }
        return false;
    }

    /// <summary><c>git -c key=value</c>: keys that name a program make git run it.</summary>
    private static void ConfigOverride(CommandContext c, string setting)
    {
        var equals = setting.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0) return;
        var key = setting[..equals].ToLowerInvariant();
        var value = setting[(equals + 1)..];
        if (key is "core.sshcommand" or "core.pager" or "core.editor" or "core.askpass" or "core.fsmonitor" or "sequence.editor"
            || key.StartsWith("alias.", StringComparison.Ordinal) && value.StartsWith('!'))
            c.RunShellText(value.TrimStart('!'));
    }

    /// <summary><c>git push [opts] [remote] [refspecs]</c>: force (-f, --force, --force-with-lease, +refspec, --mirror)
    /// and deletions; Host is the branch (null when the push names none).</summary>
    private static void PushCommand(CommandContext c, int start, string repository)
    {
        var force = false;
        var lease = false;
        var mirror = false;
        var delete = false;
        var dryRun = false;
        var operands = new List<string>();
        var reader = new OptionReader(c.Args, start, Push);
        while (reader.Next(out var option))
        {
            if (option.Is('f') || option.Is("force")) force = true;
            else if (option.Is("force-with-lease") || option.Is("force-if-includes")) lease = true;
            else if (option.Is("mirror")) mirror = true;
            else if (option.Is('d') || option.Is("delete")) delete = true;
            else if (option.Is('n') || option.Is("dry-run")) dryRun = true;
            else if ((option.Is("receive-pack") || option.Is("exec")) && option.Value is { } program) c.RunShellText(program.Value);
            else if (option.Is("repo") && option.Value is { } repo) operands.Insert(0, repo.Value);
            else if (option.Kind == OptionKind.Operand && option.Value is { } operand) operands.Add(operand.Value);
        }
        if (operands.Count > 0 && operands[0].Contains("://", StringComparison.Ordinal) || operands.Count > 0 && NetworkCommands.RemoteHost(operands[0]) is not null)
        {
            var host = NetworkAddress.HostOf(operands[0]) ?? NetworkCommands.RemoteHost(operands[0]);
            if (host is not null) c.Add(EffectKind.Network, host: host, detail: operands[0]);
            // A URL on the command line is not one of the repository's remotes: the code goes somewhere new.
            if (!dryRun && host is not null && GitRemotes.IsUrl(operands[0])
                && !GitRemotes.UrlsOf(c, repository).Exists(known => GitRemotes.SameUrl(known, operands[0])))
                c.Add(EffectKind.Upload, path: repository, host: host, detail: "git-push", flags: EffectFlags.Recursive);
        }
        if (dryRun) return;

        if (mirror)
        {
            c.Add(EffectKind.GitDestructive, path: repository, detail: "force-push");
            return;
        }
        var refspecs = operands.Count > 1 ? operands.GetRange(1, operands.Count - 1) : [];
        if (refspecs.Count == 0)
        {
            if (force || lease) c.Add(EffectKind.GitDestructive, path: repository, detail: "force-push");
            return;
        }
        foreach (var refspec in refspecs)
        {
            var plus = refspec.StartsWith('+');
            var spec = plus ? refspec[1..] : refspec;
            if (spec.StartsWith(':'))
            {
                c.Add(EffectKind.GitDestructive, path: repository, host: BranchName(spec[1..]), detail: "delete-remote-branch");
                continue;
            }
            var colon = spec.IndexOf(':', StringComparison.Ordinal);
            var destination = BranchName(colon >= 0 ? spec[(colon + 1)..] : spec);
            var branch = destination is "HEAD" or "@" ? null : destination;
            if (delete) c.Add(EffectKind.GitDestructive, path: repository, host: branch, detail: "delete-remote-branch");
            // --force-with-lease protects others' work but still rewrites the branch's history: a force-push too.
            else if (force || plus || lease) c.Add(EffectKind.GitDestructive, path: repository, host: branch, detail: "force-push");
        }
    }

    private static string BranchName(string reference) =>
        reference.StartsWith("refs/heads/", StringComparison.Ordinal) ? reference["refs/heads/".Length..] : reference;

    /// <summary><c>git clean -f</c> deletes untracked files for good: over the whole tree (or with <c>-x</c>, ignored files
    /// too) that is a git-destructive "clean". <c>-X</c> alone removes only ignored files (build output), and pathspecs
    /// that stay inside the project (<c>-- build/ out/</c>) limit it to what they name: those are deletes of that.</summary>
    private static void CleanCommand(CommandContext c, int start, string repository)
    {
        var force = false;
        var dryRun = false;
        var directories = false;
        var untrackedToo = false;
        var onlyIgnored = false;
        var pathspecs = new List<Arg>();
        var reader = new OptionReader(c.Args, start, Clean);
        while (reader.Next(out var option))
        {
            if (option.Is('f') || option.Is("force")) force = true;
            else if (option.Is('n') || option.Is("dry-run")) dryRun = true;
            else if (option.Is('d')) directories = true;
            else if (option.Is('x')) untrackedToo = true;
            else if (option.Is('X')) onlyIgnored = true;
            else if (option.Kind == OptionKind.Operand && option.Value is { } pathspec) pathspecs.Add(pathspec);
        }
        if (!force || dryRun) return;
        var recursive = directories ? EffectFlags.Recursive : EffectFlags.None;
        if (pathspecs.Count > 0 && pathspecs.TrueForAll(p => !IsWholeTree(c, p, repository) && IsInProject(c, p)))
        {
            foreach (var pathspec in pathspecs) c.AddPath(EffectKind.Delete, pathspec, recursive | EffectFlags.Force, followLast: false);
            return;
        }
        if (onlyIgnored && !untrackedToo) return;
        var flags = EffectFlags.Force | recursive;
        // -x also removes ignored files (.env, local config): marked All.
        if (untrackedToo) flags |= EffectFlags.All;
        c.Add(EffectKind.GitDestructive, path: repository, detail: "clean", flags: flags);
    }

    /// <summary>A pathspec that covers the whole working tree or more: <c>.</c>, <c>:/</c>, <c>*</c>, a glob, an unknown
    /// value, the repository, the cwd or a directory above them.</summary>
    private static bool IsWholeTree(CommandContext c, in Arg pathspec, string repository)
    {
        var value = pathspec.Value;
        if (value.Length == 0 || value[0] == ':' || pathspec.IsUnresolved || pathspec.HasGlob
            || value.AsSpan().IndexOfAny('*', '?', '[') >= 0) return true;
        if (c.PathOf(pathspec).Path is not { } path) return true;
        return PathText.IsUnder(repository, path) || PathText.IsUnder(c.Cwd, path);
    }

    private static bool IsInProject(CommandContext c, in Arg pathspec) =>
        c.PathOf(pathspec).Path is { } path && PathText.IsUnder(path, c.Environment.ProjectDir);

    /// <summary><c>git checkout .</c>, <c>git checkout -- :/</c>, <c>git checkout -f</c> throw away the local changes of the
    /// whole tree; <c>git checkout -- src/app.ts</c> (or <c>main -- file</c>) restores named files: ordinary work.</summary>
    private static void Checkout(CommandContext c, int start, string repository)
    {
        var args = c.Args;
        var afterDashes = false;
        for (var k = start; k < args.Length; k++)
        {
            var value = args[k].Value;
            if (value == "--")
            {
                afterDashes = true;
                continue;
            }
            if (!afterDashes && value is "-f" or "--force")
            {
                c.Add(EffectKind.GitDestructive, path: repository, detail: "discard-changes");
                return;
            }
            if (!afterDashes && value is "-b" or "-B" or "--orphan")
                return;
            if (!afterDashes && value.StartsWith('-')) continue;
            if ((afterDashes || value is "." or ":/" or "*") && IsWholeTree(c, args[k], repository))
            {
                c.AddPath(EffectKind.GitDestructive, args[k], detail: "discard-changes");
                return;
            }
        }
    }

    /// <summary><c>git restore [--source=X] [--worktree] PATHS</c>: restoring named files is ordinary; the whole tree
    /// (<c>.</c>, <c>:/</c>, a glob) discards every local change. <c>--staged</c> alone only unstages.</summary>
    private static void Restore(CommandContext c, int start, string repository)
    {
        var staged = false;
        var worktree = false;
        var paths = new List<Arg>();
        for (var k = start; k < c.Args.Length; k++)
        {
            var value = c.Args[k].Value;
            if (value is "--staged" or "-S") staged = true;
            else if (value is "--worktree" or "-W") worktree = true;
            else if (value is "-s" or "--source")
            {
                k++;
            }
            else if (value == "-SW" || value == "-WS")
            {
                staged = true;
                worktree = true;
            }
            else if (!value.StartsWith('-')) paths.Add(c.Args[k]);
        }
        if (staged && !worktree) return;
        if (paths.Count == 0) c.Add(EffectKind.GitDestructive, path: repository, detail: "discard-changes");
        foreach (var path in paths)
        {
            if (IsWholeTree(c, path, repository)) c.AddPath(EffectKind.GitDestructive, path, detail: "discard-changes");
        }
    }

    /// <summary><c>git branch -D name</c> (or <c>--delete --force</c>): delete-branch with the branch as Host.</summary>
    private static void Branch(CommandContext c, int start, string repository)
    {
        var forceDelete = false;
        var delete = false;
        var force = false;
        var names = new List<string>();
        for (var k = start; k < c.Args.Length; k++)
        {
            var value = c.Args[k].Value;
            if (value is "--delete") delete = true;
            else if (value is "--force") force = true;
            else if (value.Length > 1 && value[0] == '-' && value[1] != '-')
            {
                if (value.Contains('D', StringComparison.Ordinal)) forceDelete = true;
                if (value.Contains('d', StringComparison.Ordinal)) delete = true;
                if (value.Contains('f', StringComparison.Ordinal)) force = true;
            }
            else if (!value.StartsWith('-')) names.Add(value);
        }
        if (!(forceDelete || delete && force)) return;
        foreach (var name in names) c.Add(EffectKind.GitDestructive, path: repository, host: BranchName(name), detail: "delete-branch");
    }

    /// <summary>Configuration that changes what every later git command does, once set for the user or the system
    /// (<c>--global</c>, <c>--system</c>, a file outside the project, a repository outside the project):
    /// <list type="bullet">
    /// <item>programs git runs later: <c>core.sshCommand</c>, <c>core.fsmonitor</c>, <c>diff.external</c>, filters and drivers
    /// (analysed now, and Persistence "git-config"), pagers and editors (analysed; Persistence when they run shell syntax);</item>
    /// <item>credential helpers, which see every credential git handles (Persistence "git-credential-helper"; a <c>!</c> helper
    /// is shell text, analysed);</item>
    /// <item><c>url.*.insteadOf</c>, which sends every clone and fetch of a host elsewhere (Persistence "git-redirect"), and
    /// <c>include.path</c> / <c>includeIf.*.path</c>, which pull in more configuration (Persistence "git-include");</item>
    /// <item>hooks: <c>core.hooksPath</c>, <c>init.templateDir</c> (Persistence "git-hooks").</item>
    /// </list>
    /// An alias starting with <c>!</c> is a shell command run later, in any repository. In the project's own repository
    /// the rest is ordinary, unless the program it sets up lives in a temp dir.</summary>
    private static void Config(CommandContext c, int start, string repository)
    {
        var global = !PathText.IsUnder(repository, c.Environment.ProjectDir);
        string? key = null;
        string? value = null;
        for (var k = start; k < c.Args.Length; k++)
        {
            var text = c.Args[k].Value;
            if (text is "--global" or "--system") global = true;
            else if (text is "--file" or "-f" && k + 1 < c.Args.Length)
                global |= c.PathOf(c.Args[++k]).Path is not { } file || !PathText.IsUnder(file, c.Environment.ProjectDir);
            else if (text.StartsWith("--file=", StringComparison.Ordinal))
                global |= c.PathOf(Arg.Unquoted(text[7..])).Path is not { } file || !PathText.IsUnder(file, c.Environment.ProjectDir);
            else if (text is "--unset" or "--unset-all" or "--get" or "--get-all" or "--get-regexp" or "--get-urlmatch" or "--list" or "-l"
                or "--remove-section" or "--rename-section" or "-e" or "--edit")
                return;
            else if (text is "--type" or "--default" or "--comment" or "--blob") k++;
            else if (text.StartsWith('-')) continue;
            else if (key is null && text is "get" or "list" or "unset" or "remove-section" or "rename-section" or "edit") return;
            else if (key is null && text == "set") continue;
            else if (key is null) key = text.ToLowerInvariant();
            else value ??= text;
        }
        if (key is null || value is null) return;

        if (key.StartsWith("alias.", StringComparison.Ordinal) && value.StartsWith('!'))
        {
            c.Add(EffectKind.Persistence, detail: "git-alias");
            c.RunShellText(value[1..]);
            return;
        }

        var runs = RunsAProgram(key);
        if (!global)
        {
            if (runs is null) return;
            var command = value.TrimStart('!');
            c.RunShellText(command);
            var program = command.TrimStart().Split(' ', 2)[0].Trim('"', '\'');
            if (program.StartsWith('/') && c.Analysis.IsTemporary(program))
                c.Add(EffectKind.Persistence, path: program, detail: "git-config");
            return;
        }

        if (key is "core.hookspath" or "init.templatedir") c.Add(EffectKind.Persistence, detail: "git-hooks");
        else if (key.StartsWith("url.", StringComparison.Ordinal) && key.EndsWith("insteadof", StringComparison.Ordinal))
            c.Add(EffectKind.Persistence, host: NetworkAddress.HostOf(value), detail: "git-redirect");
        else if (key == "include.path" || key.StartsWith("includeif.", StringComparison.Ordinal) && key.EndsWith(".path", StringComparison.Ordinal))
        {
            c.Add(EffectKind.Persistence, detail: "git-include");
            c.AddPath(EffectKind.Read, Arg.Unquoted(value));
        }
        else if (runs is { } how)
        {
            var command = how == "git-credential-helper" ? value.StartsWith('!') ? value[1..] : null : value;
            if (how != "git-pager" || LooksLikeShellSyntax(value)) c.Add(EffectKind.Persistence, detail: how == "git-pager" ? "git-config" : how);
            if (command is not null) c.RunShellText(command);
        }
    }

    /// <summary>How a configuration key makes git run a program later, or null.</summary>
    private static string? RunsAProgram(string key)
    {
        if (key is "credential.helper" || key.StartsWith("credential.", StringComparison.Ordinal) && key.EndsWith(".helper", StringComparison.Ordinal))
            return "git-credential-helper";
        if (key is "core.fsmonitor" or "core.sshcommand" or "diff.external" or "core.gitproxy" or "gpg.program" or "gpg.ssh.program"
            or "gpg.x509.program" or "gpg.openpgp.program" or "uploadpack.packobjectshook"
            || key.StartsWith("filter.", StringComparison.Ordinal) && (key.EndsWith(".clean", StringComparison.Ordinal)
                || key.EndsWith(".smudge", StringComparison.Ordinal) || key.EndsWith(".process", StringComparison.Ordinal))
            || key.StartsWith("diff.", StringComparison.Ordinal) && (key.EndsWith(".textconv", StringComparison.Ordinal)
                || key.EndsWith(".command", StringComparison.Ordinal))
            || key.StartsWith("merge.", StringComparison.Ordinal) && key.EndsWith(".driver", StringComparison.Ordinal))
            return "git-config";
        if (key is "core.pager" or "core.editor" or "sequence.editor" or "core.askpass" || key.StartsWith("pager.", StringComparison.Ordinal))
            return "git-pager";
        return null;
    }

    private static readonly System.Buffers.SearchValues<char> ShellSyntax = System.Buffers.SearchValues.Create("|;&`$<>");

    /// <summary>A pager or editor setting that is a small shell script rather than a program and its options.</summary>
    private static bool LooksLikeShellSyntax(string value) =>
        value.AsSpan().IndexOfAny(ShellSyntax) >= 0 || value.StartsWith('!')
        || value.Contains("sh -c", StringComparison.Ordinal) || value.Contains("bash -c", StringComparison.Ordinal);

    private static void CloneCommand(CommandContext c, int start)
    {
        var operands = new List<Arg>();
        var reader = new OptionReader(c.Args, start, Clone);
        while (reader.Next(out var option))
        {
            if (option.Kind == OptionKind.Operand && option.Value is { } operand) operands.Add(operand);
            else if ((option.Is('u') || option.Is("upload-pack")) && option.Value is { } program) c.RunShellText(program.Value);
            else if ((option.Is('c') || option.Is("config")) && option.Value is { } setting) ConfigOverride(c, setting.Value);
        }
        if (operands.Count == 0) return;
        var url = operands[0].Value;
        var host = url.Contains("://", StringComparison.Ordinal) ? NetworkAddress.HostOf(url) : NetworkCommands.RemoteHost(url);
        if (host is not null) c.Add(EffectKind.Network, host: host, detail: url);
        if (operands.Count > 1) c.AddPath(EffectKind.Write, operands[1], EffectFlags.Recursive);
    }

    private static void Remotes(CommandContext c, int start)
    {
        for (var k = start; k < c.Args.Length; k++)
        {
            var url = c.Args[k].Value;
            if (url.StartsWith('-')) continue;
            var host = url.Contains("://", StringComparison.Ordinal) ? NetworkAddress.HostOf(url) : url.Contains('@', StringComparison.Ordinal) ? NetworkCommands.RemoteHost(url) : null;
            if (host is not null) c.Add(EffectKind.Network, host: host, detail: url);
        }
    }

    /// <summary><c>git remote add NAME URL</c>, <c>git remote set-url NAME URL</c>: a remote on a host none of the
    /// repository's remotes use is a new place for its code to go (Persistence "git-remote", Host: the host).</summary>
    private static void NewRemote(CommandContext c, int start, string repository)
    {
        var operands = new List<string>();
        for (var k = start; k < c.Args.Length; k++)
        {
            var value = c.Args[k].Value;
            if (value is "-t" or "-m" && k + 1 < c.Args.Length) k++;
            else if (!value.StartsWith('-') || value == "-") operands.Add(value);
        }
        if (operands.Count < 2) return;
        var url = operands[1];
        if (GitRemotes.HostOf(url) is not { } host) return;
        c.Add(EffectKind.Network, host: host, detail: url);
        var knownHosts = GitRemotes.UrlsOf(c, repository).ConvertAll(GitRemotes.HostOf);
        if (!knownHosts.Contains(host)) c.Add(EffectKind.Persistence, host: host, detail: "git-remote");
    }

    /// <summary><c>git add</c> of named files: each is read into the repository's history (Read, Detail "git-history"; Force
    /// with <c>-f</c>, which adds files the repository ignores), so a secret named here ends up in every clone.</summary>
    private static void AddFiles(CommandContext c, int start)
    {
        var force = false;
        var afterDashes = false;
        var paths = new List<Arg>();
        for (var k = start; k < c.Args.Length; k++)
        {
            var value = c.Args[k].Value;
            if (afterDashes || !value.StartsWith('-')) paths.Add(c.Args[k]);
            else if (value == "--") afterDashes = true;
            else if (value == "--force" || value.Length > 1 && value[1] != '-' && value.Contains('f', StringComparison.Ordinal)) force = true;
            else if (value is "--chmod" or "--pathspec-from-file") k++;
        }
        foreach (var path in paths)
            c.AddPath(EffectKind.Read, path, force ? EffectFlags.Force : EffectFlags.None, detail: "git-history");
    }

    private static void Foreach(CommandContext c, int start)
    {
        var k = start;
        while (k < c.Args.Length && c.Args[k].Value.StartsWith('-')) k++;
        if (k < c.Args.Length) c.RunShellText(TextCommands.JoinValues(c.Args, k));
    }
}
