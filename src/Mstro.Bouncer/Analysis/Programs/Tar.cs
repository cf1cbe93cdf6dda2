namespace Mstro.Bouncer.Analysis.Programs;

/// <summary>tar in its three spellings (<c>tar czf a.tgz dir</c>, <c>tar -xzf a.tgz -C dir</c>, <c>tar --extract
/// --file=a.tar</c>), including the options that run commands (<c>--checkpoint-action=exec=</c>, <c>--to-command</c>).</summary>
internal static class Tar
{
    private const string LettersWithValue = "fCTXbHKNgILVF";

    private static readonly OptionSpec Spec = new(LettersWithValue,
        "file", "directory", "files-from", "exclude-from", "blocking-factor", "format", "starting-file", "newer",
        "listed-incremental", "use-compress-program", "tape-length", "label", "info-script", "new-volume-script",
        "to-command", "checkpoint-action", "exclude", "transform", "xform", "owner", "group", "mode", "mtime", "suffix",
        "strip-components", "rsh-command");

    private enum Mode
    {
        None,
        Create,
        Extract,
        List,
    }

    public static void Handle(CommandContext c)
    {
        c.PathsHandled = true;
        var args = c.Args;
        var mode = Mode.None;
        Arg? archive = null;
        Arg? directory = null;
        var removeFiles = false;
        var operands = new List<Arg>();

        var start = 1;
        if (args.Length > 1 && !args[1].Value.StartsWith('-') && IsOldStyleBundle(args[1].Value))
        {
            // Old style: `tar czf out.tgz dir` — the letters' values follow in order.
            var next = 2;
            foreach (var letter in args[1].Value)
            {
                mode = Apply(letter, mode);
                if (!LettersWithValue.Contains(letter, StringComparison.Ordinal) || next >= args.Length) continue;
                var value = args[next++];
                if (letter == 'f') archive = value;
                else if (letter == 'C') directory = value;
                else if (letter is 'T' or 'X') c.AddPath(EffectKind.Read, value);
                else if (letter is 'I' or 'F') c.RunShellText(value.Value);
            }
            start = next;
        }

        var reader = new OptionReader(args, start, Spec);
        while (reader.Next(out var option))
        {
            switch (option.Kind)
            {
                case OptionKind.Short:
                    mode = Apply(option.Short, mode);
                    if (option.Value is not { } value) break;
                    if (option.Short == 'f') archive = value;
                    else if (option.Short == 'C') directory = value;
                    else if (option.Short is 'T' or 'X') c.AddPath(EffectKind.Read, value);
                    else if (option.Short is 'I' or 'F') c.RunShellText(value.Value);
                    break;
                case OptionKind.Long:
                    switch (option.Long)
                    {
                        case "create": mode = Mode.Create; break;
                        case "extract" or "get": mode = Mode.Extract; break;
                        case "list": mode = Mode.List; break;
                        case "append" or "update": mode = Mode.Create; break;
                        case "file" when option.Value is { } file: archive = file; break;
                        case "directory" when option.Value is { } dir: directory = dir; break;
                        case "remove-files": removeFiles = true; break;
                        case "files-from" or "exclude-from" when option.Value is { } list: c.AddPath(EffectKind.Read, list); break;
                        case "to-command" or "use-compress-program" or "info-script" or "new-volume-script" or "rsh-command"
                            when option.Value is { } command:
                            c.RunShellText(command.Value);
                            break;
                        case "checkpoint-action" when option.Value is { } action:
                            var text = action.Value;
                            if (text.StartsWith("exec=", StringComparison.Ordinal)) c.RunShellText(text[5..]);
                            break;
                    }
                    break;
                case OptionKind.Operand when option.Value is { } operand:
                    operands.Add(operand);
                    break;
            }
        }

        var state = c.State;
        if (directory is { } d && c.PathOf(d).Path is { } dirPath)
        {
            state = c.State.Clone();
            state.ChangeDirectory(dirPath, false);
        }

        var toStdio = archive is null || archive.Value.Value == "-";
        switch (mode)
        {
            case Mode.Create:
                string? first = null;
                foreach (var operand in operands)
                {
                    c.Analysis.AddPathEffect(EffectKind.Read, c.Invocation, operand, state, EffectFlags.Recursive | c.Scope.Inherited, null, true);
                    first ??= ArgPath.Of(operand, state.Cwd, state.CwdUnresolved, c.Home).Path;
                    if (removeFiles) c.Analysis.AddPathEffect(EffectKind.Delete, c.Invocation, operand, state, EffectFlags.Recursive | c.Scope.Inherited, null, false);
                }
                if (!toStdio) c.Analysis.WriteTo(c.Invocation, archive!.Value, c.State, c.Scope, false);
                c.Output = toStdio ? new DataSource(SourceKind.File, Path: first, Tree: true) : DataSource.None;
                break;
            case Mode.Extract:
                if (!toStdio) c.AddPath(EffectKind.Read, archive!.Value);
                var target = directory is { } extractTo ? c.PathOf(extractTo).Path : c.Cwd;
                if (target is null) break;
                c.AddAbsolute(EffectKind.Write, target, EffectFlags.Recursive | EffectFlags.Glob);
                if (toStdio && c.Stdin.Kind == SourceKind.Download) c.Analysis.NoteDownloaded(target, c.Stdin.Host, tree: true);
                else if (!toStdio && c.PathOf(archive!.Value).Path is { } archivePath && c.Analysis.RunsUnreadCode(archivePath, out _, out var host))
                    c.Analysis.NoteDownloaded(target, host, tree: true);
                break;
            case Mode.List:
                if (!toStdio) c.AddPath(EffectKind.Read, archive!.Value);
                break;
        }
    }

    private static Mode Apply(char letter, Mode mode) => letter switch
    {
        'c' or 'r' or 'u' or 'A' => Mode.Create,
        'x' => Mode.Extract,
        't' => Mode.List,
        _ => mode,
    };

    private static bool IsOldStyleBundle(string value)
    {
        if (value.Length == 0 || value.Length > 16) return false;
        var hasMode = false;
        foreach (var letter in value)
        {
            if (!char.IsAsciiLetter(letter)) return false;
            hasMode |= letter is 'c' or 'x' or 't' or 'r' or 'u' or 'A';
        }
        return hasMode;
    }
}
