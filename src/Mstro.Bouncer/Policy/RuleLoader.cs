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

/// <summary>Loads the built-in packs plus the user's and the project's rules files.
/// (Placeholder: the policy work implements parsing, validation and merging.)</summary>
public static class RuleLoader
{
    /// <summary>Built-ins + <paramref name="userFile"/> (e.g. ~/.mstro/bouncer.json) + <paramref name="projectFile"/>
    /// (e.g. &lt;project&gt;/.mstro/bouncer.json). Missing files are fine (no rules, no error).</summary>
    public static LoadedRules Load(string? userFile, string? projectFile)
    {
        _ = userFile;
        _ = projectFile;
        return new LoadedRules(RuleSet.BuiltIn, [], []);
    }
}
