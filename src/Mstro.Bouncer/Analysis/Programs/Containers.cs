namespace Mstro.Bouncer.Analysis.Programs;

/// <summary>docker / podman / nerdctl run: a privileged container or one that mounts the host's root, /etc or the
/// docker socket is root on this machine (Privilege); a miner image is mining. Commands inside the container act
/// on the container, so they are not analysed as local.</summary>
internal static class Containers
{
    private static readonly OptionSpec Run = new("vepuwlhmaciL",
        "volume", "env", "publish", "user", "workdir", "label", "hostname", "memory", "attach", "cpu-shares", "interactive",
        "name", "network", "net", "entrypoint", "env-file", "mount", "cpus", "restart", "pid", "ipc", "uts", "userns",
        "cap-add", "cap-drop", "device", "security-opt", "add-host", "dns", "platform", "pull", "log-driver", "log-opt",
        "tmpfs", "ulimit", "volumes-from", "gpus", "shm-size", "stop-signal", "health-cmd", "runtime", "cidfile",
        "network-alias", "expose", "label-file", "group-add", "init-path", "isolation", "link", "mac-address", "ip", "ip6",
        "memory-swap", "oom-score-adj", "cgroupns", "cgroup-parent", "device-cgroup-rule", "storage-opt", "sysctl",
        "annotation", "arch", "os", "secret", "systemd", "cpuset-cpus", "blkio-weight", "stop-timeout", "health-interval");

    private static readonly string[] SensitiveMounts =
        ["/", "/etc", "/root", "/var/run/docker.sock", "/run/docker.sock", "/dev", "/proc", "/sys", "/boot", "/var/lib/docker",
         "/run/containerd/containerd.sock", "/run/podman/podman.sock"];

    public static void Register(ProgramTable table)
    {
        table["docker"] = Handle;
        table["podman"] = Handle;
        table["nerdctl"] = Handle;
    }

    private static void Handle(CommandContext c)
    {
        c.PathsHandled = true;
        var i = 1;
        while (i < c.Args.Length && c.Args[i].Value.StartsWith('-'))
        {
            i += c.Args[i].Value is "-H" or "--host" or "--context" or "-c" or "--config" or "-l" or "--log-level" ? 2 : 1;
        }
        if (i >= c.Args.Length) return;
        var verb = c.Args[i].Value;
        if (verb == "container" && i + 1 < c.Args.Length) verb = c.Args[++i].Value;
        if (verb is "run" or "create") RunContainer(c, i + 1);
        else if (verb == "cp") Copy(c, i + 1);
    }

    private static void RunContainer(CommandContext c, int start)
    {
        var reader = new OptionReader(c.Args, start, Run, stopAtOperand: true);
        while (reader.Next(out var option))
        {
            if (option.Kind == OptionKind.Operand)
            {
                Image(c, option.Value!.Value.Value);
                break;
            }
            var name = option.Kind == OptionKind.Short ? option.Short.ToString() : option.Long;
            var value = option.Value?.Value;
            switch (name)
            {
                case "privileged":
                    if (value is null or "true") c.Add(EffectKind.Privilege, detail: "container-privileged");
                    break;
                case "v" or "volume" when value is not null:
                    Mount(c, value.Split(':')[0]);
                    break;
                case "mount" when value is not null:
                    foreach (var part in value.Split(','))
                    {
                        var equals = part.IndexOf('=', StringComparison.Ordinal);
                        if (equals > 0 && part[..equals] is "source" or "src") Mount(c, part[(equals + 1)..]);
                    }
                    break;
                case "pid" or "userns" or "ipc" or "uts" or "cgroupns" when value == "host":
                    c.Add(EffectKind.Privilege, detail: "container-host-" + name);
                    break;
                case "cap-add" when value is not null && (value.Equals("ALL", StringComparison.OrdinalIgnoreCase) || value.Contains("SYS_ADMIN", StringComparison.OrdinalIgnoreCase)
                    || value.Contains("SYS_PTRACE", StringComparison.OrdinalIgnoreCase) || value.Contains("SYS_MODULE", StringComparison.OrdinalIgnoreCase)):
                    c.Add(EffectKind.Privilege, detail: "container-capabilities");
                    break;
                case "security-opt" when value is not null && value.Contains("unconfined", StringComparison.Ordinal):
                    c.Add(EffectKind.Privilege, detail: "container-unconfined");
                    break;
                case "device" when value is not null:
                    c.Add(EffectKind.Privilege, path: value.Split(':')[0], detail: "container-device");
                    break;
                case "env-file" when value is not null:
                    c.AddPath(EffectKind.Read, option.Value!.Value);
                    break;
            }
        }
    }

    /// <summary>A host directory mounted into the container: the container reads (and may write) it.</summary>
    private static void Mount(CommandContext c, string source)
    {
        if (source.Length == 0 || !(source.StartsWith('/') || source.StartsWith('~') || source.StartsWith('.') || source.StartsWith('$'))) return;
        var path = PathText.Absolute(c.Cwd, PathText.ExpandTilde(source, c.Home));
        c.AddAbsolute(EffectKind.Read, path, EffectFlags.Recursive);
        if (Array.IndexOf(SensitiveMounts, path) >= 0 || path == c.Home)
            c.Add(EffectKind.Privilege, path: path, detail: "container-mount");
    }

    private static void Image(CommandContext c, string image)
    {
        var name = image;
        var slash = name.LastIndexOf('/');
        if (slash >= 0) name = name[(slash + 1)..];
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0) name = name[..colon];
        if (SystemCommands.IsMiner(name.ToLowerInvariant())) c.Add(EffectKind.Mine, detail: image);
    }

    /// <summary><c>docker cp host-path container:path</c> reads the host path.</summary>
    private static void Copy(CommandContext c, int start)
    {
        for (var k = start; k < c.Args.Length; k++)
        {
            var value = c.Args[k].Value;
            if (value.StartsWith('-') || NetworkCommands.RemoteHost(value) is not null) continue;
            if (k < c.Args.Length - 1) c.AddPath(EffectKind.Read, c.Args[k], EffectFlags.Recursive);
            else c.AddPath(EffectKind.Write, c.Args[k], EffectFlags.Recursive);
        }
    }
}
