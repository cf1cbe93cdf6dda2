using System.Collections.Frozen;
using System.Text;

namespace Mstro.Bouncer.Analysis.Code;

public enum CodeLanguage
{
    Python,
    JavaScript,
    Perl,
    Ruby,
    Php,
    Lua,
    AppleScript,
    R,
    Awk,
}

internal enum TokenKind : byte
{
    Identifier,
    String,
    /// <summary>Text a language runs as a shell command by itself: backticks, qx{}, %x{}.</summary>
    ShellString,
    Number,
    Punctuation,
}

[Flags]
internal enum TokenFlags : byte
{
    None = 0,
    /// <summary>The string interpolates code (f-strings, "#{x}", "$x", `${x}`); interpolations are shown as ${__dynamic}.</summary>
    Dynamic = 1 << 0,
    /// <summary>The string used \x/\u/octal escapes.</summary>
    Hidden = 1 << 1,
    /// <summary>A "." punctuation token written as <c>-&gt;</c> or <c>::</c>: member access in PHP and Perl, whose own
    /// <c>.</c> joins strings.</summary>
    Member = 1 << 2,
}

internal readonly record struct Token(TokenKind Kind, string Text, TokenFlags Flags = TokenFlags.None)
{
    public bool IsPunctuation(char c) => Kind == TokenKind.Punctuation && Text.Length == 1 && Text[0] == c;

    public bool IsIdentifier(string name) => Kind == TokenKind.Identifier && Text == name;
}

/// <summary>A single-pass, bounded tokenizer for one-liners in several languages: identifiers, string literals
/// (with each language's quoting), numbers, punctuation. Comments are dropped. No regex, no backtracking.</summary>
internal static class CodeTokenizer
{
    public const int MaxLength = 64 * 1024;
    public const int MaxTokens = 20_000;
    public const string DynamicMarker = "${__dynamic}";

    public static List<Token> Tokenize(string code, CodeLanguage language, string? home = null)
    {
        var tokens = new List<Token>(Math.Min(code.Length / 3 + 4, 4096));
        var length = Math.Min(code.Length, MaxLength);
        var i = 0;
        while (i < length && tokens.Count < MaxTokens)
        {
            var c = code[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            if (SkipComment(code, ref i, length, language)) continue;

            if (TryString(code, ref i, length, language, home, out var token))
            {
                tokens.Add(token);
                continue;
            }

            if (char.IsAsciiLetter(c) || c == '_' || c is '$' or '@' && language is CodeLanguage.Perl or CodeLanguage.Php or CodeLanguage.Ruby
                || c == '$' && language == CodeLanguage.JavaScript)
            {
                var start = i;
                i++;
                while (i < length && (char.IsAsciiLetterOrDigit(code[i]) || code[i] == '_' || code[i] == '$' && language == CodeLanguage.JavaScript)) i++;
                var name = code[start..i];
                if (language == CodeLanguage.Perl && name is "q" or "qq" or "qw" or "qx" && i < length && IsPerlQuoteDelimiter(code[i]))
                {
                    tokens.Add(QuoteLike(code, ref i, length, name == "qx" ? TokenKind.ShellString : TokenKind.String, name == "qq" || name == "qx", home));
                    continue;
                }
                tokens.Add(new Token(TokenKind.Identifier, name));
                continue;
            }

            if (char.IsAsciiDigit(c))
            {
                var start = i;
                while (i < length && (char.IsAsciiLetterOrDigit(code[i]) || code[i] == '.')) i++;
                tokens.Add(new Token(TokenKind.Number, code[start..i]));
                continue;
            }

            // `::` (Perl, Ruby) and `->` (Perl, PHP) join names like `.` does.
            if (c == ':' && i + 1 < length && code[i + 1] == ':' || c == '-' && i + 1 < length && code[i + 1] == '>')
            {
                tokens.Add(new Token(TokenKind.Punctuation, ".", TokenFlags.Member));
                i += 2;
                continue;
            }
            tokens.Add(new Token(TokenKind.Punctuation, c.ToString()));
            i++;
        }
        return tokens;
    }

    private static bool SkipComment(string code, ref int i, int length, CodeLanguage language)
    {
        var c = code[i];
        var next = i + 1 < length ? code[i + 1] : '\0';
        var hashComments = language is CodeLanguage.Python or CodeLanguage.Perl or CodeLanguage.Ruby or CodeLanguage.R
            or CodeLanguage.Awk or CodeLanguage.Php or CodeLanguage.AppleScript;
        if (c == '#' && hashComments && !(language == CodeLanguage.Perl && i > 0 && code[i - 1] == '$'))
        {
            while (i < length && code[i] != '\n') i++;
            return true;
        }
        if (c == '/' && next == '/' && language is CodeLanguage.JavaScript or CodeLanguage.Php)
        {
            while (i < length && code[i] != '\n') i++;
            return true;
        }
        if (c == '/' && next == '*' && language is CodeLanguage.JavaScript or CodeLanguage.Php)
        {
            var end = code.IndexOf("*/", i + 2, length - i - 2, StringComparison.Ordinal);
            i = end < 0 ? length : end + 2;
            return true;
        }
        if (c == '-' && next == '-' && language is CodeLanguage.Lua or CodeLanguage.AppleScript)
        {
            if (language == CodeLanguage.Lua && i + 3 < length && code[i + 2] == '[' && code[i + 3] == '[')
            {
                var end = code.IndexOf("]]", i + 4, length - i - 4, StringComparison.Ordinal);
                i = end < 0 ? length : end + 2;
                return true;
            }
            while (i < length && code[i] != '\n') i++;
            return true;
        }
        return false;
    }

    private static bool TryString(string code, ref int i, int length, CodeLanguage language, string? home, out Token token)
    {
        token = default;
        var c = code[i];
        var start = i;

        if (language == CodeLanguage.Python)
        {
            // Prefixes: r, b, u, f, rb, br, fr, rf (any case).
            var p = i;
            var raw = false;
            var format = false;
            while (p < length && p - i < 2 && code[p] is 'r' or 'R' or 'b' or 'B' or 'u' or 'U' or 'f' or 'F')
            {
                raw |= code[p] is 'r' or 'R';
                format |= code[p] is 'f' or 'F';
                p++;
            }
            if (p < length && code[p] is '\'' or '"' && (p == i || !char.IsAsciiLetterOrDigit(i > 0 ? code[i - 1] : ' ')))
            {
                var quote = code[p];
                var triple = p + 2 < length && code[p + 1] == quote && code[p + 2] == quote;
                i = p + (triple ? 3 : 1);
                var body = ReadUntil(code, ref i, length, quote, triple);
                token = Finish(TokenKind.String, body, !raw, format ? FStringDynamic : null, home);
                return true;
            }
            return false;
        }

        if (language == CodeLanguage.Lua && c == '[' && i + 1 < length && code[i + 1] is '[' or '=')
        {
            var level = 0;
            var p = i + 1;
            while (p < length && code[p] == '=') { level++; p++; }
            if (p >= length || code[p] != '[') return false;
            var close = "]" + new string('=', level) + "]";
            var end = code.IndexOf(close, p + 1, length - p - 1, StringComparison.Ordinal);
            var bodyEnd = end < 0 ? length : end;
            token = new Token(TokenKind.String, code[(p + 1)..bodyEnd]);
            i = end < 0 ? length : end + close.Length;
            return true;
        }

        if (language == CodeLanguage.Ruby && c == '%' && i + 2 < length && code[i + 1] is 'x' or 'q' or 'Q' or 'w' or 'W' or 'i'
            && IsPerlQuoteDelimiter(code[i + 2]))
        {
            var kind = code[i + 1] == 'x' ? TokenKind.ShellString : TokenKind.String;
            i += 2;
            token = QuoteLike(code, ref i, length, kind, code[start + 1] is 'x' or 'Q' or 'W', home);
            return true;
        }

        if (c is not ('\'' or '"' or '`')) return false;
        if (c == '\'' && language is CodeLanguage.AppleScript or CodeLanguage.Awk) return false;
        if (c == '`' && language is not (CodeLanguage.JavaScript or CodeLanguage.Perl or CodeLanguage.Ruby or CodeLanguage.Php)) return false;

        i++;
        var interpolates = c != '\'' && language is CodeLanguage.Perl or CodeLanguage.Php or CodeLanguage.Ruby || c == '`';
        var decodeEscapes = c != '\'' || language is CodeLanguage.JavaScript or CodeLanguage.Python or CodeLanguage.Lua or CodeLanguage.R;
        var text = ReadUntil(code, ref i, length, c, false);
        var stringKind = c == '`' && language != CodeLanguage.JavaScript ? TokenKind.ShellString : TokenKind.String;
        Func<string, string?, (string, bool)>? dynamic = !interpolates ? null
            : language switch
            {
                CodeLanguage.Ruby => RubyDynamic,
                CodeLanguage.JavaScript => TemplateDynamic,
                _ => SigilDynamic,
            };
        token = Finish(stringKind, text, decodeEscapes, dynamic, home);
        return true;
    }

    private static Token Finish(TokenKind kind, string body, bool decodeEscapes, Func<string, string?, (string Text, bool Dynamic)>? dynamic,
        string? home)
    {
        var flags = TokenFlags.None;
        if (dynamic is not null)
        {
            var (text, isDynamic) = dynamic(body, home);
            body = text;
            if (isDynamic) flags |= TokenFlags.Dynamic;
        }
        if (decodeEscapes)
        {
            body = Decoding.Escapes(body, out var numeric);
            if (numeric) flags |= TokenFlags.Hidden;
        }
        else body = body.Replace("\\'", "'", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
        return new Token(kind, body, flags);
    }

    /// <summary>Reads a string body up to its closing quote (escapes kept for the decoder).</summary>
    private static string ReadUntil(string code, ref int i, int length, char quote, bool triple)
    {
        var builder = new StringBuilder();
        while (i < length)
        {
            var c = code[i];
            if (c == '\\' && i + 1 < length)
            {
                builder.Append(c).Append(code[i + 1]);
                i += 2;
                continue;
            }
            if (c == quote && (!triple || i + 2 < length && code[i + 1] == quote && code[i + 2] == quote))
            {
                i += triple ? 3 : 1;
                return builder.ToString();
            }
            builder.Append(c);
            i++;
        }
        return builder.ToString();
    }

    private static bool IsPerlQuoteDelimiter(char c) => c is '{' or '(' or '[' or '<' or '/' or '|' or '!' or '#' or '\'' or '"' or '~' or '%' or '^' or ',';

    /// <summary>q{...}, qq(...), qx[...], %x{...}: any delimiter, brackets nest.</summary>
    private static Token QuoteLike(string code, ref int i, int length, TokenKind kind, bool interpolates, string? home)
    {
        var open = code[i];
        var close = open switch { '{' => '}', '(' => ')', '[' => ']', '<' => '>', _ => open };
        i++;
        var depth = 1;
        var start = i;
        while (i < length)
        {
            var c = code[i];
            if (c == '\\')
            {
                i += 2;
                continue;
            }
            if (c == open && open != close) depth++;
            else if (c == close && --depth == 0) break;
            i++;
        }
        var end = Math.Min(i, length);
        var body = code[start..end];
        if (i < length) i++;
        return Finish(kind, body, interpolates, interpolates ? SigilDynamic : null, home);
    }

    private static (string, bool) FStringDynamic(string body, string? home) => ReplaceBraces(body, "{", "}", home);

    private static (string, bool) RubyDynamic(string body, string? home) => ReplaceBraces(body, "#{", "}", home);

    private static (string, bool) TemplateDynamic(string body, string? home) => ReplaceBraces(body, "${", "}", home);

    /// <summary>Replaces <c>{expr}</c>-style interpolations with the dynamic marker (<c>{{</c> stays a brace).</summary>
    private static (string, bool) ReplaceBraces(string body, string open, string close, string? home)
    {
        if (!body.Contains(open, StringComparison.Ordinal)) return (body, false);
        var builder = new StringBuilder(body.Length);
        var dynamic = false;
        for (var i = 0; i < body.Length; i++)
        {
            if (open == "{" && i + 1 < body.Length && body[i] == '{' && body[i + 1] == '{')
            {
                builder.Append('{');
                i++;
                continue;
            }
            if (string.CompareOrdinal(body, i, open, 0, open.Length) == 0)
            {
                var end = body.IndexOf(close, i + open.Length, StringComparison.Ordinal);
                if (end < 0) break;
                if (home is not null && IsHomeExpression(body.AsSpan(i + open.Length, end - i - open.Length))) builder.Append(home);
                else
                {
                    builder.Append(DynamicMarker);
                    dynamic = true;
                }
                i = end + close.Length - 1;
                continue;
            }
            builder.Append(body[i]);
        }
        return (builder.ToString(), dynamic);
    }

    /// <summary>Interpolated expressions that are the home directory in the languages' own spellings (blanks removed,
    /// double quotes read as single ones).</summary>
    private static readonly FrozenSet<string> HomeExpressions = new[]
    {
        "Path.home()", "pathlib.Path.home()", "str(Path.home())", "os.path.expanduser('~')", "Path('~').expanduser()",
        "os.environ['HOME']", "os.getenv('HOME')", "os.environ.get('HOME')",
        "os.homedir()", "homedir()", "require('os').homedir()", "process.env.HOME", "process.env['HOME']",
        "Deno.env.get('HOME')", "Deno.env.get('HOME')!", "Deno.homeDir()",
        "Dir.home", "ENV['HOME']", "ENV.fetch('HOME')", "File.expand_path('~')",
        "$ENV{HOME}", "$ENV{'HOME'}", "getenv('HOME')", "$_SERVER['HOME']",
    }.ToFrozenSet(StringComparer.Ordinal);

    private const int MaxHomeExpression = 32;

    private static bool IsHomeExpression(ReadOnlySpan<char> expression)
    {
        Span<char> normal = stackalloc char[MaxHomeExpression];
        var length = 0;
        foreach (var c in expression)
        {
            if (c is ' ' or '\t' or '\\') continue;
            if (length == MaxHomeExpression) return false;
            normal[length++] = c == '"' ? '\'' : c;
        }
        return HomeExpressions.GetAlternateLookup<ReadOnlySpan<char>>().Contains(normal[..length]);
    }

    /// <summary>Perl/PHP "$x" interpolation: left as written; the shell analysis reads $x as an unknown variable.
    /// Perl's <c>$ENV{HOME}</c> is the home directory.</summary>
    private static (string, bool) SigilDynamic(string body, string? home)
    {
        if (home is not null && body.Contains("$ENV{", StringComparison.Ordinal))
        {
            foreach (var spelling in (ReadOnlySpan<string>)["$ENV{HOME}", "$ENV{'HOME'}", "$ENV{\"HOME\"}", "$ENV{\\\"HOME\\\"}"])
                body = body.Replace(spelling, home, StringComparison.Ordinal);
        }
        for (var i = 0; i + 1 < body.Length; i++)
        {
            if (body[i] is '$' or '@' && (char.IsAsciiLetter(body[i + 1]) || body[i + 1] is '_' or '{')
                && (i == 0 || body[i - 1] != '\\'))
                return (body, true);
        }
        return (body, false);
    }
}
