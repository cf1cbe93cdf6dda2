namespace Mstro.Bouncer.Analysis;

[Flags]
internal enum ArgFlags : byte
{
    None = 0,
    /// <summary>Part of the value comes from an expansion whose value is unknown.</summary>
    Unresolved = 1 << 0,
    /// <summary>The value starts with an unknown expansion (<c>"$DIR"/x</c>).</summary>
    LeadingUnknown = 1 << 1,
    /// <summary>Some part was quoted or escaped.</summary>
    Quoted = 1 << 2,
    /// <summary>Stands for the files a filter selected (find -exec {} after -name, xargs after grep -l).</summary>
    Filtered = 1 << 3,
    /// <summary>Written with <c>$'\x..'</c> escapes: the text on screen is not the text that runs.</summary>
    Escaped = 1 << 4,
    /// <summary>Some part came from a parameter or command expansion (the text was built, not written).</summary>
    Expanded = 1 << 5,
    /// <summary>A command substitution, or a variable that names the user, the machine or a secret, is followed by a
    /// written <c>.</c>: its value is a label of a host name (<c>$(whoami).x.oast.example</c>), which a lookup sends to
    /// that domain's name server.</summary>
    HostLabel = 1 << 6,
}

/// <summary>One argument after expansion.</summary>
/// <remarks><see cref="Value"/> keeps unknown parts as written (<c>$DIR/*</c>); <see cref="Known"/> leaves them out
/// (<c>/*</c>), which is what the path logic works on: an unknown variable may well be empty.</remarks>
internal readonly struct Arg
{
    private Arg(string value, string known, int globAt, int unknownAt, ArgFlags flags, DataSource? source)
    {
        Value = value;
        Known = known;
        GlobAt = globAt;
        UnknownAt = unknownAt;
        Flags = flags;
        Source = source;
    }

    /// <summary>The value, unknown parts as written.</summary>
    public string Value { get; }

    /// <summary>The value with unknown parts left out.</summary>
    public string Known { get; }

    /// <summary>Index in <see cref="Known"/> of the first live (unquoted) glob character, or -1.</summary>
    public int GlobAt { get; }

    /// <summary>Index in <see cref="Known"/> where the first unknown part was, when it is not at the start; or -1.</summary>
    public int UnknownAt { get; }

    public ArgFlags Flags { get; }

    /// <summary>Where substituted content came from (<c>"$(curl ...)"</c>, <c>&lt;(...)</c>), when it matters.</summary>
    public DataSource? Source { get; }

    public bool IsUnresolved => (Flags & ArgFlags.Unresolved) != 0;

    public bool HasGlob => GlobAt >= 0;

    /// <summary>The value when it is fully known, else null.</summary>
    public string? KnownValue => IsUnresolved ? null : Value;

    public static Arg Literal(string value) => new(value, value, -1, -1, ArgFlags.None, null);

    /// <summary>A literal as an unquoted word would give it (globs live).</summary>
    public static Arg Unquoted(string value) => new(value, value, Globs.FirstGlob(value), -1, ArgFlags.None, null);

    public static Arg Create(string value, string known, int globAt, int unknownAt, ArgFlags flags, DataSource? source) =>
        new(value, known, globAt, unknownAt, flags, source);

    /// <summary>An argument nobody can know (xargs input, a dynamic value).</summary>
    public static Arg Unknown(string asWritten, DataSource? source = null) =>
        new(asWritten, "", -1, -1, ArgFlags.Unresolved | ArgFlags.LeadingUnknown, source);

    /// <summary>Stands for files under <paramref name="directory"/> (find's {}, xargs fed by find). With the one name
    /// pattern find selected by (<c>-name '*.pem'</c>), it is <c>DIR/**/PATTERN</c>, so rules that name files by pattern
    /// (<c>**/*.pem</c>) can match it.</summary>
    public static Arg FilesUnder(string directory, bool filtered, string? namePattern = null)
    {
        var separator = directory.EndsWith('/') ? "" : "/";
        if (namePattern is not null)
        {
            var pattern = directory + separator + "**/" + namePattern;
            return new(pattern, pattern, directory.Length + separator.Length, -1, ArgFlags.Filtered, null);
        }
        var known = directory + separator + "*";
        return new(known, known, known.Length - 1, -1, filtered ? ArgFlags.Filtered : ArgFlags.None, null);
    }

    public Arg WithSource(DataSource? source) => new(Value, Known, GlobAt, UnknownAt, Flags, source);

    public override string ToString() => Value;
}

internal static class Globs
{
    /// <summary>Index of the first glob character (<c>* ? [</c>) or -1.</summary>
    public static int FirstGlob(string text) => text.AsSpan().IndexOfAny('*', '?', '[');
}

/// <summary>The values of <c>argv[1..]</c>, read in place: an invocation's arguments without a copy (an argv is not
/// changed once it runs).</summary>
internal sealed class ArgumentValues(Arg[] argv) : IReadOnlyList<string>
{
    public string this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
            return argv[index + 1].Value;
        }
    }

    public int Count => argv.Length - 1;

    public IEnumerator<string> GetEnumerator()
    {
        for (var i = 1; i < argv.Length; i++) yield return argv[i].Value;
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
