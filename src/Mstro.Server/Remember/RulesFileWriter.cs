using System.Security.Cryptography;
using System.Text;
using Mstro.Bouncer.Policy;
using Mstro.Server.Runtime;

namespace Mstro.Server.Remember;

/// <summary>What adding a rule to a rules file did.</summary>
/// <param name="Written">The rule is in the file now (it was added, or was already there: <paramref name="Existing"/>).</param>
/// <param name="Existing">An identical rule (same id) was there already; nothing was written.</param>
/// <param name="File">The file written (a symlinked rules file is written through its link).</param>
/// <param name="Problem">Why nothing was written, in words a person can act on.</param>
internal sealed record RuleFileWrite(bool Written, bool Existing, string File, string? Problem);

/// <summary>Adds one rule to a rules file safely: a broken file is refused, never overwritten; the new text keeps every
/// byte of the old one but the inserted rule; it is written to a temp file in the same directory (created 0600 for the
/// user's file), checked with the real rules parser and by the caller, and renamed over the file only if the file did not
/// change since it was read (re-read just before; retried a few times when it did).</summary>
internal static class RulesFileWriter
{
    private const int Attempts = 3;
    private static readonly Lock WriteLock = new();

    /// <param name="file">The rules file (created, with its directory, when missing).</param>
    /// <param name="source">Whose file it is: the user's file is kept 0600 in a 0700 directory.</param>
    /// <param name="ruleId">The new rule's id (an id already in the file means the rule is there).</param>
    /// <param name="ruleJson">The rule, one JSON object.</param>
    /// <param name="verify">Given the candidate file (a temp path), returns null when it is right, else the problem.</param>
    public static RuleFileWrite Add(string file, RuleSource source, string ruleId, string ruleJson, Func<string, string?> verify)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(verify);
        lock (WriteLock)
        {
            // A project's .mstro comes with the repository: whoever wrote it could point a link anywhere. Only the
            // user's own rules file is followed through a link (a dotfiles repository).
            if (source == RuleSource.Project && LinkIn(file) is { } link)
                return Refused(file, $"{link} is a symbolic link; the project's rules come with the repository, so mstro writes only a real file there.");
            if (source == RuleSource.User) file = ThroughLinks(file);
            var directory = Path.GetDirectoryName(file)!;
            try
            {
                if (source == RuleSource.User) PrivateFiles.EnsureDirectory(directory);
                else Directory.CreateDirectory(directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Refused(file, $"cannot create {directory}: {e.Message}.");
            }

            for (var attempt = 0; attempt < Attempts; attempt++)
            {
                byte[]? original;
                try
                {
                    original = ReadOrNull(file);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    return Refused(file, $"cannot read {file}: {e.Message}.");
                }

                string text;
                if (original is null)
                {
                    text = RulesFileText.NewFile(ruleJson);
                }
                else
                {
                    if (Broken(file, source) is { } broken) return Refused(file, broken);
                    if (RulesFileText.RuleIds(original).Contains(ruleId)) return new RuleFileWrite(true, true, file, null);
                    text = RulesFileText.Insert(original, ruleJson)
                           ?? string.Empty;
                    if (text.Length == 0) return Refused(file, $"{file} has no top-level \"rules\" array to add the rule to.");
                }

                var temp = Path.Combine(directory, $".{Path.GetFileName(file)}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}.tmp");
                try
                {
                    WriteNew(temp, text, ModeFor(file, source, original is null));
                    if (verify(temp) is { } problem) return Refused(file, problem.Replace(temp, file, StringComparison.Ordinal));
                    var current = ReadOrNull(file);
                    if (!SameBytes(current, original)) continue; // someone wrote the file meanwhile: start again from it
                    File.Move(temp, file, overwrite: true);
                    return new RuleFileWrite(true, false, file, null);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    return Refused(file, $"cannot write {file}: {e.Message}.");
                }
                finally
                {
                    if (File.Exists(temp)) File.Delete(temp);
                }
            }
            return Refused(file, $"{file} kept changing while mstro tried to add the rule; try again.");
        }
    }

    /// <summary>The errors of an existing file, as the hook would report them, or null when it loads cleanly.</summary>
    private static string? Broken(string file, RuleSource source)
    {
        var loaded = source == RuleSource.User ? RuleLoader.Load(file, null) : RuleLoader.Load(null, file);
        var errors = loaded.Errors.Where(error => error.File == file).ToList();
        if (errors.Count == 0) return null;
        return $"{file} has {(errors.Count == 1 ? "an error" : $"{errors.Count} errors")} ({errors[0]}); mstro does not " +
               "rewrite a broken rules file: fix it first.";
    }

    private static UnixFileMode ModeFor(string file, RuleSource source, bool created)
    {
        if (source == RuleSource.User || OperatingSystem.IsWindows()) return PrivateFiles.FileMode;
        if (created) return PrivateFiles.FileMode | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        return File.GetUnixFileMode(file) & (UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead) | UnixFileMode.UserWrite | UnixFileMode.UserRead;
    }

    private static void WriteNew(string path, string text, UnixFileMode mode)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = mode;
        using var stream = new FileStream(path, options);
        stream.Write(Encoding.UTF8.GetBytes(text));
        stream.Flush(flushToDisk: true);
    }

    private static byte[]? ReadOrNull(string file)
    {
        try
        {
            return File.ReadAllBytes(file);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static bool SameBytes(byte[]? a, byte[]? b) =>
        a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);

    /// <summary>A rules file kept elsewhere through a symlink (a dotfiles repository) is written where it really is.</summary>
    private static string ThroughLinks(string file)
    {
        try
        {
            return File.ResolveLinkTarget(file, returnFinalTarget: true)?.FullName ?? file;
        }
        catch (IOException)
        {
            return file;
        }
    }

    /// <summary>The file or its directory when either is a symbolic link; null otherwise.</summary>
    private static string? LinkIn(string file)
    {
        foreach (var path in new[] { file, Path.GetDirectoryName(file)! })
        {
            if (new FileInfo(path).LinkTarget is not null) return path;
        }
        return null;
    }

    private static RuleFileWrite Refused(string file, string problem) => new(false, false, file, problem);
}
