using System.Runtime.CompilerServices;

namespace Mstro.Bouncer.Shell;

// The syntax tree produced by ShellParser. It keeps what a security analysis needs (structure,
// quoting, substitutions, redirections, heredoc bodies) and drops what it does not (comments,
// exact whitespace). Every list is non-null.

/// <summary>A list of statements: what `bash -c` would run, top to bottom.</summary>
public sealed record Script(Statement[] Statements)
{
    public static readonly Script Empty = new([]);
}

/// <summary>How a statement is joined to the one before it.</summary>
public enum ListOperator
{
    /// <summary>First statement of a script, or after a newline.</summary>
    Start,
    /// <summary><c>;</c></summary>
    Sequence,
    /// <summary><c>&amp;&amp;</c></summary>
    And,
    /// <summary><c>||</c></summary>
    Or,
    /// <summary>After a statement that was put in the background with <c>&amp;</c>.</summary>
    AfterBackground,
}

/// <summary>One pipeline of an and-or list, e.g. <c>curl x | sh</c> in <c>cd /tmp &amp;&amp; curl x | sh &amp;</c>.</summary>
public sealed record Statement(Pipeline Pipeline, ListOperator Operator, bool Background);

/// <summary><c>a | b |&amp; c</c>; <see cref="Negated"/> for a leading <c>!</c>.</summary>
public sealed record Pipeline(Command[] Commands, bool Negated);

public abstract record Command(Redirection[] Redirections);

/// <summary><c>A=1 B=2 prog arg1 arg2 &gt;out</c>. Words[0] is the command name (if any words).</summary>
public sealed record SimpleCommand(
    Assignment[] Assignments,
    Word[] Words,
    Redirection[] Redirections) : Command(Redirections);

/// <summary><c>( body )</c>: runs in a child shell (cd and variables do not leak out).</summary>
public sealed record Subshell(Script Body, Redirection[] Redirections) : Command(Redirections);

/// <summary><c>{ body; }</c>: runs in the current shell.</summary>
public sealed record Group(Script Body, Redirection[] Redirections) : Command(Redirections);

/// <summary><c>name() body</c> or <c>function name body</c>. Body is usually a <see cref="Group"/>.</summary>
public sealed record FunctionDefinition(string Name, Command Body, Redirection[] Redirections)
    : Command(Redirections);

public enum CompoundKind
{
    /// <summary><c>if c; then a; elif d; then b; else e; fi</c>: Bodies = [c, a, d, b, e].</summary>
    If,
    /// <summary><c>while c; do b; done</c>: Bodies = [c, b].</summary>
    While,
    /// <summary><c>until c; do b; done</c>: Bodies = [c, b].</summary>
    Until,
    /// <summary><c>for x in w1 w2; do b; done</c>: Header = [x, w1, w2] (just [x] without <c>in</c>), Bodies = [b].
    /// Also the arithmetic <c>for ((...))</c> form: Header = the expression as one word.</summary>
    For,
    /// <summary><c>select x in w...; do b; done</c>: as <see cref="For"/>.</summary>
    Select,
    /// <summary><c>case w in p1|p2) s1;; p3) s2;; esac</c>: Header = [w, p1, p2, p3], Bodies = [s1, s2].</summary>
    Case,
    /// <summary><c>[[ expr ]]</c>: Header = the words inside, Bodies = [].</summary>
    Conditional,
    /// <summary><c>(( expr ))</c>: Header = one word with the expression, Bodies = [].</summary>
    Arithmetic,
}

/// <summary>if/while/until/for/select/case/[[ ]]/(( )).</summary>
public sealed record Compound(
    CompoundKind Kind,
    Word[] Header,
    Script[] Bodies,
    Redirection[] Redirections) : Command(Redirections);

/// <summary><c>NAME=value</c> or <c>NAME+=value</c> (Value is empty for <c>NAME=</c>), or an array <c>NAME=(a b)</c>
/// whose elements are in <see cref="ArrayElements"/>.</summary>
public sealed record Assignment(string Name, Word Value, bool Append, Word[]? ArrayElements = null)
{
    /// <summary>The index of <c>NAME[index]=value</c> (Name is then the bare NAME), parsed like an arithmetic
    /// expression: bash evaluates it, so a <c>$(...)</c> inside runs.</summary>
    public Word? Subscript { get; init; }
}

/// <summary>A shell word: the concatenation of its parts, e.g. <c>"$HOME"/'x'*</c>.
/// <see cref="Source"/> is the word's text exactly as written in the input.</summary>
public sealed record Word
{
    // The parser records where the word is spelled and cuts the string only when someone asks for it: the analysis
    // rarely does, and a word's spelling includes every word nested in it (deep nesting would copy the text per level).
    private readonly string _text;
    private readonly int _start;
    private readonly int _length;
    private string? _source;
    // Null for a plain word, one literal spelled exactly as its text (most words: `git`, `--short`): its one part
    // is made only if someone asks for Parts, since the analysis reads such a word through TryGetOneLiteral.
    private WordPart[]? _parts;
    private readonly QuoteKind _plainQuote;

    public Word(WordPart[] parts, string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        _parts = parts;
        _text = source;
        _length = source.Length;
    }

    /// <summary>The word spelled <c>text[start..(start + length)]</c>.</summary>
    internal Word(WordPart[] parts, string text, int start, int length)
    {
        _parts = parts;
        _text = text;
        _start = start;
        _length = length;
    }

    /// <summary>A word that is one literal whose text is also its spelling.</summary>
    internal Word(string plainText, QuoteKind quote)
    {
        _text = plainText;
        _length = plainText.Length;
        _plainQuote = quote;
    }

    public WordPart[] Parts
    {
        get => _parts ??= [new LiteralPart(_text, _plainQuote)];
        init => _parts = value;
    }

    // A word spelled as all of its text keeps no second reference to it (one store fewer per word).
    public string Source => _source ?? (_start == 0 && _length == _text.Length ? _text : CutSource());

    private string CutSource() => _source = _text.Substring(_start, _length);

    /// <summary><see cref="Source"/> without making a string of it.</summary>
    internal ReadOnlySpan<char> SourceSpan => _text.AsSpan(_start, _length);

    /// <summary>Whether the word is exactly one literal part, and its text and quoting (without making the part).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool TryGetOneLiteral(out string text, out QuoteKind quote)
    {
        if (_parts is null)
        {
            (text, quote) = (_text, _plainQuote);
            return true;
        }

        return TryGetOnlyLiteralPart(out text, out quote);
    }

    private bool TryGetOnlyLiteralPart(out string text, out QuoteKind quote)
    {
        if (_parts is [LiteralPart only])
        {
            (text, quote) = (only.Text, only.Quote);
            return true;
        }

        (text, quote) = (string.Empty, QuoteKind.None);
        return false;
    }

    public bool Equals(Word? other) =>
        other is not null && ReferenceEquals(Parts, other.Parts) && SourceSpan.SequenceEqual(other.SourceSpan);

    public override int GetHashCode() => HashCode.Combine(Parts, string.GetHashCode(SourceSpan));

    /// <summary>The word's value when it has no expansions (only literal parts), else null.
    /// Quote removal applied: <c>r''m</c>, <c>"rm"</c>, <c>r\m</c> all give <c>rm</c>.</summary>
    public string? LiteralValue
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _parts is null ? _text : JoinedLiterals();
    }

    private string? JoinedLiterals()
    {
        if (TryGetOnlyLiteralPart(out string text, out _)) return text;
        var builder = new System.Text.StringBuilder();
        foreach (var part in Parts)
        {
            if (part is not LiteralPart literal) return null;
            builder.Append(literal.Text);
        }
        return builder.ToString();
    }
}

public abstract record WordPart;

public enum QuoteKind
{
    /// <summary>Unquoted text: globs (<c>* ? [</c>) and braces (<c>{a,b}</c>) are live.</summary>
    None,
    /// <summary><c>'...'</c></summary>
    Single,
    /// <summary><c>"..."</c> (the literal runs inside double quotes)</summary>
    Double,
    /// <summary><c>$'...'</c> with its escapes (\n, \x41, \101, \u0041 ...) already decoded.</summary>
    AnsiC,
    /// <summary>A backslash-escaped character outside quotes, e.g. the <c>m</c> of <c>r\m</c>.</summary>
    Escaped,
}

/// <summary>Literal text after quote removal. Unquoted (<see cref="QuoteKind.None"/>) text may hold glob
/// and brace characters.</summary>
public sealed record LiteralPart(string Text, QuoteKind Quote) : WordPart;

/// <summary><c>~</c> or <c>~user</c> at the start of a word (unquoted). User is null for plain <c>~</c>.</summary>
public sealed record TildePart(string? User) : WordPart;

/// <summary><c>$NAME</c>, <c>${NAME}</c>, <c>${NAME:-word}</c>, <c>${#NAME}</c>, <c>$1</c>, <c>$@</c>, <c>$?</c> ...
/// Operator is the text between the name and the argument (":-", "-", ":=", "#", "##", "%", "/", ...), or
/// null for a plain reference; "length" for <c>${#NAME}</c>. Argument is the word after the operator.</summary>
public sealed record ParameterPart(string Name, string? Operator, Word? Argument, bool Quoted) : WordPart
{
    /// <summary>The index of <c>${NAME[index]}</c> (Name is then the bare NAME), parsed like an arithmetic
    /// expression: bash evaluates it, so a <c>$(...)</c> inside runs.</summary>
    public Word? Subscript { get; init; }
}

/// <summary><c>$( script )</c> or <c>`script`</c>.</summary>
public sealed record CommandSubstitutionPart(Script Script, bool Backtick, bool Quoted) : WordPart;

/// <summary><c>&lt;( script )</c> (Input = true: the command reads the script's output) or <c>&gt;( script )</c>.</summary>
public sealed record ProcessSubstitutionPart(Script Script, bool Input) : WordPart;

/// <summary><c>$(( expr ))</c> or <c>$[ expr ]</c>. Expression is raw text.</summary>
public sealed record ArithmeticPart(string Expression, bool Quoted) : WordPart
{
    /// <summary>The expression as a word whose parts are its expansions (<c>$x</c>, <c>$(...)</c>, backticks):
    /// bash expands them before it computes, so a substitution inside an arithmetic expansion runs.</summary>
    public Word? ExpressionWord { get; init; }
}

public enum RedirectionOperator
{
    /// <summary><c>&lt;</c></summary>
    Input,
    /// <summary><c>&gt;</c></summary>
    Output,
    /// <summary><c>&gt;&gt;</c></summary>
    Append,
    /// <summary><c>&gt;|</c></summary>
    Clobber,
    /// <summary><c>&lt;&gt;</c></summary>
    ReadWrite,
    /// <summary><c>&lt;&amp;</c></summary>
    DuplicateInput,
    /// <summary><c>&gt;&amp;</c> (and <c>&gt;&amp; file</c> meaning stdout+stderr to file)</summary>
    DuplicateOutput,
    /// <summary><c>&amp;&gt;</c></summary>
    OutputAndError,
    /// <summary><c>&amp;&gt;&gt;</c></summary>
    AppendOutputAndError,
    /// <summary><c>&lt;&lt;&lt; word</c></summary>
    HereString,
    /// <summary><c>&lt;&lt; DELIM</c> / <c>&lt;&lt;- DELIM</c>: see <see cref="Redirection.HereDocument"/>.</summary>
    HereDocument,
}

/// <summary>A redirection. For <see cref="RedirectionOperator.HereDocument"/>, Target is null and
/// HereDocument holds the body; for every other operator Target is the word after the operator.</summary>
public sealed record Redirection(int? FileDescriptor, RedirectionOperator Operator, Word? Target, HereDocument? HereDocument);

/// <summary>A heredoc. When the delimiter was quoted (<c>&lt;&lt;'EOF'</c>) the body is one single-quoted literal;
/// otherwise it is parsed like the inside of double quotes (so <c>$(...)</c> in it is a substitution).</summary>
public sealed record HereDocument(string Delimiter, bool QuotedDelimiter, bool StripTabs, Word Body);

public enum ParseDiagnosticKind
{
    UnterminatedQuote,
    UnterminatedSubstitution,
    UnterminatedHereDocument,
    UnexpectedToken,
    UnbalancedParenthesis,
    /// <summary>A limit in <see cref="ParserLimits"/> was hit; the rest of the input was not analysed.</summary>
    LimitExceeded,
}

public sealed record ParseDiagnostic(ParseDiagnosticKind Kind, int Position, string Message);

/// <summary>Bounds that keep parsing linear and shallow whatever the input.</summary>
public sealed record ParserLimits(int MaxInputLength = 256 * 1024, int MaxNestingDepth = 64, int MaxNodes = 200_000)
{
    public static readonly ParserLimits Default = new();
}

/// <summary>The parse of a script: always a tree (best effort on bad input) plus what went wrong.</summary>
public sealed record ParseResult(Script Script, ParseDiagnostic[] Diagnostics)
{
    public bool HasErrors => Diagnostics.Length > 0;

    /// <summary>How many syntax nodes the parse built (the work it did, for callers that bound their total).</summary>
    public int Nodes { get; init; }
}
