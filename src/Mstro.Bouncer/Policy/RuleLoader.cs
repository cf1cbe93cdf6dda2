namespace Mstro.Bouncer.Policy;

/// <summary>A problem in a rules file, located precisely enough to fix it.</summary>
/// <param name="File">The file's path.</param>
/// <param name="Line">1-based line (0 when the file could not be read at all).</param>
/// <param name="Field">The JSON path of the offending field, e.g. <c>rules[3].decision</c> (empty when not about a field).</param>
/// <param name="Message">What is wrong and what is expected.</param>
public sealed record RuleFileError(string File, int Line, string Field, string Message)
{
    public override string ToString() =>
        Field.Length == 0 ? $"{File}:{Line}: {Message}" : $"{File}:{Line}: {Field}: {Message}";
}

/// <summary>The rules in force and what went wrong loading them. A file with errors contributes no rules
/// (the built-in packs always stay on); callers must surface <see cref="Errors"/> loudly.</summary>
public sealed record LoadedRules(RuleSet RuleSet, IReadOnlyList<RuleFileError> Errors, IReadOnlyList<string> Warnings);

/// <summary>Loads the built-in packs plus the user's and the project's rules files (format: Policy/README.md).</summary>
public static class RuleLoader
{
    /// <summary>Built-ins + <paramref name="userFile"/> (e.g. ~/.mstro/bouncer.json) + <paramref name="projectFile"/>
    /// (e.g. &lt;project&gt;/.mstro/bouncer.json). Missing files are fine (no rules, no error); an unreadable or invalid
    /// file is reported in <see cref="LoadedRules.Errors"/> and contributes no rules. Allow rules in the project file are
    /// dropped with a warning. When both paths name the same file (a project at ~), it is read once, as the user's.</summary>
    public static LoadedRules Load(string? userFile, string? projectFile)
    {
        var builtIn = RuleSet.BuiltIn;
        var reservedIds = new Lazy<IReadOnlySet<string>>(() => builtIn.Rules.Select(rule => rule.Id).ToHashSet(StringComparer.Ordinal));
        var errors = new List<RuleFileError>();
        var warnings = new List<string>();
        var added = new List<Rule>();

        if (!string.IsNullOrEmpty(userFile))
            Collect(ReadFile(userFile, RuleSource.User, reservedIds), added, errors, warnings);

        if (!string.IsNullOrEmpty(projectFile) && !SameFile(userFile, projectFile))
        {
            var project = ReadFile(projectFile, RuleSource.Project, reservedIds);
            var userIds = added.Select(rule => rule.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var rule in project.Rules.Where(rule => userIds.Contains(rule.Id)))
                warnings.Add($"{projectFile}: rule id \"{rule.Id}\" is also used in {userFile}; both rules apply, " +
                             "but verdicts will not tell them apart");
            Collect(project, added, errors, warnings);
        }
        return new LoadedRules(builtIn.With(added), errors, warnings);
    }

    /// <summary>Reads and parses one rules file; a missing file yields nothing.</summary>
    /// <param name="reservedIds">The built-in rules' ids, made only when a file is there to parse.</param>
    internal static ParsedRuleFile ReadFile(string file, RuleSource source, Lazy<IReadOnlySet<string>> reservedIds)
    {
        byte[] bytes;
        try
        {
            if (Directory.Exists(file)) return Failure(file, "this is a directory, not a rules file");
            // Most users have no rules file: a few stats say so without the cost of a thrown FileNotFoundException.
            if (AbsentPath.IsCertain(file)) return ParsedRuleFile.Empty;
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (stream.Length > RuleFileParser.MaxFileBytes)
                return Failure(file, $"the file is {stream.Length} bytes; a rules file may be at most {RuleFileParser.MaxFileBytes} bytes");
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            bytes = memory.ToArray();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return ParsedRuleFile.Empty;
        }
        catch (UnauthorizedAccessException)
        {
            return Failure(file, "cannot read the file: permission denied (the rules in it are not in force)");
        }
        catch (IOException e)
        {
            return Failure(file, $"cannot read the file: {e.Message} (the rules in it are not in force)");
        }
        return RuleFileParser.Parse(bytes, file, source, reservedIds.Value);
    }

    private static ParsedRuleFile Failure(string file, string message) => new([], [new RuleFileError(file, 0, "", message)], []);

    private static void Collect(ParsedRuleFile parsed, List<Rule> rules, List<RuleFileError> errors, List<string> warnings)
    {
        rules.AddRange(parsed.Rules);
        errors.AddRange(parsed.Errors);
        warnings.AddRange(parsed.Warnings);
    }

    private static bool SameFile(string? a, string? b) =>
        !string.IsNullOrEmpty(a) && !string.IsNullOrEmpty(b)
        && string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), StringComparison.Ordinal);
}
