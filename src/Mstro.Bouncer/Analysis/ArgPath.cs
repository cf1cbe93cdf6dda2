namespace Mstro.Bouncer.Analysis;

/// <summary>The file system target an argument names, as the path rules see it.</summary>
/// <param name="Path">Absolute and normalised, or null when nothing about it is known (<c>"$DIR"</c>).</param>
/// <param name="Flags">Glob (covers the directory's contents), Filtered (a narrowing pattern), Unresolved.</param>
/// <param name="FollowsLink">The last component is followed if it is a symlink (a trailing slash, or a glob inside it).</param>
internal readonly record struct ArgPath(string? Path, EffectFlags Flags, bool FollowsLink)
{
    /// <summary>Works out the target of <paramref name="arg"/> relative to <paramref name="cwd"/>.</summary>
    /// <remarks>Unknown parts count as empty, the worst case: <c>rm -rf "$DIR"/*</c> is a delete of <c>/</c>'s contents.
    /// A glob matching everything (<c>*</c>) or an unknown part cuts the path to the directory above: the effect covers
    /// that directory's contents. A narrower glob keeps the pattern as the path (Glob, Filtered).</remarks>
    public static ArgPath Of(in Arg arg, string cwd, bool cwdUnresolved, string home)
    {
        var text = arg.Known;
        var flags = EffectFlags.None;
        if (arg.IsUnresolved) flags |= EffectFlags.Unresolved;
        if ((arg.Flags & ArgFlags.Filtered) != 0) flags |= EffectFlags.Filtered;

        if ((arg.Flags & ArgFlags.LeadingUnknown) != 0 && !text.StartsWith('/'))
            return new ArgPath(null, flags | EffectFlags.Unresolved, false);
        if (text.Length == 0)
            return new ArgPath(null, flags | EffectFlags.Unresolved, false);

        text = PathText.ExpandTilde(text, home);
        var followsLink = text.Length > 1 && text[^1] == '/';
        var cut = arg.GlobAt;
        var cutIsGlob = cut >= 0;
        if (arg.UnknownAt >= 0 && (cut < 0 || arg.UnknownAt < cut))
        {
            cut = arg.UnknownAt;
            cutIsGlob = false;
        }

        if (cut >= 0)
        {
            // The glob/unknown was in the original text; a tilde expansion shifted it.
            cut += text.Length - arg.Known.Length;
            if (cut > text.Length) cut = text.Length;
            var slash = cut == 0 ? -1 : text.LastIndexOf('/', cut - 1);
            if (cutIsGlob)
            {
                flags |= EffectFlags.Glob;
                if (NarrowsGlob(text, slash))
                {
                    // A narrowing glob (/tmp/e2e-*, ~/work/*/.env) names some entries, not the directory's contents:
                    // the path is the pattern itself, which rules on what it names (**/.env) can match.
                    flags |= EffectFlags.Filtered;
                    if (arg.UnknownAt < 0)
                    {
                        if (cwdUnresolved && text[0] != '/') flags |= EffectFlags.Unresolved;
                        return new ArgPath(PathText.Absolute(cwd, text), flags, true);
                    }
                }
            }
            text = slash < 0 ? "." : slash == 0 ? "/" : text[..slash];
            followsLink = true;
        }

        if (cwdUnresolved && text[0] != '/') flags |= EffectFlags.Unresolved;
        return new ArgPath(PathText.Absolute(cwd, text), flags, followsLink);
    }

    /// <summary>True unless the glob segment matches everything (<c>*</c>, <c>.*</c>, <c>*.*</c>) and is the last one.</summary>
    private static bool NarrowsGlob(string text, int slashBeforeSegment)
    {
        var start = slashBeforeSegment + 1;
        var end = text.IndexOf('/', start);
        if (end >= 0 && end < text.Length - 1) return true;
        if (end < 0) end = text.Length;
        var segment = text.AsSpan(start, end - start);
        return segment.IsEmpty || segment.ContainsAnyExcept('*', '.');
    }
}
