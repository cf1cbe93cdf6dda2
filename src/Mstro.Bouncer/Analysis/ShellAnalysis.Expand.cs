using System.Globalization;
using System.Text;
using Mstro.Bouncer.Shell;

namespace Mstro.Bouncer.Analysis;

internal enum ExpandMode : byte
{
    /// <summary>A command word: brace expansion, field splitting, live globs.</summary>
    Argument,
    /// <summary>A redirection target: one field, live globs.</summary>
    Path,
    /// <summary>An assignment value: one field, tilde expansion, no globs.</summary>
    Assignment,
    /// <summary>A heredoc body, a here-string, a test word: one field, nothing but parameter/command expansion.</summary>
    Text,
}

internal sealed partial class ShellAnalysis
{
    private const string UnknownSubstitution = "$(…)";

    /// <summary>Expands a word into zero or more arguments (brace expansion and field splitting can make several).
    /// Command substitutions inside are analysed (their effects count).</summary>
    public void ExpandWord(Word word, ShellState state, Scope scope, List<Arg> into, ExpandMode mode)
    {
        if (word.TryGetOneLiteral(out var text, out var quote))
        {
            if (quote != QuoteKind.None)
            {
                var flags = ArgFlags.Quoted | (quote == QuoteKind.AnsiC && HasNumericEscape(word.Source) ? ArgFlags.Escaped : 0);
                into.Add(Arg.Create(text, text, -1, -1, flags, null));
                return;
            }
            if (mode is ExpandMode.Assignment or ExpandMode.Text)
            {
                into.Add(Arg.Literal(text));
                return;
            }
            if (mode == ExpandMode.Path || !text.Contains('{', StringComparison.Ordinal))
            {
                into.Add(Arg.Unquoted(text));
                return;
            }
        }

        var parts = word.Parts;
        var escaped = HasAnsiC(parts) && HasNumericEscape(word.Source);
        if (mode == ExpandMode.Argument && HasBraceCandidate(parts))
        {
            foreach (var alternative in BraceAlternatives(parts))
                ExpandParts(alternative, state, scope, into, mode, escaped);
            return;
        }
        ExpandParts(parts, state, scope, into, mode, escaped);
    }

    /// <summary>Expands a word to exactly one value (no splitting).</summary>
    public Arg ExpandSingle(Word word, ShellState state, Scope scope, ExpandMode mode)
    {
        var into = new List<Arg>(1);
        ExpandWord(word, state, scope, into, mode == ExpandMode.Argument ? ExpandMode.Path : mode);
        return into.Count > 0 ? into[0] : Arg.Literal("");
    }

    private void ExpandParts(WordPart[] parts, ShellState state, Scope scope, List<Arg> into, ExpandMode mode,
        bool escaped)
    {
        var splitting = mode == ExpandMode.Argument;
        var globs = mode is ExpandMode.Argument or ExpandMode.Path;
        var field = new FieldBuilder();
        for (var index = 0; index < parts.Length; index++)
        {
            switch (parts[index])
            {
                case LiteralPart literal:
                    field.Present = true;
                    if (literal.Quote != QuoteKind.None) field.Flags |= ArgFlags.Quoted;
                    field.BeforeLiteral(literal.Text);
                    field.AppendKnown(literal.Text, globs && literal.Quote == QuoteKind.None);
                    break;

                case TildePart tilde:
                    field.Present = true;
                    if (tilde.User is null)
                    {
                        var home = LookupVariable("HOME", state);
                        if (home is { } homeValue) field.AppendArg(homeValue, false);
                        else field.AppendKnown(Environment.Home, false);
                    }
                    else field.AppendKnown(OtherUsersHome(tilde.User), false);
                    break;

                case ParameterPart { Name: "@", Operator: null, Subscript: null } parameter
                    when (parameter.Quoted || !splitting) && state.Positional is { } positional:
                    // "$@" is one field per positional parameter, each kept whole ("a$@b" joins a and b to the first
                    // and the last); with none, it adds nothing.
                    for (var i = 1; i < positional.Count; i++)
                    {
                        if (i > 1)
                        {
                            into.Add(field.ToArg(escaped));
                            field = new FieldBuilder();
                        }
                        field.AppendArg(positional[i], false);
                    }
                    break;

                case ParameterPart parameter:
                {
                    if (parameter.Subscript is { } subscript) ExpandSingle(subscript, state, scope, ExpandMode.Text);
                    var value = parameter.Subscript is null ? ResolveParameter(parameter, state, scope) : null;
                    var quoted = parameter.Quoted || !splitting;
                    var started = field;
                    var startedAt = field.KnownLength;
                    if (value is not { } known) field.AppendUnknown(AsWritten(parameter), null);
                    else if (!known.IsUnresolved && !quoted) field = AppendSplitting(field, known.Value, into, globs, known.Source);
                    else field.AppendArg(known, globs && !quoted);
                    field.ExpansionEnded(LeaksAsHostLabel(parameter.Name), ReferenceEquals(started, field) ? startedAt : 0);
                    break;
                }

                case CommandSubstitutionPart substitution:
                {
                    var output = WalkSubstitution(substitution.Script, state, scope);
                    var text = output.KnownText;
                    var started = field;
                    var startedAt = field.KnownLength;
                    if (text is null)
                    {
                        field.AppendUnknown(UnknownSubstitution, output);
                        field.ExpansionEnded(true, startedAt);
                        break;
                    }
                    text = text.TrimEnd('\n');
                    var source = output.Decoded ? output : null;
                    if (!substitution.Quoted && splitting) field = AppendSplitting(field, text, into, globs, source);
                    else
                    {
                        field.Present = true;
                        field.Flags |= ArgFlags.Expanded;
                        field.AppendKnown(text, globs && !substitution.Quoted);
                        field.Source ??= source;
                    }
                    field.ExpansionEnded(true, ReferenceEquals(started, field) ? startedAt : 0);
                    break;
                }

                case ProcessSubstitutionPart process:
                {
                    var output = process.Input
                        ? WalkSubstitution(process.Script, state, scope)
                        : WalkSubstitution(process.Script, state, scope, DataSource.Unknown);
                    field.Present = true;
                    field.AppendKnown("/dev/fd/63", false);
                    field.Source = output;
                    break;
                }

                case ArithmeticPart arithmetic:
                    // $(( expr )): expansions inside run before the arithmetic; the number itself is unknown.
                    if (arithmetic.ExpressionWord is { } expression) ExpandSingle(expression, state, scope, ExpandMode.Text);
                    field.AppendUnknown("$((" + arithmetic.Expression + "))", null);
                    break;
            }
        }

        if (field.Present) into.Add(field.ToArg(escaped));
    }

    /// <summary>Appends the value of an unquoted expansion, splitting it into fields on blanks (IFS).</summary>
    private static FieldBuilder AppendSplitting(FieldBuilder field, string text, List<Arg> into, bool globs, DataSource? source)
    {
        var span = text.AsSpan();
        var start = 0;
        for (var i = 0; i <= span.Length; i++)
        {
            if (i < span.Length && span[i] is not (' ' or '\t' or '\n')) continue;
            if (i > start)
            {
                field.Present = true;
                field.Flags |= ArgFlags.Expanded;
                field.AppendKnown(text[start..i], globs);
                field.Source ??= source;
            }
            if (i < span.Length && field.Present)
            {
                into.Add(field.ToArg(false));
                field = new FieldBuilder();
            }
            start = i + 1;
        }
        return field;
    }

    private DataSource WalkSubstitution(Script script, ShellState state, Scope scope, DataSource? stdin = null)
    {
        if (scope.Depth + 1 > MaxDepth)
        {
            TooDeep(null);
            return DataSource.Unknown;
        }
        return WalkScript(script, state.Clone(), scope.Deeper(), stdin ?? DataSource.None);
    }

    /// <summary>The value of a parameter expansion, or null when it is unknown.</summary>
    private Arg? ResolveParameter(ParameterPart parameter, ShellState state, Scope scope)
    {
        var value = LookupVariable(parameter.Name, state);
        switch (parameter.Operator)
        {
            case null:
                return value;

            case "length":
                return value is { IsUnresolved: false } known
                    ? Arg.Literal(known.Value.Length.ToString(CultureInfo.InvariantCulture))
                    : null;

            case ":-" or "-" or ":=" or "=":
            {
                var colon = parameter.Operator[0] == ':';
                if (value is { IsUnresolved: false } set && (!colon || set.Value.Length > 0)) return set;
                var fallback = parameter.Argument is null ? Arg.Literal("") : ExpandSingle(parameter.Argument, state, scope, ExpandMode.Assignment);
                if (value is null)
                {
                    // Unknown variable: the default is the likely value, but nothing is certain.
                    return Arg.Create(AsWritten(parameter), fallback.Known, fallback.GlobAt, fallback.UnknownAt,
                        fallback.Flags | ArgFlags.Unresolved, fallback.Source);
                }
                if (parameter.Operator.EndsWith('=')) state.SetVariable(parameter.Name, fallback);
                return fallback;
            }

            case ":+" or "+":
                if (value is not { IsUnresolved: false } present) return null;
                if (parameter.Operator == ":+" && present.Value.Length == 0) return Arg.Literal("");
                return parameter.Argument is null ? Arg.Literal("") : ExpandSingle(parameter.Argument, state, scope, ExpandMode.Assignment);

            case ":?" or "?":
                return value;

            case "#" or "##" or "%" or "%%":
                if (value is not { IsUnresolved: false } subject || parameter.Argument?.LiteralValue is not { } pattern) return null;
                return Arg.Literal(PatternTrim.Apply(subject.Value, pattern, parameter.Operator));

            case "^^":
                return value is { IsUnresolved: false } upper ? Arg.Literal(upper.Value.ToUpperInvariant()) : null;

            case ",,":
                return value is { IsUnresolved: false } lower ? Arg.Literal(lower.Value.ToLowerInvariant()) : null;

            default:
                return null;
        }
    }

    /// <summary>A variable's value: set by the script, one the environment knows, or null.</summary>
    internal Arg? LookupVariable(string name, ShellState state)
    {
        if (state.TryGetVariable(name, out var assigned)) return assigned;

        if (name.Length > 0 && char.IsAsciiDigit(name[0]))
        {
            if (state.Positional is not { } positional) return null;
            return int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < positional.Count
                ? positional[index]
                : Arg.Literal("");
        }

        switch (name)
        {
            case "HOME":
                return Arg.Literal(Environment.Home);
            case "PWD":
                return state.CwdUnresolved ? null : Arg.Literal(state.Cwd);
            case "OLDPWD":
                return state.PreviousCwd is { } previous ? Arg.Literal(previous) : null;
            case "CLAUDE_PROJECT_DIR":
                return Arg.Literal(Environment.ProjectDir);
            case "IFS":
                // Unset IFS splits on blanks: rm${IFS}-rf${IFS}/ is rm -rf /.
                return Arg.Literal(" \t\n");
            case "@" or "*":
                if (state.Positional is not { } all) return null;
                return Arg.Literal(string.Join(' ', all.Skip(1).Select(a => a.Value)));
        }

        if (Environment.Variables is { } variables && variables.TryGetValue(name, out var fromEnvironment))
            return Arg.Literal(fromEnvironment);

        return name switch
        {
            "TMPDIR" when Environment.TempDirs.Count > 0 => Arg.Literal(Environment.TempDirs[0]),
            "USER" or "LOGNAME" => Arg.Literal(PathText.BaseName(Environment.Home)),
            _ => null,
        };
    }

    /// <summary>Variables whose value says who or where this is, or holds a secret: as a label of a host name they leak.</summary>
    private static bool LeaksAsHostLabel(string name)
    {
        if (name is "USER" or "LOGNAME" or "USERNAME" or "HOSTNAME" or "HOST" or "HOME" or "PWD" or "UID" or "EUID" or "SHELL"
            or "PATH" or "MACHTYPE" or "OSTYPE" or "HOSTTYPE") return true;
        foreach (var secret in (ReadOnlySpan<string>)["TOKEN", "SECRET", "KEY", "PASS", "CRED", "AUTH", "SESSION", "COOKIE", "PRIVATE"])
        {
            if (TextSearch.ContainsIgnoringCase(name, secret)) return true;
        }
        return false;
    }

    private string OtherUsersHome(string user)
    {
        if (user == PathText.BaseName(Environment.Home)) return Environment.Home;
        if (user == "root") return "/root";
        return PathText.Parent(Environment.Home) + "/" + user;
    }

    private static string AsWritten(ParameterPart parameter) =>
        parameter.Operator is null && parameter.Name.Length > 0 ? "$" + parameter.Name : "${" + parameter.Name + "}";

    private static bool HasAnsiC(WordPart[] parts)
    {
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i] is LiteralPart { Quote: QuoteKind.AnsiC }) return true;
        }
        return false;
    }

    /// <summary>True for <c>\x41</c>, <c>\101</c>, <c>\u0041</c> escapes: the text on screen hides what runs.</summary>
    private static bool HasNumericEscape(string source)
    {
        for (var i = source.IndexOf('\\', StringComparison.Ordinal); i >= 0 && i + 1 < source.Length;
             i = source.IndexOf('\\', i + 2))
        {
            var next = source[i + 1];
            if (next is 'x' or 'u' or 'U' or (>= '0' and <= '7')) return true;
        }
        return false;
    }

    private static bool HasBraceCandidate(WordPart[] parts)
    {
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i] is LiteralPart { Quote: QuoteKind.None } literal && literal.Text.Contains('{', StringComparison.Ordinal))
                return true;
        }
        return false;
    }

    private const char FirstPlaceholder = '\uE000';
    private const char LastPlaceholder = '\uF8FF';

    /// <summary>The word with its brace expressions expanded (bounded). Bash expands braces before anything else, over the
    /// word as written, so an expression may span parts: <c>{rm,-rf,$HOME}</c> is the three words <c>rm -rf $HOME</c>.
    /// Parts other than unquoted text (quoted text, expansions) are opaque: each stands in the text as one placeholder
    /// character, and a quoted comma or brace never splits.</summary>
    private static List<WordPart[]> BraceAlternatives(WordPart[] parts)
    {
        if (parts.Length > LastPlaceholder - FirstPlaceholder) return [parts];
        var text = new StringBuilder();
        for (var index = 0; index < parts.Length; index++)
        {
            if (parts[index] is LiteralPart { Quote: QuoteKind.None } literal)
            {
                // Text that already holds a placeholder character cannot be told apart from one: leave the word as it is.
                if (literal.Text.AsSpan().ContainsAnyInRange(FirstPlaceholder, LastPlaceholder)) return [parts];
                text.Append(literal.Text);
            }
            else text.Append((char)(FirstPlaceholder + index));
        }

        var expansions = new List<string>();
        if (!BraceExpander.TryExpand(text.ToString(), expansions)) return [parts];
        var results = new List<WordPart[]>(expansions.Count);
        foreach (var expansion in expansions)
        {
            var rebuilt = new List<WordPart>();
            var start = 0;
            for (var i = 0; i < expansion.Length; i++)
            {
                var c = expansion[i];
                if (c is < FirstPlaceholder or > LastPlaceholder) continue;
                if (i > start) rebuilt.Add(new LiteralPart(expansion[start..i], QuoteKind.None));
                rebuilt.Add(parts[c - FirstPlaceholder]);
                start = i + 1;
            }
            if (start < expansion.Length) rebuilt.Add(new LiteralPart(expansion[start..], QuoteKind.None));
            results.Add([.. rebuilt]);
        }
        return results;
    }

    /// <summary>Builds one field (argument) from expanded parts.</summary>
    private sealed class FieldBuilder
    {
        private readonly StringBuilder _value = new();
        private readonly StringBuilder _known = new();
        private int _globAt = -1;
        private int _unknownAt = -1;

        public ArgFlags Flags;
        public DataSource? Source;
        public bool Present;

        /// <summary>Where in the known text the last part, an expansion whose value must not become a host label, started
        /// (see <see cref="ArgFlags.HostLabel"/>); -1 when the last part was something else.</summary>
        private int _labelFrom = -1;

        public int KnownLength => _known.Length;

        public void ExpansionEnded(bool leaks, int startedAt) => _labelFrom = leaks ? startedAt : -1;

        /// <summary>A written <c>.label</c> right after such an expansion, where a host name is (no <c>/</c> before it, or
        /// none after a URL's <c>://</c>), makes the expansion a label of the host.</summary>
        public void BeforeLiteral(string text)
        {
            if (_labelFrom >= 0 && text.Length > 1 && text[0] == '.' && text[1] is not ('.' or '/') && InHostPosition(_labelFrom))
                Flags |= ArgFlags.HostLabel;
            _labelFrom = -1;
        }

        private bool InHostPosition(int end)
        {
            var prefix = _known.ToString(0, Math.Min(end, _known.Length));
            var scheme = prefix.LastIndexOf("://", StringComparison.Ordinal);
            return prefix.IndexOf('/', scheme < 0 ? 0 : scheme + 3) < 0;
        }

        public void AppendKnown(string text, bool globsLive)
        {
            if (globsLive && _globAt < 0)
            {
                var glob = Globs.FirstGlob(text);
                if (glob >= 0) _globAt = _known.Length + glob;
            }
            _value.Append(text);
            _known.Append(text);
        }

        public void AppendUnknown(string asWritten, DataSource? source)
        {
            Present = true;
            if (_known.Length == 0) Flags |= ArgFlags.LeadingUnknown;
            else if (_unknownAt < 0) _unknownAt = _known.Length;
            Flags |= ArgFlags.Unresolved | ArgFlags.Expanded;
            _value.Append(asWritten);
            if (source is { Kind: not SourceKind.None }) Source ??= source;
        }

        /// <summary>Appends a value that may itself be partly unknown or a glob.</summary>
        public void AppendArg(in Arg arg, bool globsLive)
        {
            Present = true;
            Flags |= ArgFlags.Expanded;
            var offset = _known.Length;
            if ((arg.Flags & ArgFlags.LeadingUnknown) != 0)
            {
                if (offset == 0) Flags |= ArgFlags.LeadingUnknown;
                else if (_unknownAt < 0) _unknownAt = offset;
            }
            if (arg.UnknownAt >= 0 && _unknownAt < 0) _unknownAt = offset + arg.UnknownAt;
            if (arg.GlobAt >= 0 && _globAt < 0) _globAt = offset + arg.GlobAt;
            Flags |= arg.Flags & (ArgFlags.Unresolved | ArgFlags.Filtered | ArgFlags.Escaped | ArgFlags.Quoted);
            if (arg.Source is { Kind: not SourceKind.None }) Source ??= arg.Source;
            if (globsLive && _globAt < 0 && !arg.IsUnresolved)
            {
                var glob = Globs.FirstGlob(arg.Known);
                if (glob >= 0) _globAt = offset + glob;
            }
            _value.Append(arg.Value);
            _known.Append(arg.Known);
        }

        public Arg ToArg(bool escaped)
        {
            var flags = Flags | (escaped ? ArgFlags.Escaped : 0);
            var value = _value.ToString();
            var known = (flags & ArgFlags.Unresolved) != 0 ? _known.ToString() : value;
            return Arg.Create(value, known, _globAt, _unknownAt, flags, Source);
        }
    }
}

/// <summary><c>${x#pat}</c>, <c>${x##pat}</c>, <c>${x%pat}</c>, <c>${x%%pat}</c> with <c>*</c> and <c>?</c> patterns.</summary>
internal static class PatternTrim
{
    private const int MaxLength = 1024;

    public static string Apply(string value, string pattern, string operation)
    {
        if (value.Length > MaxLength) return value;
        var prefix = operation[0] == '#';
        var longest = operation.Length == 2;
        if (prefix)
        {
            if (longest)
            {
                for (var end = value.Length; end >= 0; end--)
                    if (Matches(value.AsSpan(0, end), pattern)) return value[end..];
            }
            else
            {
                for (var end = 0; end <= value.Length; end++)
                    if (Matches(value.AsSpan(0, end), pattern)) return value[end..];
            }
        }
        else if (longest)
        {
            for (var start = 0; start <= value.Length; start++)
                if (Matches(value.AsSpan(start), pattern)) return value[..start];
        }
        else
        {
            for (var start = value.Length; start >= 0; start--)
                if (Matches(value.AsSpan(start), pattern)) return value[..start];
        }
        return value;
    }

    /// <summary>Glob match with <c>*</c> and <c>?</c>, iterative with one backtrack point (linear-ish, no recursion).</summary>
    public static bool Matches(ReadOnlySpan<char> text, ReadOnlySpan<char> pattern)
    {
        int t = 0, p = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]))
            {
                t++;
                p++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else return false;
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }
}
