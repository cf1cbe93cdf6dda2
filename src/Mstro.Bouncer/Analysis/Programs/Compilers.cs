namespace Mstro.Bouncer.Analysis.Programs;

/// <summary>Compilers and linkers: the file they produce (<c>-o out</c>, <c>a.out</c> by default) is written, and is what the
/// call built, so running it later in the same call is running the call's own program, not code from elsewhere. Other
/// arguments keep the generic treatment (paths read).</summary>
internal static class Compilers
{
    public static void Register(ProgramTable table)
    {
        foreach (var name in new[] { "gcc", "g++", "cc", "c++", "clang", "clang++", "tcc", "gfortran", "nvcc", "icc", "icx" })
            table[name] = c => Compile(c, "a.out");
        foreach (var name in new[] { "rustc", "swiftc", "ld", "ld.lld", "ld.gold", "lld", "mold", "ghc", "fpc", "nim", "zig" })
            table[name] = c => Compile(c, null);
    }

    private static void Compile(CommandContext c, string? defaultOutput)
    {
        var produced = false;
        var onlyObjects = false;
        for (var i = 1; i < c.Args.Length; i++)
        {
            var value = c.Args[i].Value;
            if (value is "-c" or "-S" or "-E") onlyObjects = true;
            Arg? output = null;
            if (value == "-o" && i + 1 < c.Args.Length) output = c.Args[++i];
            else if (value.StartsWith("-o", StringComparison.Ordinal) && value.Length > 2 && !value.StartsWith("-o-", StringComparison.Ordinal)
                && c.Program is not ("ld" or "ld.lld" or "ld.gold" or "lld" or "mold")) output = Arg.Unquoted(value[2..]);
            else if (value.StartsWith("-femit-bin=", StringComparison.Ordinal)) output = Arg.Unquoted(value["-femit-bin=".Length..]);
            if (output is not { } file) continue;
            produced = true;
            c.AddPath(EffectKind.Write, file);
            c.Analysis.NoteBuilt(c.PathOf(file).Path);
        }
        if (!produced && !onlyObjects && defaultOutput is not null) c.Analysis.NoteBuilt(PathText.Absolute(c.Cwd, defaultOutput));
    }
}
