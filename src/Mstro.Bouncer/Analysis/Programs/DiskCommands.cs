namespace Mstro.Bouncer.Analysis.Programs;

/// <summary>Programs that format disks or wipe partition tables. Listing/printing forms are harmless.</summary>
internal static class DiskCommands
{
    public static void Register(ProgramTable table)
    {
        table["mkfs"] = c => Format(c, null);
        table["wipefs"] = c => Format(c, HasAny(c, "-a", "--all", "-o", "--offset", "-af", "-fa") ? null : "list");
        table["fdisk"] = c => Format(c, HasAny(c, "-l", "--list", "-s", "--show-size", "-d", "--dump", "-J", "--json",
            "-V", "--verify", "--version", "-h", "--help") ? "list" : null);
        table["sgdisk"] = c => Format(c, OnlyReadOnly(c, "-p", "--print", "-v", "--verify", "-i", "--info", "-L",
            "--list-types", "-b", "--backup", "-P", "--pretend") ? "list" : null);
        table["parted"] = Parted;
        table["diskutil"] = Diskutil;
        table["blkdiscard"] = c => Format(c, null);
        table["cryptsetup"] = c => Format(c, HasAny(c, "luksFormat", "erase", "luksErase", "reencrypt", "format") ? null : "list");
        table["zpool"] = c => Format(c, HasAny(c, "create", "destroy", "labelclear") ? null : "list");
        table["mdadm"] = c => Format(c, HasAny(c, "--create", "-C", "--zero-superblock") ? null : "list");
        table["hdparm"] = c => Format(c, c.Args.Any(a => a.Value.StartsWith("--security-erase", StringComparison.Ordinal)
            || a.Value is "--trim-sector-ranges" or "--write-sector" or "--make-bad-sector") ? null : "list");
        table["badblocks"] = c => Format(c, HasAny(c, "-w", "-wsv", "-wv", "-ws") ? null : "list");
        foreach (var name in new[] { "lvremove", "vgremove", "pvremove" }) table[name] = c => Format(c, null);
        // nvme-cli: format and sanitize erase the namespace or the whole drive; write/write-zeroes/dsm change its blocks.
        table["nvme"] = c => Format(c, c.Count > 1 && c.Args[1].Value is "format" or "sanitize" or "write" or "write-zeroes"
            or "write-uncor" or "dsm" or "ns-delete" or "delete-ns" or "fw-download" or "fw-commit" ? null : "list");
        // sg3_utils: low-level SCSI format, sanitize and unmap (discard) of the device.
        foreach (var name in new[] { "sg_format", "sg_sanitize", "sg_unmap", "sg_write_same" }) table[name] = c => Format(c, null);
    }

    /// <summary>A FormatDevice effect on the device operand (or without a path when there is none).</summary>
    /// <param name="harmless">Non-null when the invocation only lists or prints.</param>
    private static void Format(CommandContext c, string? harmless)
    {
        c.PathsHandled = true;
        if (harmless is not null) return;
        string? device = null;
        foreach (var arg in c.Args.AsSpan(1))
        {
            var value = arg.Value;
            if (value.StartsWith("/dev/", StringComparison.Ordinal)) device = value;
            else if (device is null && value.StartsWith("disk", StringComparison.Ordinal) && value.Length > 4 && char.IsAsciiDigit(value[4]))
                device = "/dev/" + value;
        }
        if (device is null)
        {
            for (var i = c.Args.Length - 1; i > 0; i--)
            {
                if (c.Args[i].Value.StartsWith('-')) continue;
                device = c.PathOf(c.Args[i]).Path;
                break;
            }
        }
        if (device is not null && !device.StartsWith("/dev/", StringComparison.Ordinal))
        {
            // A filesystem made inside an image file (mkfs.ext4 build/disk.img) rewrites that file, no disk.
            c.AddAbsolute(EffectKind.Write, device);
            return;
        }
        c.Add(EffectKind.FormatDevice, path: device, detail: c.Program);
    }

    private static bool HasAny(CommandContext c, params string[] values)
    {
        foreach (var arg in c.Args.AsSpan(1))
        {
            if (Array.IndexOf(values, arg.Value) >= 0) return true;
        }
        return false;
    }

    private static bool OnlyReadOnly(CommandContext c, params string[] readOnly)
    {
        var any = false;
        foreach (var arg in c.Args.AsSpan(1))
        {
            var value = arg.Value;
            if (!value.StartsWith('-')) continue;
            if (Array.IndexOf(readOnly, value) < 0 && Array.IndexOf(readOnly, value.Split('=')[0]) < 0) return false;
            any = true;
        }
        return any;
    }

    private static void Parted(CommandContext c)
    {
        string[] destructive = ["mklabel", "mktable", "mkpart", "mkpartfs", "rm", "resizepart", "resize", "mkfs", "rescue", "move", "cp"];
        var destroys = c.Args.Skip(1).Any(a => Array.IndexOf(destructive, a.Value) >= 0);
        Format(c, destroys ? null : "list");
    }

    private static void Diskutil(CommandContext c)
    {
        var destroys = c.Args.Skip(1).Any(a => a.Value.StartsWith("erase", StringComparison.OrdinalIgnoreCase)
            || a.Value is "reformat" or "partitionDisk" or "zeroDisk" or "randomDisk" or "secureErase" or "deleteContainer"
                or "deleteVolume" or "splitPartition" or "mergePartitions" or "resizeVolume");
        Format(c, destroys ? null : "list");
    }
}
