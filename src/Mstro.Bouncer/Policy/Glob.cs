using System.Buffers;
using System.Collections.Concurrent;

namespace Mstro.Bouncer.Policy;

/// <summary>Whether a glob matches file paths (segment-aware) or plain text (commands, hosts, tools...).</summary>
internal enum GlobKind
{
    /// <summary><c>*</c> and <c>?</c> stay within one path segment; <c>**</c> as a whole segment crosses segments;
    /// the pattern is absolute or starts with a path variable.</summary>
    Path,
    /// <summary><c>*</c> (and <c>**</c>) match any run of characters, <c>?</c> any one character.</summary>
    Text,
}

/// <summary>The directory a path pattern is anchored to, bound to the <see cref="BouncerEnvironment"/> at match time.</summary>
internal enum PathRoot
{
    /// <summary>An absolute pattern (<c>/etc/**</c>) or one that matches anywhere (<c>**/.env</c>).</summary>
    None,
    Home,
    Project,
    Temp,
    Claude,
    Mstro,
}

/// <summary>How the files under a directory relate to a path glob (for effects that cover a whole tree).</summary>
internal enum SubtreeRelation : byte
{
    /// <summary>No path under the directory can match.</summary>
    None,
    /// <summary>The directory is a broad ancestor of what the glob names (<c>~</c> or <c>/home</c> for <c>~/.ssh/**</c>, or
    /// <c>~</c> for <c>~/.netrc</c>): some paths under it may match.</summary>
    Ancestor,
    /// <summary>The directory is the place the glob names, or inside it (<c>~/.ssh</c> for <c>~/.ssh/**</c>).</summary>
    Inside,
}

/// <summary>A compiled glob. Matching never backtracks: after comparing a fixed literal prefix and suffix, the rest
/// is matched by simulating a small position automaton (at most 63 positions) with one 64-bit state word, so the
/// work is proportional to the text length whatever the pattern (<c>*a*a*a*a*b</c> included). It never allocates.</summary>
internal sealed class Glob
{
    /// <summary>The most automaton positions a glob may have after its literal prefix and suffix are taken off.</summary>
    public const int MaxPositions = 63;
    public const int MaxPatternLength = 1024;

    private readonly string _prefix;
    private readonly string _suffix;
    private readonly MiddleShape _shape;
    private readonly Automaton? _automaton;
    private readonly StringComparison _comparison;
    private readonly int _minimumLength;
    private readonly int _anchorEnd;
    private readonly bool _anchorIsPlace;

    private Glob(string pattern, PathRoot root, string prefix, string suffix, MiddleShape shape, Automaton? automaton,
        bool ignoreCase)
    {
        Pattern = pattern;
        Root = root;
        _prefix = prefix;
        _suffix = suffix;
        _shape = shape;
        _automaton = automaton;
        _comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        _minimumLength = prefix.Length + suffix.Length + (shape == MiddleShape.NonEmpty ? 1 : 0);
        var required = automaton?.RequiredLiteral ?? "";
        if (prefix.Length > required.Length) required = prefix;
        if (suffix.Length > required.Length) required = suffix;
        RequiredText = required;
        MatchesOnlyTheRoot = root != PathRoot.None && prefix.Length == 0 && suffix.Length == 0 && shape == MiddleShape.Empty;
        FirstSegment = FirstLiteralSegment(prefix, wholeRestIsLiteral: shape == MiddleShape.Empty && suffix.Length == 0);
        // Only a pattern whose fixed start names something (~/.ssh/**, /etc/shadow, $MSTRO/**) has a place to intersect;
        // **/.env and ~/**/*.key name files that may be anywhere, so every tree would "contain" one.
        var wholeRootTree = root != PathRoot.None && prefix == "/" && shape == MiddleShape.NonEmpty && suffix.Length == 0;
        NamesAPlace = prefix.Length > 1 && prefix[0] == '/' || wholeRootTree;
        _anchorEnd = NamesAPlace ? prefix.LastIndexOf('/') : -1;
        // The anchor directory is a place of its own when it lies below a root variable (~/.ssh), is a root variable's
        // whole tree ($MSTRO/**) or lies two levels below / (/etc/ssl/private); the home itself, /etc, /proc and the
        // home's shared directories (~/.config) are broad ancestors.
        _anchorIsPlace = NamesAPlace && root switch
        {
            PathRoot.None => _anchorEnd > 0 && prefix.AsSpan(1, _anchorEnd - 1).Contains('/'),
            PathRoot.Home => _anchorEnd > 0 && !IsSharedHomeDirectory(prefix.AsSpan(0, _anchorEnd)),
            _ => _anchorEnd > 0 || wholeRootTree,
        };
    }

    /// <summary>Directories of the home that many programs share: a file directly inside (~/.config/hub) does not make
    /// the directory its own place.</summary>
    private static readonly string[] SharedHomeDirectories =
        ["/.config", "/.local", "/.local/share", "/.local/state", "/.cache", "/Library", "/Library/Application Support",
         "/Library/Containers", "/Library/Group Containers", "/Library/Preferences", "/snap", "/.var", "/.var/app"];

    private static bool IsSharedHomeDirectory(ReadOnlySpan<char> directory)
    {
        foreach (var shared in SharedHomeDirectories)
            if (directory.Equals(shared, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    /// <summary>Whether the pattern's fixed start names a file or directory (see <see cref="RelationOfSubtree"/>).</summary>
    public bool NamesAPlace { get; }

    /// <summary>A text every match contains (compared as the glob compares: ignoring case or not); empty when there is
    /// none. Lets a set of globs reject a text in one search for all of them.</summary>
    public string RequiredText { get; }

    /// <summary>The pattern as written.</summary>
    public string Pattern { get; }

    public PathRoot Root { get; }

    /// <summary>A rooted path pattern that is just the variable (<c>~</c>, <c>$PROJECT</c>): it matches the directory itself.</summary>
    public bool MatchesOnlyTheRoot { get; }

    /// <summary>The first path segment after the root when the pattern fixes it (<c>~/.ssh/id_*</c> → <c>.ssh</c>,
    /// <c>/</c> → empty), else null. Lets a <see cref="PathGlobSet"/> skip globs that cannot match.</summary>
    public string? FirstSegment { get; }

    private static string? FirstLiteralSegment(string prefix, bool wholeRestIsLiteral)
    {
        if (prefix.Length == 0 || prefix[0] != '/') return null;
        var end = prefix.IndexOf('/', 1);
        if (end > 0) return prefix[1..end];
        return wholeRestIsLiteral ? prefix[1..] : null;
    }

    private enum MiddleShape
    {
        /// <summary>The text between prefix and suffix must be empty.</summary>
        Empty,
        /// <summary>Anything at all.</summary>
        Anything,
        /// <summary>At least one character (a trailing <c>/**</c>).</summary>
        NonEmpty,
        /// <summary>Anything without a slash (a lone <c>*</c> in a path).</summary>
        NoSlash,
        /// <summary>Run the automaton.</summary>
        General,
    }

    private const int MaxCachedGlobs = 10_000;

    /// <summary>Compiled globs by pattern: the packs repeat patterns ($PROJECT/**, $TMP/**), and the parser validates
    /// each pattern before the rule compiles it again.</summary>
    private static readonly ConcurrentDictionary<(string, GlobKind, bool), Glob> Cache = new();
    private static readonly SearchValues<char> WildcardCharacters = SearchValues.Create("*?[\\");
    private static int _cachedCount;

    /// <summary>Compiles <paramref name="pattern"/>, or returns false with a message saying what is wrong and what to
    /// write instead.</summary>
    public static bool TryCompile(string pattern, GlobKind kind, bool ignoreCase, out Glob? glob, out string? error)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        // A fixed text or path compiles as fast as the cache would find it (most patterns in the packs are).
        if (pattern.AsSpan().IndexOfAny(WildcardCharacters) < 0) return TryCompileUncached(pattern, kind, ignoreCase, out glob, out error);
        if (Cache.TryGetValue((pattern, kind, ignoreCase), out glob))
        {
            error = null;
            return true;
        }
        if (!TryCompileUncached(pattern, kind, ignoreCase, out glob, out error)) return false;
        // Not Cache.Count: it takes every lock of the dictionary.
        if (Volatile.Read(ref _cachedCount) < MaxCachedGlobs && Cache.TryAdd((pattern, kind, ignoreCase), glob!))
            Interlocked.Increment(ref _cachedCount);
        return true;
    }

    private static bool TryCompileUncached(string pattern, GlobKind kind, bool ignoreCase, out Glob? glob, out string? error)
    {
        glob = null;
        error = Validate(pattern, kind, out var root, out var rest);
        if (error is not null) return false;

        if (rest.AsSpan().IndexOfAny(WildcardCharacters) < 0)
        {
            // A fixed path or text: the whole pattern is the literal prefix.
            glob = new Glob(pattern, root, ignoreCase ? rest.ToLowerInvariant() : rest, "", MiddleShape.Empty, null, ignoreCase);
            return true;
        }

        var elements = new List<Element>(rest.Length);
        error = Tokenize(rest, kind, ignoreCase, elements);
        if (error is not null) return false;

        var prefixEnd = 0;
        while (prefixEnd < elements.Count && elements[prefixEnd].IsPlainLiteral) prefixEnd++;
        var suffixStart = elements.Count;
        while (suffixStart > prefixEnd && elements[suffixStart - 1].IsPlainLiteral) suffixStart--;

        var prefix = LiteralText(elements, 0, prefixEnd);
        var suffix = LiteralText(elements, suffixStart, elements.Count);
        var middle = elements.GetRange(prefixEnd, suffixStart - prefixEnd);
        if (middle.Count > MaxPositions)
        {
            error = $"the glob \"{pattern}\" is too complex ({middle.Count} wildcard positions after its fixed start " +
                    $"and end; at most {MaxPositions})";
            return false;
        }

        var shape = ShapeOf(middle, kind);
        var automaton = shape == MiddleShape.General ? new Automaton(middle, ignoreCase) : null;
        glob = new Glob(pattern, root, prefix, suffix, shape, automaton, ignoreCase);
        return true;
    }

    /// <summary>A glob of its own, not the cache's (for tests that compare a fresh glob with one that has run).</summary>
    internal static Glob CompileUncached(string pattern, GlobKind kind, bool ignoreCase) =>
        TryCompileUncached(pattern, kind, ignoreCase, out var glob, out var error)
            ? glob!
            : throw new ArgumentException(error, nameof(pattern));

    /// <summary>Compiles or throws <see cref="ArgumentException"/> (for rules built in code).</summary>
    public static Glob Compile(string pattern, GlobKind kind, bool ignoreCase) =>
        TryCompile(pattern, kind, ignoreCase, out var glob, out var error)
            ? glob!
            : throw new ArgumentException(error, nameof(pattern));

    /// <summary>Throws as <see cref="Compile"/> does for a pattern that does not compile, without compiling it (for a
    /// fixed word that is compared, not matched).</summary>
    public static void ThrowIfInvalid(string pattern, GlobKind kind)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (Validate(pattern, kind, out _, out _) is { } error) throw new ArgumentException(error, nameof(pattern));
    }

    /// <summary>Matches text (or a path pattern with no root variable).</summary>
    public bool IsMatch(ReadOnlySpan<char> text)
    {
        if (text.Length < _minimumLength) return false;
        if (!text.StartsWith(_prefix, _comparison) || !text.EndsWith(_suffix, _comparison)) return false;
        var middle = text[_prefix.Length..(text.Length - _suffix.Length)];
        return _shape switch
        {
            MiddleShape.Empty => middle.IsEmpty,
            MiddleShape.Anything => true,
            MiddleShape.NonEmpty => !middle.IsEmpty,
            MiddleShape.NoSlash => !middle.Contains('/'),
            _ => _automaton!.IsMatch(middle),
        };
    }

    /// <summary>How the tree under a directory relates to this (path) glob: whether some path below it can match, and
    /// whether the directory is the place the pattern names or only a broad ancestor of it. <paramref name="directory"/>
    /// is the directory relative to the pattern's root, <b>with</b> a trailing slash ("/" for the root itself,
    /// "/.ssh/" for ~/.ssh). Cheap: a prefix comparison, and for a directory below the fixed start one pass of the
    /// automaton over the rest. Never allocates.</summary>
    public SubtreeRelation RelationOfSubtree(ReadOnlySpan<char> directory)
    {
        if (!NamesAPlace) return SubtreeRelation.None;
        if (directory.Length <= _prefix.Length)
        {
            // The directory is at or above the fixed start: something under it matches (if the pattern matches anything).
            if (!_prefix.AsSpan().StartsWith(directory, _comparison)) return SubtreeRelation.None;
            return _anchorIsPlace && directory.Length == _anchorEnd + 1 ? SubtreeRelation.Inside : SubtreeRelation.Ancestor;
        }
        if (!directory.StartsWith(_prefix, _comparison) || !CanContinue(directory[_prefix.Length..])) return SubtreeRelation.None;
        return _anchorIsPlace ? SubtreeRelation.Inside : SubtreeRelation.Ancestor;
    }

    /// <summary>Whether some text that starts with <paramref name="rest"/> matches the middle and then the suffix.</summary>
    private bool CanContinue(ReadOnlySpan<char> rest)
    {
        switch (_shape)
        {
            case MiddleShape.Anything or MiddleShape.NonEmpty:
                return true;
            case MiddleShape.Empty:
                return _suffix.AsSpan().StartsWith(rest, _comparison);
            case MiddleShape.NoSlash:
                var slash = rest.IndexOf('/');
                for (var split = 0; split <= slash; split++)
                    if (_suffix.AsSpan().StartsWith(rest[split..], _comparison)) return true;
                return false;
            default:
                return _automaton!.CanContinue(rest, _suffix, _comparison);
        }
    }

    /// <summary>Matches an absolute, normalised path, binding the root variable to <paramref name="environment"/>.</summary>
    public bool IsMatch(string path, BouncerEnvironment environment)
    {
        switch (Root)
        {
            case PathRoot.None: return IsMatch(path.AsSpan());
            case PathRoot.Home: return IsMatchUnder(environment.Home, path);
            case PathRoot.Project: return IsMatchUnder(environment.ProjectDir, path);
            case PathRoot.Claude: return IsMatchUnder(environment.ClaudeConfigDir, path);
            case PathRoot.Mstro: return IsMatchUnder(environment.MstroDir, path);
            default:
                var temps = environment.TempDirs;
                for (var i = 0; i < temps.Count; i++)
                    if (IsMatchUnder(temps[i], path)) return true;
                return false;
        }
    }

    private bool IsMatchUnder(string? directory, string path)
    {
        if (string.IsNullOrEmpty(directory)) return false;
        var root = directory.AsSpan();
        while (root.Length > 1 && root[^1] == '/') root = root[..^1];
        // The rest of a rooted pattern is empty (the directory itself) or starts with '/'.
        if (root is "/" && (_prefix.Length > 0 || _shape != MiddleShape.Empty)) root = [];
        return path.AsSpan().StartsWith(root, _comparison) && IsMatch(path.AsSpan(root.Length));
    }

    /// <summary>A path pattern's root variable and the text its rest starts with before any wildcard or escape: every
    /// path it matches has that text right after the root (compared as the glob compares its fixed start). Found without
    /// compiling the glob; null for a pattern that does not compile.</summary>
    internal static (PathRoot Root, string Start)? FixedStart(string pattern)
    {
        if (Validate(pattern, GlobKind.Path, out var root, out var rest) is not null) return null;
        var wildcard = rest.AsSpan().IndexOfAny(WildcardCharacters);
        return (root, wildcard < 0 ? rest : rest[..wildcard]);
    }

    /// <summary>A text pattern's fixed parts: the text before its first wildcard or escape (a fixed pattern is all
    /// start), and, for a pattern with no class or escape, the text after its last wildcard and the literal runs between
    /// its wildcards. Every text the glob matches starts and ends with them and holds the runs in order, compared as the
    /// glob compares literal text. Found without compiling; null for a pattern that does not compile.</summary>
    internal static FixedParts? FixedPartsOf(string pattern)
    {
        if (Validate(pattern, GlobKind.Text, out _, out var rest) is not null) return null;
        var first = rest.AsSpan().IndexOfAny(WildcardCharacters);
        if (first < 0) return new FixedParts(rest, "", []);
        if (rest.AsSpan().IndexOfAny('[', '\\') >= 0) return new FixedParts(rest[..first], "", []);
        var last = rest.AsSpan().LastIndexOfAny('*', '?');
        var middle = last > first ? rest[(first + 1)..last].Split(['*', '?'], StringSplitOptions.RemoveEmptyEntries) : [];
        return new FixedParts(rest[..first], rest[(last + 1)..], middle);
    }

    /// <summary>False only when no text glob with these <see cref="FixedPartsOf"/> can match <paramref name="text"/>: it
    /// does not start or end with them, or lacks one of the runs between. Text that is not ASCII is left to the glob,
    /// which folds case its own way.</summary>
    internal static bool MayMatch(FixedParts parts, ReadOnlySpan<char> text, bool ignoreCase)
    {
        var (start, end, middle) = parts;
        if (text.Length < start.Length + end.Length) return false;
        if (!SameFixedText(text[..start.Length], start, ignoreCase) || !SameFixedText(text[(text.Length - end.Length)..], end, ignoreCase))
            return false;
        if (middle.Length == 0 || ignoreCase && !System.Text.Ascii.IsValid(text)) return true;
        var between = text[start.Length..(text.Length - end.Length)];
        var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        foreach (var run in middle)
        {
            if (ignoreCase && !System.Text.Ascii.IsValid(run)) return true;
            var at = between.IndexOf(run, comparison);
            if (at < 0) return false;
            between = between[(at + run.Length)..];
        }
        return true;
    }

    private static bool SameFixedText(ReadOnlySpan<char> text, string fixedText, bool ignoreCase)
    {
        if (fixedText.Length == 0) return true;
        if (!ignoreCase) return text.SequenceEqual(fixedText);
        return !System.Text.Ascii.IsValid(fixedText) || !System.Text.Ascii.IsValid(text)
            || text.Equals(fixedText, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>False only when no glob with this <see cref="FixedStart"/> can match the path: the path is not below the
    /// root's directory, or does not continue with the start there. Text that is not ASCII is left to the glob, which
    /// folds case its own way.</summary>
    internal static bool MayMatch((PathRoot Root, string Start) fixedStart, in PathContext path, bool ignoreCase)
    {
        var (root, start) = fixedStart;
        if (start.Length == 0 || root == PathRoot.Temp || ignoreCase && !System.Text.Ascii.IsValid(start)) return true;
        ReadOnlySpan<char> rest;
        if (root == PathRoot.None)
        {
            rest = path.Path;
        }
        else
        {
            // A rooted pattern's rest starts with '/': it matches only below the root's directory.
            var position = path.Position(root);
            if (position.RestStart < 0) return false;
            rest = path.Path.AsSpan(position.RestStart);
        }
        return rest.Length >= start.Length && SameFixedText(rest[..start.Length], start, ignoreCase);
    }

    private static string? Validate(string pattern, GlobKind kind, out PathRoot root, out string rest)
    {
        root = PathRoot.None;
        rest = pattern;
        if (pattern.Length == 0) return "an empty pattern matches nothing";
        if (pattern.Length > MaxPatternLength) return $"a pattern may be at most {MaxPatternLength} characters long";
        // char.IsControl: U+0000-U+001F and U+007F-U+009F, found with two vectorised searches.
        if (pattern.AsSpan().IndexOfAnyInRange('\u0000', '\u001F') >= 0 || pattern.AsSpan().IndexOfAnyInRange('\u007F', '\u009F') >= 0)
            return $"the pattern \"{Printable(pattern)}\" contains a control character";
        if (kind == GlobKind.Text) return null;

        if (pattern[0] == '~')
        {
            if (pattern.Length > 1 && pattern[1] != '/')
                return $"\"{pattern}\": only ~ (your home) is supported, not ~user; write an absolute path instead";
            root = PathRoot.Home;
            rest = pattern[1..];
        }
        else if (pattern[0] == '$')
        {
            var end = pattern.IndexOf('/', StringComparison.Ordinal);
            var name = end < 0 ? pattern[1..] : pattern[1..end];
            root = name switch
            {
                "HOME" => PathRoot.Home,
                "PROJECT" => PathRoot.Project,
                "TMP" => PathRoot.Temp,
                "CLAUDE" => PathRoot.Claude,
                "MSTRO" => PathRoot.Mstro,
                _ => PathRoot.None,
            };
            if (root == PathRoot.None)
                return $"\"{pattern}\": unknown path variable ${name}; use ~, $HOME, $PROJECT, $TMP, $CLAUDE or $MSTRO";
            rest = end < 0 ? "" : pattern[end..];
        }
        else if (pattern[0] != '/' && !pattern.StartsWith("**", StringComparison.Ordinal))
        {
            return $"\"{pattern}\" is relative, but paths are matched as absolute paths; write **/{pattern} to match " +
                   $"it in any directory, or $PROJECT/{pattern} inside the project";
        }

        if (rest.Length > 1 && rest[^1] == '/')
        {
            var trimmed = pattern.TrimEnd('/');
            return $"\"{pattern}\" ends with / and never matches (paths have no trailing slash); write {trimmed} for " +
                   $"the directory itself or {trimmed}/** for everything inside it";
        }
        if (rest.Contains("//", StringComparison.Ordinal))
            return $"\"{pattern}\" contains // and never matches a normalised path";
        foreach (var segment in rest.AsSpan().Split('/'))
            if (rest.AsSpan(segment) is "." or "..")
                return $"\"{pattern}\" contains a {rest[segment]} segment and never matches (paths are normalised first)";
        return null;
    }

    private static string? Tokenize(string rest, GlobKind kind, bool ignoreCase, List<Element> elements)
    {
        var isPath = kind == GlobKind.Path;
        var i = 0;
        while (i < rest.Length)
        {
            var c = rest[i];
            switch (c)
            {
                case '\\':
                    if (i + 1 >= rest.Length) return $"\"{rest}\" ends with a lone backslash (write \\\\ for a backslash)";
                    elements.Add(Element.Literal(rest[i + 1], ignoreCase));
                    i += 2;
                    break;
                case '*':
                    var run = 1;
                    while (i + run < rest.Length && rest[i + run] == '*') run++;
                    var startsSegment = i == 0 || rest[i - 1] == '/';
                    var endsSegment = i + run == rest.Length || rest[i + run] == '/';
                    if (isPath && run >= 2 && startsSegment && endsSegment)
                    {
                        if (i + run == rest.Length)
                        {
                            // "**" alone matches everything; a trailing "/**" everything inside (not the dir itself).
                            elements.Add(i == 0 ? Element.AnyRun() : Element.AnyNonEmptyRun());
                            i += run;
                        }
                        else
                        {
                            // "**/": zero or more whole segments, i.e. empty or anything ending in '/'.
                            elements.Add(Element.SegmentsGroupHead());
                            elements.Add(Element.SegmentsGroupSlash());
                            i += run + 1;
                        }
                    }
                    else
                    {
                        elements.Add(isPath ? Element.StarInSegment() : Element.AnyRun());
                        i += run;
                    }
                    break;
                case '?':
                    elements.Add(Element.AnyOne(isPath));
                    i++;
                    break;
                case '[':
                    var error = CharacterClass.TryParse(rest, ref i, isPath, out var characterClass);
                    if (error is not null) return error;
                    elements.Add(Element.OfClass(characterClass!));
                    break;
                default:
                    elements.Add(Element.Literal(c, ignoreCase));
                    i++;
                    break;
            }
        }
        return null;
    }

    private static MiddleShape ShapeOf(List<Element> middle, GlobKind kind)
    {
        if (middle.Count == 0) return MiddleShape.Empty;
        if (middle.Count > 1) return MiddleShape.General;
        var only = middle[0];
        return only.Kind switch
        {
            ElementKind.AnyRun => MiddleShape.Anything,
            ElementKind.AnyNonEmptyRun => MiddleShape.NonEmpty,
            ElementKind.StarInSegment => kind == GlobKind.Path ? MiddleShape.NoSlash : MiddleShape.Anything,
            _ => MiddleShape.General,
        };
    }

    private static string LiteralText(List<Element> elements, int start, int end)
    {
        var chars = new char[end - start];
        for (var i = start; i < end; i++) chars[i - start] = elements[i].Char;
        return new string(chars);
    }

    private static string Printable(string text) => new([.. text.Select(c => char.IsControl(c) ? '?' : c)]);

    public override string ToString() => Pattern;

    private enum ElementKind
    {
        Literal,
        AnyOne,
        AnyOneInSegment,
        Class,
        StarInSegment,
        AnyRun,
        AnyNonEmptyRun,
        SegmentsGroupHead,
        SegmentsGroupSlash,
    }

    /// <summary>One automaton position: consumes one character it accepts; may repeat, be skipped, or (the head of
    /// <c>**/</c>) be skipped together with the slash after it.</summary>
    private readonly record struct Element(ElementKind Kind, char Char, CharacterClass? Class, bool Repeats, bool Optional,
        bool SkipsWithNext)
    {
        public bool IsPlainLiteral => Kind == ElementKind.Literal;

        public static Element Literal(char c, bool ignoreCase) =>
            new(ElementKind.Literal, ignoreCase ? char.ToLowerInvariant(c) : c, null, false, false, false);

        public static Element AnyOne(bool isPath) =>
            new(isPath ? ElementKind.AnyOneInSegment : ElementKind.AnyOne, '\0', null, false, false, false);

        public static Element OfClass(CharacterClass characterClass) =>
            new(ElementKind.Class, '\0', characterClass, false, false, false);

        public static Element StarInSegment() => new(ElementKind.StarInSegment, '\0', null, true, true, false);

        public static Element AnyRun() => new(ElementKind.AnyRun, '\0', null, true, true, false);

        public static Element AnyNonEmptyRun() => new(ElementKind.AnyNonEmptyRun, '\0', null, true, false, false);

        public static Element SegmentsGroupHead() => new(ElementKind.SegmentsGroupHead, '\0', null, true, true, true);

        // The slash closing "**/": not a plain literal, so it never moves into the fixed prefix or suffix.
        public static Element SegmentsGroupSlash() => new(ElementKind.SegmentsGroupSlash, '/', null, false, false, false);
    }

    /// <summary>The bit-parallel simulation of the positions. State bit s means "the first s positions matched the
    /// text read so far"; position i moves bit i to bit i+1.</summary>
    private sealed class Automaton
    {
        private readonly ulong _anyMask;
        private readonly ulong _notSlashMask;
        private readonly ulong _repeatMask;
        private readonly ulong _optionalMask;
        private readonly ulong _skipTwoMask;
        private readonly ulong _acceptBit;
        private readonly char[] _literalChars;
        private readonly ulong[] _literalMasks;
        /// <summary>Which ASCII characters are among the literals: most characters of a text are not, and skip the search.</summary>
        private readonly AsciiBits _asciiLiterals;
        private readonly bool _hasOtherLiterals;
        private readonly CharacterClass[] _classes;
        private readonly ulong[] _classMasks;
        private readonly bool _ignoreCase;
        private readonly string _requiredLiteral;
        /// <summary>The required literal for an ignore-case glob: IndexOf with OrdinalIgnoreCase under invariant
        /// globalization is a scalar loop (tens of times slower than this vectorised search on a long command).</summary>
        private readonly System.Buffers.SearchValues<string>? _requiredLiteralIgnoringCase;
        /// <summary>The middle is <c>*literal*</c> (ASCII): finding the literal is the whole match, for ASCII text (where
        /// the search's case folding and the automaton's agree).</summary>
        private readonly bool _isContainsLiteral;

        public Automaton(List<Element> elements, bool ignoreCase)
        {
            _ignoreCase = ignoreCase;
            var literals = new Dictionary<char, ulong>();
            var classes = new List<(CharacterClass, ulong)>();
            for (var i = 0; i < elements.Count; i++)
            {
                var element = elements[i];
                var bit = 1UL << i;
                switch (element.Kind)
                {
                    case ElementKind.Literal:
                    case ElementKind.SegmentsGroupSlash:
                        literals[element.Char] = literals.GetValueOrDefault(element.Char) | bit;
                        break;
                    case ElementKind.AnyOne:
                    case ElementKind.AnyRun:
                    case ElementKind.AnyNonEmptyRun:
                    case ElementKind.SegmentsGroupHead:
                        _anyMask |= bit;
                        break;
                    case ElementKind.AnyOneInSegment:
                    case ElementKind.StarInSegment:
                        _notSlashMask |= bit;
                        break;
                    case ElementKind.Class:
                        classes.Add((element.Class!, bit));
                        break;
                }
                if (element.Repeats) _repeatMask |= bit;
                if (element.Optional) _optionalMask |= bit;
                if (element.SkipsWithNext) _skipTwoMask |= bit;
            }
            _acceptBit = 1UL << elements.Count;
            _requiredLiteral = LongestLiteralRun(elements);
            _isContainsLiteral = IsContainsLiteral(elements, _requiredLiteral);
            if (ignoreCase && _requiredLiteral.Length > 0)
                _requiredLiteralIgnoringCase = System.Buffers.SearchValues.Create([_requiredLiteral], StringComparison.OrdinalIgnoreCase);
            _literalChars = [.. literals.Keys];
            _literalMasks = [.. literals.Values];
            foreach (var literal in _literalChars)
                if (!_asciiLiterals.Add(literal)) _hasOtherLiterals = true;
            _classes = [.. classes.Select(c => c.Item1)];
            _classMasks = [.. classes.Select(c => c.Item2)];
        }

        public string RequiredLiteral => _requiredLiteral;

        public bool IsMatch(ReadOnlySpan<char> text)
        {
            // A vectorised search rejects most texts before the automaton runs (**/.env.* needs "/.env.").
            if (_requiredLiteralIgnoringCase is not null ? text.IndexOfAny(_requiredLiteralIgnoringCase) < 0
                    : _requiredLiteral.Length > 0 && text.IndexOf(_requiredLiteral, StringComparison.Ordinal) < 0) return false;
            if (_isContainsLiteral && (!_ignoreCase || System.Text.Ascii.IsValid(text))) return true;
            var ascii = AsciiAcceptMasks();
            var state = Closure(1UL);
            foreach (var c in text)
            {
                var accepts = ascii is not null && c < AsciiCharacters ? ascii[c] : AcceptMask(c);
                state = ((state & accepts) << 1) | (state & ((accepts & _repeatMask) << 1));
                if (state == 0) return false;
                state = Closure(state);
            }
            return (state & _acceptBit) != 0;
        }

        private const int AsciiCharacters = 128;
        /// <summary>Runs of the automaton before <see cref="_asciiAcceptMasks"/> is built: a hook process matches a glob
        /// once or twice, where tabulating 128 characters would cost more than it saves.</summary>
        private const int RunsBeforeTheTable = 16;
        private int _runs;
        /// <summary><see cref="AcceptMask"/> of each ASCII character, looked up instead of computed for every character of
        /// every text in a process that matches many; null until then.</summary>
        private ulong[]? _asciiAcceptMasks;

        private ulong[]? AsciiAcceptMasks()
        {
            var table = Volatile.Read(ref _asciiAcceptMasks);
            if (table is not null || ++_runs <= RunsBeforeTheTable) return table; // a lost increment only delays the table
            table = new ulong[AsciiCharacters];
            for (var c = 0; c < AsciiCharacters; c++) table[c] = AcceptMask((char)c);
            Volatile.Write(ref _asciiAcceptMasks, table);
            return table;
        }

        /// <summary>Whether the middle can match a text that starts with <paramref name="text"/> and is followed by
        /// <paramref name="suffix"/>: the automaton is still alive after the text, or it accepted a part of it and the
        /// remainder is the start of the suffix.</summary>
        public bool CanContinue(ReadOnlySpan<char> text, string suffix, StringComparison comparison)
        {
            var state = Closure(1UL);
            for (var i = 0; i < text.Length; i++)
            {
                if ((state & _acceptBit) != 0 && suffix.AsSpan().StartsWith(text[i..], comparison)) return true;
                var accepts = AcceptMask(text[i]);
                state = ((state & accepts) << 1) | (state & ((accepts & _repeatMask) << 1));
                if (state == 0) return false;
                state = Closure(state);
            }
            return true;
        }

        /// <summary>The longest run of literal characters every match must contain (the slash of "**/" is optional, so
        /// it is not part of any run).</summary>
        private static string LongestLiteralRun(List<Element> elements)
        {
            var bestStart = 0;
            var bestLength = 0;
            var start = 0;
            for (var i = 0; i <= elements.Count; i++)
            {
                if (i < elements.Count && elements[i].Kind == ElementKind.Literal) continue;
                if (i - start > bestLength)
                {
                    bestStart = start;
                    bestLength = i - start;
                }
                start = i + 1;
            }
            return bestLength < 2 ? "" : new string([.. elements.GetRange(bestStart, bestLength).Select(e => e.Char)]);
        }

        private static bool IsContainsLiteral(List<Element> elements, string requiredLiteral)
        {
            if (requiredLiteral.Length == 0 || elements.Count != requiredLiteral.Length + 2
                || !System.Text.Ascii.IsValid(requiredLiteral)) return false;
            if (!IsAnyRun(elements[0]) || !IsAnyRun(elements[^1])) return false;
            for (var i = 1; i < elements.Count - 1; i++)
                if (elements[i] is not { Kind: ElementKind.Literal, Repeats: false, Optional: false, SkipsWithNext: false }) return false;
            return true;

            static bool IsAnyRun(Element element) => element is { Kind: ElementKind.AnyRun, Repeats: true, Optional: true, SkipsWithNext: false };
        }

        private ulong Closure(ulong state)
        {
            while (true)
            {
                var next = state | ((state & _optionalMask) << 1) | ((state & _skipTwoMask) << 2);
                if (next == state) return state;
                state = next;
            }
        }

        private ulong AcceptMask(char c)
        {
            var mask = _anyMask;
            if (c != '/') mask |= _notSlashMask;
            var key = !_ignoreCase ? c : char.IsAscii(c) ? char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c : char.ToLowerInvariant(c);
            if (key < 128 ? _asciiLiterals.Contains(key) : _hasOtherLiterals)
                for (var i = 0; i < _literalChars.Length; i++)
                    if (_literalChars[i] == key) mask |= _literalMasks[i];
            for (var i = 0; i < _classes.Length; i++)
                if (_classes[i].Matches(c, _ignoreCase)) mask |= _classMasks[i];
            return mask;
        }
    }

    /// <summary><c>[abc]</c>, <c>[a-z]</c>, <c>[!a-z]</c> / <c>[^a-z]</c>. In a path glob it never matches '/'.</summary>
    private sealed class CharacterClass
    {
        private readonly (char Low, char High)[] _ranges;
        private readonly bool _negated;
        private readonly bool _isPath;

        private CharacterClass((char, char)[] ranges, bool negated, bool isPath)
        {
            _ranges = ranges;
            _negated = negated;
            _isPath = isPath;
        }

        public static string? TryParse(string text, ref int index, bool isPath, out CharacterClass? result)
        {
            result = null;
            var start = index;
            var i = index + 1;
            var negated = i < text.Length && text[i] is '!' or '^';
            if (negated) i++;
            var ranges = new List<(char, char)>();
            var first = true;
            while (i < text.Length && (text[i] != ']' || first))
            {
                first = false;
                var low = text[i];
                if (low == '\\' && i + 1 < text.Length) low = text[++i];
                i++;
                var high = low;
                if (i + 1 < text.Length && text[i] == '-' && text[i + 1] != ']')
                {
                    high = text[i + 1];
                    if (high == '\\' && i + 2 < text.Length) high = text[++i + 1];
                    i += 2;
                    if (high < low)
                        return $"the range {low}-{high} in \"{text}\" is reversed (write {high}-{low})";
                }
                ranges.Add((low, high));
            }
            if (i >= text.Length)
                return $"the [ at position {start + 1} of \"{text}\" is never closed (write \\[ for a literal bracket)";
            index = i + 1;
            result = new CharacterClass([.. ranges], negated, isPath);
            return null;
        }

        public bool Matches(char c, bool ignoreCase)
        {
            if (_isPath && c == '/') return false;
            var inside = Contains(c) || (ignoreCase && (Contains(char.ToLowerInvariant(c)) || Contains(char.ToUpperInvariant(c))));
            return inside != _negated;
        }

        private bool Contains(char c)
        {
            foreach (var (low, high) in _ranges)
                if (c >= low && c <= high) return true;
            return false;
        }
    }
}

/// <summary>What every text a glob matches must hold: see <see cref="Glob.FixedPartsOf"/>.</summary>
internal readonly record struct FixedParts(string Start, string End, string[] Middle);
