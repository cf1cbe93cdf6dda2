
namespace Mstro.Bouncer.Analysis.Programs;

/// <summary>Programs that delete, change, copy, move or create files: rm, find, chmod/chown, dd, cp/mv, ln, tar...
/// and the directory builtins (cd, pushd, popd).</summary>
internal static class FileCommands
{
    private static readonly System.Buffers.SearchValues<char> SymbolicPermissions = System.Buffers.SearchValues.Create("rwxXst");
    private static readonly OptionSpec Shred = new("ns", "iterations", "size", "random-source");
    private static readonly OptionSpec Chown = new("", "from", "reference");
    private static readonly OptionSpec Copy = new("tS", "target-directory", "suffix");
    private static readonly OptionSpec Install = new("mogtSb", "mode", "owner", "group", "target-directory", "suffix", "strip-program");
    private static readonly OptionSpec Link = new("tS", "target-directory", "suffix");
    private static readonly OptionSpec Truncate = new("sr", "size", "reference");
    private static readonly OptionSpec Touch = new("drt", "date", "reference", "time");
    private static readonly OptionSpec Mkdir = new("m", "mode", "context");
    private static readonly OptionSpec Zip = new("bnPtx", "temp-path", "suffixes", "password", "exclude");
    private static readonly OptionSpec Unzip = new("dxP");

    /// <summary>find primaries that narrow what the expression selects.</summary>
    private static readonly HashSet<string> FindFilters = new[]
    {
        "-name", "-iname", "-path", "-ipath", "-wholename", "-iwholename", "-regex", "-iregex", "-newer", "-anewer",
        "-cnewer", "-mtime", "-mmin", "-atime", "-amin", "-ctime", "-cmin", "-size", "-user", "-group", "-uid", "-gid",
        "-nouser", "-nogroup", "-empty", "-perm", "-inum", "-samefile", "-links", "-lname", "-ilname", "-used",
        "-newermt", "-newerct", "-newerat", "-newermm", "-newerBt", "-context",
    }.ToHashSet(StringComparer.Ordinal);

    /// <summary>find primaries that take one argument (filters and others).</summary>
    private static readonly HashSet<string> FindWithValue = new[]
    {
        "-name", "-iname", "-path", "-ipath", "-wholename", "-iwholename", "-regex", "-iregex", "-newer", "-anewer",
        "-cnewer", "-mtime", "-mmin", "-atime", "-amin", "-ctime", "-cmin", "-size", "-user", "-group", "-uid", "-gid",
        "-perm", "-inum", "-samefile", "-links", "-lname", "-ilname", "-used", "-type", "-xtype", "-maxdepth",
        "-mindepth", "-fstype", "-printf", "-regextype", "-newermt", "-newerct", "-newerat", "-newermm", "-newerBt",
        "-context", "-files0-from", "-fprint", "-fprint0", "-fls",
    }.ToHashSet(StringComparer.Ordinal);

    public static void Register(ProgramTable table)
    {
        table["rm"] = Remove;
        table["rmdir"] = c => DeleteOperands(c, EffectFlags.None);
        table["unlink"] = c => DeleteOperands(c, EffectFlags.None);
        table["srm"] = c => DeleteOperands(c, EffectFlags.Force | EffectFlags.Recursive);
        table["wipe"] = c => DeleteOperands(c, EffectFlags.Force | EffectFlags.Recursive);
        table["shred"] = ShredFiles;
        table["find"] = Find;
        table["chmod"] = ChangeMode;
        table["chown"] = c => ChangeOwner(c, "");
        table["chgrp"] = c => ChangeOwner(c, ":");
        table["chattr"] = c => ChangeOwner(c, "attributes ");
        table["dd"] = Dd;
        table["cp"] = c => CopyLike(c, Copy, move: false);
        table["mv"] = c => CopyLike(c, Copy, move: true);
        table["install"] = InstallFiles;
        table["ln"] = LinkFiles;
        table["truncate"] = c => WriteOperands(c, Truncate);
        table["touch"] = c => WriteOperands(c, Touch);
        table["mkdir"] = c => WriteOperands(c, Mkdir);
        table["mkfifo"] = c =>
        {
            WriteOperands(c, Mkdir);
            c.Roles |= CommandRoles.Fifo;
        };
        table["mknod"] = c =>
        {
            c.PathsHandled = true;
            if (c.Count > 1) c.AddPath(EffectKind.Write, c.Args[1]);
            if (c.Args.Any(a => a.Value == "p")) c.Roles |= CommandRoles.Fifo;
        };
        table["tar"] = Tar.Handle;
        table["zip"] = ZipFiles;
        table["unzip"] = UnzipFiles;
        table["cd"] = ChangeDirectory;
        table["pushd"] = ChangeDirectory;
        table["popd"] = c =>
        {
            c.PathsHandled = true;
            c.State.PopDirectory();
        };
        table["ls"] = List;
    }

    /// <summary><c>rm [-rRf] [--recursive] [--force] [--] paths</c>.</summary>
    private static void Remove(CommandContext c)
    {
        c.PathsHandled = true;
        var flags = EffectFlags.None;
        var reader = new OptionReader(c.Args, 1, OptionSpec.None);
        while (reader.Next(out var option))
        {
            if (option.Is('r') || option.Is('R') || option.Is("recursive")) flags |= EffectFlags.Recursive;
            else if (option.Is('f') || option.Is("force")) flags |= EffectFlags.Force;
        }
        reader = new OptionReader(c.Args, 1, OptionSpec.None);
        while (reader.Next(out var option))
        {
            if (option.Kind == OptionKind.Operand && option.Value is { } operand)
                c.AddPath(EffectKind.Delete, operand, flags, followLast: false);
        }
    }

    private static void DeleteOperands(CommandContext c, EffectFlags flags)
    {
        c.PathsHandled = true;
        var reader = new OptionReader(c.Args, 1, OptionSpec.None);
        while (reader.Next(out var option))
        {
            if (option.Kind == OptionKind.Operand && option.Value is { } operand)
                c.AddPath(EffectKind.Delete, operand, flags, followLast: false);
        }
    }

    /// <summary>shred destroys a file's contents (a delete), or a whole disk.</summary>
    private static void ShredFiles(CommandContext c)
    {
        c.PathsHandled = true;
        var reader = new OptionReader(c.Args, 1, Shred);
        while (reader.Next(out var option))
        {
            if (option.Kind != OptionKind.Operand || option.Value is not { } operand) continue;
            var path = c.PathOf(operand).Path;
            if (path is not null && Devices.IsBlockDevice(path)) c.AddAbsolute(EffectKind.WriteDevice, path, EffectFlags.Force);
            else c.AddPath(EffectKind.Delete, operand, EffectFlags.Force);
        }
    }

    /// <summary><c>find [-H|-L|-P] roots... expression</c>: -delete deletes the tree, -exec runs a command on what it
    /// finds (with {} standing for files under the root); filters (-name, -mtime...) narrow both.</summary>
    private static void Find(CommandContext c)
    {
        c.PathsHandled = true;
        var args = c.Args;
        var i = 1;
        while (i < args.Length && args[i].Value is "-H" or "-L" or "-P" || i < args.Length && args[i].Value.StartsWith("-O", StringComparison.Ordinal))
            i++;
        if (i < args.Length && args[i].Value == "-D") i += 2;

        var roots = new List<Arg>();
        while (i < args.Length && !IsExpressionStart(args[i].Value)) roots.Add(args[i++]);
        if (roots.Count == 0) roots.Add(Arg.Literal("."));

        var filtered = false;
        var delete = false;
        var commands = new List<(int Start, int End)>();
        string? namePattern = null;
        var names = 0;
        var otherNarrowing = false;
        var huntsSecrets = false;
        for (var k = i; k < args.Length; k++)
        {
            var value = args[k].Value;
            // -name '*' selects everything: not a filter.
            if (FindFilters.Contains(value) && !(k + 1 < args.Length && args[k + 1].Value is "*" or "**")) filtered = true;
            if (value is "-name" or "-iname" && k + 1 < args.Length && !args[k + 1].IsUnresolved)
            {
                names++;
                namePattern = args[k + 1].Value;
                huntsSecrets |= SecretSearch.LooksLikeSecretFile(namePattern);
            }
            else if (value is "-path" or "-ipath" or "-wholename" or "-iwholename" or "-regex" or "-iregex" or "-o" or "-or" or "!" or "-not")
            {
                otherNarrowing = true;
                if (value is not ("-o" or "-or" or "!" or "-not") && k + 1 < args.Length)
                    huntsSecrets |= SecretSearch.LooksLikeSecretFile(args[k + 1].Value);
            }
            if (value == "-delete") delete = true;
            else if (value is "-exec" or "-execdir" or "-ok" or "-okdir")
            {
                var start = k + 1;
                var end = start;
                while (end < args.Length && args[end].Value is not (";" or "+")) end++;
                commands.Add((start, end));
                k = end;
                continue;
            }
            else if (value is "-fprint" or "-fprint0" or "-fls" or "-fprintf" && k + 1 < args.Length)
                c.Analysis.WriteTo(c.Invocation, args[k + 1], c.State, c.Scope, false);
            else if (value == "-files0-from" && k + 1 < args.Length) c.AddPath(EffectKind.Read, args[k + 1]);
            if (FindWithValue.Contains(value)) k += value == "-fprintf" ? 2 : 1;
        }

        // One plain name pattern (-name '*.pem', with -type and the like) names what is selected; -o, !, -path... do not.
        if (names != 1 || otherNarrowing || namePattern is null || namePattern.Length == 0 || namePattern.Contains('/', StringComparison.Ordinal))
            namePattern = null;
        var flags = EffectFlags.Recursive | (filtered ? EffectFlags.Filtered : EffectFlags.None);
        foreach (var root in roots)
        {
            var rootPath = c.PathOf(root);
            if (delete) c.AddPath(EffectKind.Delete, root, flags, followLast: true);
            if (huntsSecrets && !delete) c.AddPath(EffectKind.Read, root, flags, SecretSearch.Detail);
            foreach (var (start, end) in commands)
            {
                if (start >= end) continue;
                var files = rootPath.Path is { } directory ? Arg.FilesUnder(directory, filtered, namePattern) : Arg.Unknown("{}");
                var argv = new Arg[end - start];
                for (var k = start; k < end; k++)
                {
                    var value = args[k].Value;
                    argv[k - start] = value == "{}" ? files
                        : value.Contains("{}", StringComparison.Ordinal) && files.KnownValue is { } known
                            ? Arg.Unquoted(value.Replace("{}", known, StringComparison.Ordinal))
                            : args[k];
                }
                c.RunArgv(argv);
            }
        }
        var first = c.PathOf(roots[0]).Path;
        c.Output = new DataSource(SourceKind.Paths, Text: namePattern, Path: first, Filtered: filtered);
    }

    private static bool IsExpressionStart(string value) =>
        value.Length > 1 && value[0] == '-' || value is "(" or "!" or "," or "\\(";

    /// <summary><c>chmod [-R] MODE paths</c>; symbolic modes like <c>-x</c> are modes, not options.</summary>
    private static void ChangeMode(CommandContext c)
    {
        c.PathsHandled = true;
        var flags = EffectFlags.None;
        string? mode = null;
        var reference = false;
        var targets = new List<Arg>();
        var ended = false;
        for (var i = 1; i < c.Args.Length; i++)
        {
            var arg = c.Args[i];
            var value = arg.Value;
            if (!ended && value == "--")
            {
                ended = true;
                continue;
            }
            if (!ended && value.StartsWith("--", StringComparison.Ordinal))
            {
                if (value == "--recursive") flags |= EffectFlags.Recursive;
                if (value.StartsWith("--reference", StringComparison.Ordinal))
                {
                    reference = true;
                    if (!value.Contains('=', StringComparison.Ordinal)) i++;
                }
                continue;
            }
            if (!ended && value.Length > 1 && value[0] == '-' && !arg.IsUnresolved)
            {
                if (mode is null && !value.AsSpan(1).ContainsAnyExcept(SymbolicPermissions)) mode = value;
                else if (value.Contains('R', StringComparison.Ordinal)) flags |= EffectFlags.Recursive;
                continue;
            }
            if (mode is null && !reference) mode = value;
            else targets.Add(arg);
        }
        if (mode is not null && IsSetuid(mode)) flags |= EffectFlags.Setuid;
        foreach (var target in targets) c.AddPath(EffectKind.ChangeMode, target, flags, mode);
    }

    /// <summary>True for modes that set the setuid or setgid bit: <c>u+s</c>, <c>+s</c>, <c>4755</c>, <c>2755</c>.</summary>
    internal static bool IsSetuid(string mode)
    {
        if (mode.Length >= 4 && !mode.AsSpan().ContainsAnyExceptInRange('0', '7'))
            return ((mode[^4] - '0') & 6) != 0;
        foreach (var clause in mode.Split(','))
        {
            var op = clause.AsSpan().IndexOfAny('+', '=');
            if (op < 0) continue;
            var who = clause.AsSpan(0, op);
            if (clause.AsSpan(op).Contains('s') && (who.IsEmpty || who.ContainsAny('u', 'g') || who.Contains('a'))) return true;
        }
        return false;
    }

    private static void ChangeOwner(CommandContext c, string ownerPrefix)
    {
        c.PathsHandled = true;
        var flags = EffectFlags.None;
        string? owner = null;
        var reference = false;
        var reader = new OptionReader(c.Args, 1, Chown);
        while (reader.Next(out var option))
        {
            if (option.Is('R') || option.Is("recursive")) flags |= EffectFlags.Recursive;
            else if (option.Is("reference")) reference = true;
            else if (option.Kind == OptionKind.Operand && option.Value is { } operand)
            {
                if (owner is null && !reference) owner = ownerPrefix + operand.Value;
                else c.AddPath(EffectKind.ChangeOwner, operand, flags, owner);
            }
        }
    }

    /// <summary><c>dd if=X of=Y</c>: of= a disk is a raw device write; if= is a read.</summary>
    private static void Dd(CommandContext c)
    {
        c.PathsHandled = true;
        var input = c.Stdin;
        var wrote = false;
        for (var i = 1; i < c.Args.Length; i++)
        {
            var arg = c.Args[i];
            var value = arg.Value;
            if (value.StartsWith("if=", StringComparison.Ordinal))
            {
                var file = Suffix(arg, 3);
                var path = c.PathOf(file).Path;
                if (path is null || !Devices.IsHarmless(path)) c.AddPath(EffectKind.Read, file);
                input = new DataSource(SourceKind.File, Path: path);
            }
            else if (value.StartsWith("of=", StringComparison.Ordinal))
            {
                c.Analysis.WriteTo(c.Invocation, Suffix(arg, 3), c.State, c.Scope, false);
                wrote = true;
            }
        }
        c.Output = wrote ? DataSource.None : input;
    }

    /// <summary>The value after <c>key=</c> in an argument, keeping what is unknown.</summary>
    internal static Arg Suffix(in Arg arg, int length)
    {
        var value = arg.Value[length..];
        if (!arg.IsUnresolved) return Arg.Unquoted(value);
        if (arg.Known.Length < length) return Arg.Unknown(value, arg.Source);
        var known = arg.Known[length..];
        var unknownAt = arg.UnknownAt >= length ? arg.UnknownAt - length : -1;
        var flags = arg.Flags;
        if (arg.UnknownAt == length)
        {
            flags |= ArgFlags.LeadingUnknown;
            unknownAt = -1;
        }
        return Arg.Create(value, known, arg.GlobAt >= length ? arg.GlobAt - length : -1, unknownAt, flags, arg.Source);
    }

    /// <summary>cp / mv: sources are read (mv also removes them), the destination is written — and, when it is a
    /// directory, so is destination/source-name.</summary>
    private static void CopyLike(CommandContext c, OptionSpec spec, bool move)
    {
        c.PathsHandled = true;
        var recursive = move;
        Arg? target = null;
        var noTargetDirectory = false;
        var operands = new List<Arg>();
        var reader = new OptionReader(c.Args, 1, spec);
        while (reader.Next(out var option))
        {
            if (option.Is('r') || option.Is('R') || option.Is('a') || option.Is("recursive") || option.Is("archive")) recursive = true;
            else if ((option.Is('t') || option.Is("target-directory")) && option.Value is { } directory) target = directory;
            else if (option.Is('T') || option.Is("no-target-directory")) noTargetDirectory = true;
            else if (option.Kind == OptionKind.Operand && option.Value is { } operand) operands.Add(operand);
        }
        if (target is null)
        {
            if (operands.Count < 2) return;
            target = operands[^1];
            operands.RemoveAt(operands.Count - 1);
        }
        Transfer(c, operands, target.Value, recursive, move, noTargetDirectory);
    }

    internal static void Transfer(CommandContext c, List<Arg> sources, in Arg target, bool recursive, bool move, bool noTargetDirectory)
    {
        var readFlags = recursive ? EffectFlags.Recursive : EffectFlags.None;
        foreach (var source in sources)
        {
            c.AddPath(EffectKind.Read, source, readFlags);
            if (move) c.AddPath(EffectKind.Delete, source, followLast: false);
        }

        var destination = c.PathOf(target);
        c.Analysis.WriteTo(c.Invocation, target, c.State, c.Scope, false);
        if (destination.Path is null || noTargetDirectory || destination.Path.StartsWith("/dev/", StringComparison.Ordinal)) return;
        foreach (var source in sources)
        {
            if (source.HasGlob || source.IsUnresolved)
            {
                c.AddAbsolute(EffectKind.Write, destination.Path, destination.Flags | EffectFlags.Glob);
                continue;
            }
            var name = PathText.BaseName(source.Value);
            var content = c.Analysis.ContentWritten(c.PathOf(source).Path);
            if (content is not null) c.Analysis.Persisted(destination.Path, content, c.Scope);
            if (name.Length == 0 || name is "." or ".." || name == PathText.BaseName(destination.Path)) continue;
            c.AddAbsolute(EffectKind.Write, destination.Path + "/" + name, destination.Flags | (recursive ? EffectFlags.Recursive : 0));
            if (content is not null) c.Analysis.Persisted(destination.Path + "/" + name, content, c.Scope);
        }
    }

    private static void InstallFiles(CommandContext c)
    {
        c.PathsHandled = true;
        var directories = false;
        string? mode = null;
        Arg? target = null;
        var operands = new List<Arg>();
        var reader = new OptionReader(c.Args, 1, Install);
        while (reader.Next(out var option))
        {
            if (option.Is('d') || option.Is("directory")) directories = true;
            else if ((option.Is('m') || option.Is("mode")) && option.Value is { } value) mode = value.Value;
            else if ((option.Is('t') || option.Is("target-directory")) && option.Value is { } directory) target = directory;
            else if (option.Kind == OptionKind.Operand && option.Value is { } operand) operands.Add(operand);
        }
        var setuid = mode is not null && IsSetuid(mode);
        if (directories)
        {
            foreach (var operand in operands) c.AddPath(EffectKind.Write, operand);
            return;
        }
        if (target is null)
        {
            if (operands.Count < 2) return;
            target = operands[^1];
            operands.RemoveAt(operands.Count - 1);
        }
        Transfer(c, operands, target.Value, false, false, false);
        if (setuid) c.AddPath(EffectKind.ChangeMode, target.Value, EffectFlags.Setuid, mode);
    }

    /// <summary><c>ln [-s] TARGET LINK</c>: the link is written (its target is not touched).</summary>
    private static void LinkFiles(CommandContext c)
    {
        c.PathsHandled = true;
        Arg? directory = null;
        var operands = new List<Arg>();
        var reader = new OptionReader(c.Args, 1, Link);
        while (reader.Next(out var option))
        {
            if ((option.Is('t') || option.Is("target-directory")) && option.Value is { } value) directory = value;
            else if (option.Kind == OptionKind.Operand && option.Value is { } operand) operands.Add(operand);
        }
        if (directory is { } dir)
        {
            var path = c.PathOf(dir).Path;
            foreach (var operand in operands)
            {
                if (path is not null) c.AddAbsolute(EffectKind.Write, path + "/" + PathText.BaseName(operand.Value), followLast: false);
            }
            return;
        }
        if (operands.Count == 1)
        {
            c.AddAbsolute(EffectKind.Write, c.Cwd + "/" + PathText.BaseName(operands[0].Value), followLast: false);
            return;
        }
        if (operands.Count < 2) return;
        var link = operands[^1];
        c.AddPath(EffectKind.Write, link, followLast: false);
        var linkPath = c.PathOf(link).Path;
        if (linkPath is null) return;
        for (var i = 0; i < operands.Count - 1; i++)
        {
            var name = PathText.BaseName(operands[i].Value);
            if (name.Length > 0 && name != PathText.BaseName(linkPath))
                c.AddAbsolute(EffectKind.Write, linkPath + "/" + name, followLast: false);
        }
    }

    private static void WriteOperands(CommandContext c, OptionSpec spec)
    {
        c.PathsHandled = true;
        var reader = new OptionReader(c.Args, 1, spec);
        while (reader.Next(out var option))
        {
            if (option.Kind == OptionKind.Operand && option.Value is { } operand)
                c.Analysis.WriteTo(c.Invocation, operand, c.State, c.Scope, false);
            else if ((option.Is('r') || option.Is("reference")) && option.Value is { } reference)
                c.AddPath(EffectKind.Read, reference);
        }
    }

    /// <summary><c>zip [-r] archive.zip files</c>: files are read, the archive written.</summary>
    private static void ZipFiles(CommandContext c)
    {
        c.PathsHandled = true;
        var recursive = false;
        var operands = new List<Arg>();
        var reader = new OptionReader(c.Args, 1, Zip);
        while (reader.Next(out var option))
        {
            if (option.Is('r') || option.Is('R') || option.Is("recurse-paths")) recursive = true;
            else if (option.Kind == OptionKind.Operand && option.Value is { } operand) operands.Add(operand);
        }
        if (operands.Count == 0) return;
        var toStdout = operands[0].Value == "-";
        if (!toStdout) c.Analysis.WriteTo(c.Invocation, operands[0], c.State, c.Scope, false);
        string? first = null;
        for (var i = 1; i < operands.Count; i++)
        {
            c.AddPath(EffectKind.Read, operands[i], recursive ? EffectFlags.Recursive : EffectFlags.None);
            first ??= c.PathOf(operands[i]).Path;
        }
        c.Output = toStdout ? new DataSource(SourceKind.File, Path: first, Tree: recursive) : DataSource.None;
    }

    /// <summary><c>unzip archive.zip [-d dir]</c>: writes anywhere under the directory.</summary>
    private static void UnzipFiles(CommandContext c)
    {
        c.PathsHandled = true;
        Arg? directory = null;
        var listing = false;
        var operands = new List<Arg>();
        var reader = new OptionReader(c.Args, 1, Unzip);
        while (reader.Next(out var option))
        {
            if (option.Is('d') && option.Value is { } dir) directory = dir;
            else if (option.Is('l') || option.Is('t') || option.Is('v') || option.Is('p') || option.Is('Z')) listing = true;
            else if (option.Kind == OptionKind.Operand && option.Value is { } operand) operands.Add(operand);
        }
        if (operands.Count == 0) return;
        c.AddPath(EffectKind.Read, operands[0]);
        if (listing) return;
        if (directory is { } d) c.AddPath(EffectKind.Write, d, EffectFlags.Recursive | EffectFlags.Glob);
        else c.AddAbsolute(EffectKind.Write, c.Cwd, EffectFlags.Recursive | EffectFlags.Glob);
        if (c.PathOf(operands[0]).Path is { } archive && c.Analysis.RunsUnreadCode(archive, out _, out var host))
            c.Analysis.NoteDownloaded(directory is { } to ? c.PathOf(to).Path : c.Cwd, host, tree: true);
    }

    /// <summary>cd / pushd: later relative paths resolve against the new directory.</summary>
    private static void ChangeDirectory(CommandContext c)
    {
        c.PathsHandled = true;
        Arg? target = null;
        for (var i = 1; i < c.Args.Length; i++)
        {
            var value = c.Args[i].Value;
            if (value is "-L" or "-P" or "-e" or "-@" or "--") continue;
            target = c.Args[i];
            break;
        }

        string destination;
        bool unresolved;
        if (target is null)
        {
            destination = c.Home;
            unresolved = false;
        }
        else if (target.Value.Value == "-")
        {
            destination = c.State.PreviousCwd ?? c.Cwd;
            unresolved = c.State.PreviousCwd is null;
        }
        else
        {
            var path = c.PathOf(target.Value);
            destination = path.Path ?? c.Cwd;
            unresolved = path.Path is null || (path.Flags & EffectFlags.Unresolved) != 0;
        }

        if (c.Program == "pushd") c.State.PushDirectory(destination, unresolved);
        else c.State.ChangeDirectory(destination, unresolved);
    }

    /// <summary>ls: lists names (no contents are read); its output is a list of files for xargs.</summary>
    private static void List(CommandContext c)
    {
        c.PathsHandled = true;
        string? directory = null;
        var filtered = false;
        for (var i = 1; i < c.Args.Length; i++)
        {
            if (c.Args[i].Value.StartsWith('-')) continue;
            var path = c.PathOf(c.Args[i]);
            directory ??= path.Path;
            filtered |= (path.Flags & EffectFlags.Filtered) != 0;
        }
        c.Output = new DataSource(SourceKind.Paths, Path: directory ?? c.Cwd, Filtered: filtered);
    }
}
