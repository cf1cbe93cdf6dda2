
namespace Mstro.Bouncer.Analysis.Programs;

/// <summary>Package installs, by where the code comes from: "manifest" (the project's lock/manifest), "registry"
/// (named packages from the default registry), "url" (a URL, VCS or file), "custom-registry" (another registry).</summary>
internal static class PackageManagers
{
    private static readonly HashSet<string> DefaultRegistryHosts = new[]
    {
        "registry.npmjs.org", "registry.yarnpkg.com", "pypi.org", "pypi.python.org", "files.pythonhosted.org",
        "rubygems.org", "index.rubygems.org", "crates.io", "index.crates.io", "static.crates.io", "api.nuget.org",
        "nuget.org", "www.nuget.org", "proxy.golang.org", "sum.golang.org", "repo.packagist.org", "packagist.org",
        "conda.anaconda.org", "repo.anaconda.com",
    }.ToHashSet(StringComparer.Ordinal);

    private static readonly string[] ArchiveSuffixes =
        [".tgz", ".tar.gz", ".tar.bz2", ".tar.xz", ".whl", ".zip", ".gem", ".deb", ".rpm", ".apk", ".nupkg", ".crate", ".pkg"];

    /// <summary>Options (of npm, pnpm, yarn, bun) that take a value.</summary>
    private static readonly HashSet<string> NodeValueOptions = new[]
    {
        "--registry", "--prefix", "-C", "--dir", "--cwd", "-w", "--workspace", "--filter", "-F", "--tag", "--loglevel",
        "--userconfig", "--cache", "--omit", "--include", "--scope", "--otp", "--reporter", "--network-concurrency",
        "--modules-folder", "--mutex", "--cache-folder", "--global-folder", "--link-folder", "--store-dir",
        "--virtual-store-dir", "--config", "--access", "--install-strategy", "--lockfile-dir", "--save-prefix",
    }.ToHashSet(StringComparer.Ordinal);

    private static readonly HashSet<string> PipValueOptions = new[]
    {
        "-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-i", "--index-url", "--extra-index-url", "-f",
        "--find-links", "-t", "--target", "--prefix", "--root", "--src", "--platform", "--python-version",
        "--implementation", "--abi", "--trusted-host", "--upgrade-strategy", "--global-option", "--install-option",
        "-C", "--config-settings", "--no-binary", "--only-binary", "--report", "--progress-bar", "--exists-action",
        "--python", "--proxy", "--cert", "--client-cert", "--cache-dir", "--log", "--timeout", "--retries",
        "--use-feature", "--use-deprecated", "--root-user-action", "--keyring-provider", "--group", "--index",
        "--default-index", "-p", "--rev", "--tag", "--branch", "--extra", "--optional", "--package", "--with",
        "--with-requirements", "-w", "--from", "--pip-args", "--suffix", "--spec",
    }.ToHashSet(StringComparer.Ordinal);

    public static void Register(ProgramTable table)
    {
        table["npm"] = c => Node(c, "npm");
        table["pnpm"] = c => Node(c, "pnpm");
        table["yarn"] = c => Node(c, "yarn");
        table["bun"] = Bun;
        table["npx"] = c => Runner(c, 1);
        table["uvx"] = c => Runner(c, 1);
        table["pip"] = c => Pip(c, 1);
        table["uv"] = c => Uv(c, 1);
        table["poetry"] = Poetry;
        table["pipx"] = Pipx;
        table["gem"] = Gem;
        table["bundle"] = Bundle;
        table["cargo"] = Cargo;
        table["go"] = Go;
        table["dotnet"] = Dotnet;
        table["nuget"] = NuGet;
        table["composer"] = Composer;
        table["brew"] = Brew;
        table["apt"] = c => SystemPackages(c, ["install", "reinstall", "upgrade", "full-upgrade", "dist-upgrade", "build-dep", "source"], ".deb");
        table["add-apt-repository"] = c => Emit(c, "custom-registry");
        table["dnf"] = Dnf;
        table["apk"] = c => SystemPackages(c, ["add", "upgrade", "fix"], ".apk", "--repository", "-X");
        table["pacman"] = Pacman;
        table["yay"] = c => AnyInstall(c, "custom-registry");
        table["paru"] = c => AnyInstall(c, "custom-registry");
        table["snap"] = c => SystemPackages(c, ["install", "refresh"], ".snap");
        table["flatpak"] = c => SystemPackages(c, ["install", "update"], ".flatpak");
        table["port"] = c => SystemPackages(c, ["install", "upgrade"], ".tbz2");
        table["conda"] = Conda;
        table["mamba"] = Conda;
        table["micromamba"] = Conda;
    }

    /// <summary>Records an install (one effect per kind and host per call).</summary>
    private static void Emit(CommandContext c, string detail, string? host = null)
    {
        c.PathsHandled = true;
        c.Add(EffectKind.InstallPackage, host: host, detail: detail);
    }

    /// <summary>"url" for URLs, VCS and archive files; "manifest" for local project directories; else "registry".</summary>
    internal static string Classify(string spec, bool npmShorthand)
    {
        if (spec.Contains("://", StringComparison.Ordinal)
            || spec.StartsWith("git+", StringComparison.Ordinal) || spec.StartsWith("git@", StringComparison.Ordinal)
            || spec.StartsWith("github:", StringComparison.Ordinal) || spec.StartsWith("gitlab:", StringComparison.Ordinal)
            || spec.StartsWith("bitbucket:", StringComparison.Ordinal) || spec.StartsWith("gist:", StringComparison.Ordinal)
            || spec.StartsWith("hg+", StringComparison.Ordinal) || spec.StartsWith("svn+", StringComparison.Ordinal)
            || spec.StartsWith("bzr+", StringComparison.Ordinal) || spec.StartsWith("file:", StringComparison.Ordinal)
            || spec.Contains(" @ ", StringComparison.Ordinal))
            return "url";
        foreach (var suffix in ArchiveSuffixes)
        {
            if (spec.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) return "url";
        }
        if (spec.StartsWith('.') || spec.StartsWith('/') || spec.StartsWith('~')) return "manifest";
        if (npmShorthand && !spec.StartsWith('@') && spec.Contains('/', StringComparison.Ordinal)) return "url";
        return "registry";
    }

    private static string? HostOfSpec(string spec)
    {
        var scheme = spec.IndexOf("://", StringComparison.Ordinal);
        if (scheme > 0)
        {
            // git+https://host/..., hg+ssh://...: the host follows the scheme.
            var plus = spec.IndexOf('+', StringComparison.Ordinal);
            return NetworkAddress.HostOf(plus > 0 && plus < scheme ? spec[(plus + 1)..] : spec);
        }
        if (spec.StartsWith("git@", StringComparison.Ordinal)) return NetworkCommands.RemoteHost(spec);
        if (spec.StartsWith("github:", StringComparison.Ordinal)) return "github.com";
        if (spec.StartsWith("gitlab:", StringComparison.Ordinal)) return "gitlab.com";
        if (spec.StartsWith("bitbucket:", StringComparison.Ordinal)) return "bitbucket.org";
        return null;
    }

    private static void EmitSpecs(CommandContext c, List<string> specs, bool npmShorthand, string empty)
    {
        if (specs.Count == 0)
        {
            Emit(c, empty);
            return;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var spec in specs)
        {
            var kind = Classify(spec, npmShorthand);
            var host = kind == "url" ? HostOfSpec(spec) : null;
            if (seen.Add(kind + "|" + host)) Emit(c, kind, host);
        }
    }

    /// <summary>A registry given by URL: "custom-registry" unless it is the ecosystem's default.</summary>
    private static void Registry(CommandContext c, string url)
    {
        var host = NetworkAddress.HostOf(url.Contains("://", StringComparison.Ordinal) ? url : "https://" + url);
        if (host is null || !DefaultRegistryHosts.Contains(host)) Emit(c, "custom-registry", host);
    }

    private static void RegistryFromEnvironment(CommandContext c, params string[] names)
    {
        if (c.Assignments is null) return;
        foreach (var name in names)
        {
            if (c.Assignments.TryGetValue(name, out var value)) Registry(c, value.Value);
        }
    }

    /// <summary>npm / pnpm / yarn: install with names (registry or url), without names (manifest).</summary>
    private static void Node(CommandContext c, string tool)
    {
        c.PathsHandled = true;
        RegistryFromEnvironment(c, "npm_config_registry", "NPM_CONFIG_REGISTRY", "YARN_REGISTRY", "YARN_NPM_REGISTRY_SERVER");
        string? sub = null;
        var specs = new List<string>();
        var args = c.Args;
        for (var i = 1; i < args.Length; i++)
        {
            var value = args[i].Value;
            if (value == "--registry" && i + 1 < args.Length) Registry(c, args[++i].Value);
            else if (value.StartsWith("--registry=", StringComparison.Ordinal)) Registry(c, value[11..]);
            else if (NodeValueOptions.Contains(value)) i++;
            else if (value.StartsWith('-')) continue;
            else if (sub is null) sub = value;
            else if (sub == "global" && specs.Count == 0 && value is "add" or "upgrade") sub = "global-add";
            else specs.Add(value);
        }

        switch (sub)
        {
            case null when tool == "yarn":
                Emit(c, "manifest");
                break;
            case "install" or "i" or "in" or "ins" or "inst" or "insta" or "instal" or "isnt" or "isnta" or "isntal"
                or "isntall" or "add" or "a" or "global-add" or "update" or "up" or "upgrade" or "udpate":
                EmitSpecs(c, specs, npmShorthand: true, "manifest");
                break;
            case "ci" or "clean-install" or "ic" or "install-clean" or "isntall-clean" or "install-test" or "it"
                or "install-ci-test" or "cit":
                Emit(c, "manifest");
                break;
            case "exec" or "x" or "dlx":
                RunnerSpecs(c, specs);
                break;
            case "config" when specs.Count >= 2 && specs[0] == "set":
                // npm config set registry URL, yarn config set npmRegistryServer URL, registry=URL.
                var key = specs[1];
                var equals = key.IndexOf('=', StringComparison.Ordinal);
                var value = equals >= 0 ? key[(equals + 1)..] : specs.Count > 2 ? specs[2] : "";
                if (equals >= 0) key = key[..equals];
                if (key.EndsWith("registry", StringComparison.OrdinalIgnoreCase) || key.EndsWith("RegistryServer", StringComparison.OrdinalIgnoreCase))
                    Registry(c, value);
                break;
        }
    }

    private static void Bun(CommandContext c)
    {
        c.PathsHandled = true;
        if (c.Count > 2 && c.Args[1].Value is "-e" or "--eval" or "-p" or "--print")
        {
            Shells.RunCode(c, c.Args[2], Code.CodeLanguage.JavaScript);
            return;
        }
        Node(c, "bun");
    }

    /// <summary>npx / uvx / bunx: runs a package; only code from a URL is noted.</summary>
    private static void Runner(CommandContext c, int start)
    {
        c.PathsHandled = true;
        var specs = new List<string>();
        for (var i = start; i < c.Args.Length; i++)
        {
            var value = c.Args[i].Value;
            if (value is "-p" or "--package" or "--from" or "--with" && i + 1 < c.Args.Length)
            {
                specs.Add(c.Args[++i].Value);
                continue;
            }
            if (value.StartsWith('-')) continue;
            specs.Add(value);
            break;
        }
        RunnerSpecs(c, specs);
    }

    private static void RunnerSpecs(CommandContext c, List<string> specs)
    {
        foreach (var spec in specs)
        {
            if (Classify(spec, npmShorthand: false) == "url") Emit(c, "url", HostOfSpec(spec));
        }
    }

    /// <summary>pip install (also <c>python -m pip</c> and <c>uv pip</c>).</summary>
    internal static void Pip(CommandContext c, int start)
    {
        c.PathsHandled = true;
        RegistryFromEnvironment(c, "PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_FIND_LINKS", "UV_INDEX_URL", "UV_EXTRA_INDEX_URL", "UV_INDEX", "UV_DEFAULT_INDEX");
        var args = c.Args;
        string? sub = null;
        var specs = new List<string>();
        var manifest = false;
        for (var i = start; i < args.Length; i++)
        {
            var value = args[i].Value;
            var equals = value.StartsWith("--", StringComparison.Ordinal) ? value.IndexOf('=', StringComparison.Ordinal) : -1;
            var name = equals > 0 ? value[..equals] : value;
            if (PipValueOptions.Contains(name))
            {
                var argument = equals > 0 ? value[(equals + 1)..] : i + 1 < args.Length ? args[++i].Value : "";
                switch (name)
                {
                    case "-r" or "--requirement" or "--with-requirements":
                        manifest = true;
                        break;
                    case "-e" or "--editable":
                        specs.Add(argument);
                        break;
                    case "-i" or "--index-url" or "--extra-index-url" or "--index" or "--default-index":
                        Registry(c, argument);
                        break;
                    case "-f" or "--find-links":
                        if (argument.Contains("://", StringComparison.Ordinal)) Registry(c, argument);
                        else Emit(c, "url");
                        break;
                }
                continue;
            }
            if (value.StartsWith('-')) continue;
            if (sub is null)
            {
                sub = value;
                continue;
            }
            specs.Add(value);
        }
        if (sub == "config" && specs.Count >= 2 && specs[0] == "set" && specs[1].Contains("index-url", StringComparison.Ordinal))
        {
            // pip config set global.index-url URL
            if (specs.Count > 2) Registry(c, specs[2]);
            return;
        }
        if (sub is not ("install" or "download" or "wheel")) return;
        if (manifest) Emit(c, "manifest");
        if (specs.Count > 0 || !manifest) EmitSpecs(c, specs, npmShorthand: false, "manifest");
    }

    /// <summary>uv: <c>uv pip install</c>, <c>uv add</c>, <c>uv sync</c>, <c>uv tool install</c>.</summary>
    internal static void Uv(CommandContext c, int start)
    {
        c.PathsHandled = true;
        var i = start;
        while (i < c.Args.Length && c.Args[i].Value.StartsWith('-')) i++;
        if (i >= c.Args.Length) return;
        switch (c.Args[i].Value)
        {
            case "pip":
                Pip(c, i + 1);
                break;
            case "add":
                InstallLike(c, i);
                break;
            case "sync" or "lock":
                Emit(c, "manifest");
                break;
            case "tool":
                if (i + 1 < c.Args.Length && c.Args[i + 1].Value is "install" or "run") InstallLike(c, i + 1);
                break;
        }
    }

    /// <summary>Reads "<c>verb specs...</c>" with pip-style value options from index <paramref name="verbIndex"/>.</summary>
    private static void InstallLike(CommandContext c, int verbIndex)
    {
        var specs = new List<string>();
        var manifest = false;
        for (var i = verbIndex + 1; i < c.Args.Length; i++)
        {
            var value = c.Args[i].Value;
            var equals = value.StartsWith("--", StringComparison.Ordinal) ? value.IndexOf('=', StringComparison.Ordinal) : -1;
            var name = equals > 0 ? value[..equals] : value;
            if (name is "--git" or "--url")
            {
                Emit(c, "url", HostOfSpec(equals > 0 ? value[(equals + 1)..] : i + 1 < c.Args.Length ? c.Args[++i].Value : ""));
                return;
            }
            if (name is "--path")
            {
                Emit(c, "manifest");
                return;
            }
            if (name is "--registry" or "--index" or "--index-url" or "--extra-index-url" or "--default-index" or "--source" or "-s" or "--add-source")
            {
                var argument = equals > 0 ? value[(equals + 1)..] : i + 1 < c.Args.Length ? c.Args[++i].Value : "";
                if (argument.Contains("://", StringComparison.Ordinal) || argument.Contains('.', StringComparison.Ordinal)) Registry(c, argument);
                else Emit(c, "custom-registry");
                continue;
            }
            if (name is "-r" or "--requirements" or "--requirement")
            {
                manifest = true;
                i++;
                continue;
            }
            if (PipValueOptions.Contains(name) || name is "--version" or "--features" or "--bin" or "--example" or "--target"
                or "--root" or "--profile" or "--framework" or "-f" or "--configfile" or "--tool-path" or "--vs" or "-v" or "--package-directory")
            {
                if (equals < 0) i++;
                continue;
            }
            if (value.StartsWith('-')) continue;
            specs.Add(value);
        }
        if (manifest && specs.Count == 0) Emit(c, "manifest");
        else EmitSpecs(c, specs, npmShorthand: false, "manifest");
    }

    private static int Verb(CommandContext c, int start = 1)
    {
        var i = start;
        while (i < c.Args.Length && c.Args[i].Value.StartsWith('-')) i++;
        return i;
    }

    private static void Poetry(CommandContext c)
    {
        c.PathsHandled = true;
        var i = Verb(c);
        if (i >= c.Args.Length) return;
        switch (c.Args[i].Value)
        {
            case "install" or "sync" or "update" or "lock":
                Emit(c, "manifest");
                break;
            case "add":
                InstallLike(c, i);
                break;
            case "source":
                if (i + 1 < c.Args.Length && c.Args[i + 1].Value == "add") Emit(c, "custom-registry");
                break;
        }
    }

    private static void Pipx(CommandContext c)
    {
        c.PathsHandled = true;
        var i = Verb(c);
        if (i < c.Args.Length && c.Args[i].Value is "install" or "inject" or "run" or "upgrade") InstallLike(c, i);
    }

    private static void Gem(CommandContext c)
    {
        c.PathsHandled = true;
        var i = Verb(c);
        if (i < c.Args.Length && c.Args[i].Value is "install" or "i" or "update") InstallLike(c, i);
        else if (i < c.Args.Length && c.Args[i].Value == "sources" && c.Args.Any(a => a.Value is "-a" or "--add")) Emit(c, "custom-registry");
    }

    private static void Bundle(CommandContext c)
    {
        c.PathsHandled = true;
        var i = Verb(c);
        if (i >= c.Args.Length || c.Args[i].Value is "install" or "update") Emit(c, "manifest");
        else if (c.Args[i].Value == "add") InstallLike(c, i);
    }

    private static void Cargo(CommandContext c)
    {
        c.PathsHandled = true;
        var i = Verb(c);
        while (i < c.Args.Length && c.Args[i].Value.StartsWith('+')) i = Verb(c, i + 1);
        if (i >= c.Args.Length) return;
        switch (c.Args[i].Value)
        {
            case "install" or "add":
                InstallLike(c, i);
                break;
            case "build" or "b" or "run" or "r" or "test" or "t" or "fetch" or "check" or "c" or "bench" or "update" or "vendor":
                Emit(c, "manifest");
                break;
        }
    }

    private static void Go(CommandContext c)
    {
        c.PathsHandled = true;
        RegistryFromEnvironment(c, "GOPROXY");
        var i = Verb(c);
        if (i >= c.Args.Length) return;
        switch (c.Args[i].Value)
        {
            case "install" or "get":
                var specs = new List<string>();
                for (var k = i + 1; k < c.Args.Length; k++)
                {
                    var value = c.Args[k].Value;
                    if (!value.StartsWith('-') && !value.StartsWith('.')) specs.Add(value);
                }
                if (specs.Count == 0) Emit(c, "manifest");
                else
                {
                    foreach (var spec in specs) Emit(c, spec.Contains("://", StringComparison.Ordinal) ? "url" : "registry", spec.Contains("://", StringComparison.Ordinal) ? HostOfSpec(spec) : null);
                }
                break;
            case "mod":
                if (i + 1 < c.Args.Length && c.Args[i + 1].Value is "download" or "tidy" or "vendor") Emit(c, "manifest");
                break;
            case "build" or "test":
                // go build -o out: the program the call builds (go test -c -o too).
                for (var k = i + 1; k < c.Args.Length; k++)
                {
                    var value = c.Args[k].Value;
                    Arg? output = value == "-o" && k + 1 < c.Args.Length ? c.Args[++k]
                        : value.StartsWith("-o=", StringComparison.Ordinal) ? Arg.Unquoted(value[3..]) : null;
                    if (output is not { } file) continue;
                    c.AddPath(EffectKind.Write, file);
                    c.Analysis.NoteBuilt(c.PathOf(file).Path);
                }
                break;
        }
    }

    private static void Dotnet(CommandContext c)
    {
        c.PathsHandled = true;
        var i = Verb(c);
        if (i >= c.Args.Length) return;
        var verb = c.Args[i].Value;
        switch (verb)
        {
            case "restore":
                InstallLike(c, i);
                break;
            case "add":
                var package = Array.FindIndex(c.Args, i + 1, a => a.Value == "package");
                if (package > 0) InstallLike(c, package);
                break;
            case "tool" or "workload":
                if (i + 1 < c.Args.Length && c.Args[i + 1].Value is "install" or "update" or "restore") InstallLike(c, i + 1);
                break;
            case "new":
                if (i + 1 < c.Args.Length && c.Args[i + 1].Value == "install") InstallLike(c, i + 1);
                break;
            case "nuget":
                if (i + 1 < c.Args.Length && c.Args[i + 1].Value == "add" && c.Args.Any(a => a.Value == "source")) Emit(c, "custom-registry");
                break;
        }
    }

    private static void NuGet(CommandContext c)
    {
        c.PathsHandled = true;
        var i = Verb(c);
        if (i >= c.Args.Length) return;
        for (var k = i + 1; k < c.Args.Length; k++)
        {
            if (c.Args[k].Value.Equals("-Source", StringComparison.OrdinalIgnoreCase) && k + 1 < c.Args.Length) Registry(c, c.Args[k + 1].Value);
        }
        if (c.Args[i].Value.Equals("restore", StringComparison.OrdinalIgnoreCase)) Emit(c, "manifest");
        else if (c.Args[i].Value.Equals("install", StringComparison.OrdinalIgnoreCase)) Emit(c, "registry");
    }

    private static void Composer(CommandContext c)
    {
        c.PathsHandled = true;
        var i = Verb(c);
        if (i < c.Args.Length && c.Args[i].Value == "global") i = Verb(c, i + 1);
        if (i >= c.Args.Length) return;
        switch (c.Args[i].Value)
        {
            case "install" or "i" or "update" or "u" or "upgrade":
                Emit(c, "manifest");
                break;
            case "require" or "r" or "create-project":
                InstallLike(c, i);
                break;
        }
    }

    private static void Brew(CommandContext c)
    {
        c.PathsHandled = true;
        var i = Verb(c);
        if (i >= c.Args.Length) return;
        switch (c.Args[i].Value)
        {
            case "install" or "reinstall" or "upgrade":
                var specs = new List<string>();
                for (var k = i + 1; k < c.Args.Length; k++)
                {
                    var value = c.Args[k].Value;
                    if (value.StartsWith('-')) continue;
                    specs.Add(value.EndsWith(".rb", StringComparison.Ordinal) ? "file:" + value : value);
                }
                EmitSpecs(c, specs, npmShorthand: false, "registry");
                break;
            case "tap":
                if (i + 1 < c.Args.Length) Emit(c, "custom-registry", i + 2 < c.Args.Length ? HostOfSpec(c.Args[i + 2].Value) : "github.com");
                break;
            case "bundle":
                Emit(c, "manifest");
                break;
        }
    }

    /// <summary>apt / apk / snap / ...: named packages from the system's repositories; local package files are "url".</summary>
    private static void SystemPackages(CommandContext c, string[] verbs, string localSuffix, params string[] repositoryOptions)
    {
        c.PathsHandled = true;
        var verb = -1;
        var specs = new List<string>();
        for (var k = 1; k < c.Args.Length; k++)
        {
            var value = c.Args[k].Value;
            if (Array.IndexOf(repositoryOptions, value) >= 0 && k + 1 < c.Args.Length)
            {
                Registry(c, c.Args[++k].Value);
                continue;
            }
            if (value.StartsWith('-')) continue;
            if (verb < 0)
            {
                if (Array.IndexOf(verbs, value) < 0) return;
                verb = k;
                continue;
            }
            specs.Add(value.EndsWith(localSuffix, StringComparison.Ordinal) ? "file:" + value : value);
        }
        if (verb >= 0) EmitSpecs(c, specs, npmShorthand: false, "registry");
    }

    private static void Dnf(CommandContext c)
    {
        c.PathsHandled = true;
        if (c.Args.Any(a => a.Value.StartsWith("--repofrompath", StringComparison.Ordinal) || a.Value == "--add-repo"
            || a.Value.StartsWith("--add-repo=", StringComparison.Ordinal)))
            Emit(c, "custom-registry");
        SystemPackages(c, ["install", "reinstall", "upgrade", "update", "localinstall", "groupinstall"], ".rpm");
    }

    private static void Pacman(CommandContext c)
    {
        c.PathsHandled = true;
        var upgradeFromFile = c.Args.Any(a => a.Value.StartsWith("-U", StringComparison.Ordinal));
        var sync = c.Args.Any(a => a.Value.StartsWith("-S", StringComparison.Ordinal) && !a.Value.Contains('s', StringComparison.Ordinal));
        if (upgradeFromFile) Emit(c, "url");
        else if (sync) Emit(c, "registry");
    }

    private static void AnyInstall(CommandContext c, string detail)
    {
        c.PathsHandled = true;
        if (c.Args.Any(a => a.Value.StartsWith("-S", StringComparison.Ordinal) || a.Value == "install")) Emit(c, detail);
    }

    private static void Conda(CommandContext c)
    {
        c.PathsHandled = true;
        var i = Verb(c);
        if (i >= c.Args.Length) return;
        if (c.Args[i].Value == "env" && i + 1 < c.Args.Length && c.Args[i + 1].Value is "create" or "update")
        {
            Emit(c, "manifest");
            return;
        }
        if (c.Args[i].Value is not ("install" or "create" or "update")) return;
        for (var k = i + 1; k < c.Args.Length; k++)
        {
            if (c.Args[k].Value is "-c" or "--channel" && k + 1 < c.Args.Length)
            {
                var channel = c.Args[++k].Value;
                if (channel is not ("defaults" or "conda-forge" or "bioconda" or "pytorch" or "nvidia")) Emit(c, "custom-registry", NetworkAddress.HostOf(channel));
            }
        }
        Emit(c, c.Args.Any(a => a.Value is "--file" or "-f") ? "manifest" : "registry");
    }
}
