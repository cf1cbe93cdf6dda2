using System.Runtime.CompilerServices;
using System.Text;

namespace Mstro.Bouncer.Shell;

/// <summary>
/// The single-pass recursive-descent parser behind <see cref="ShellParser"/>. It reads characters on demand
/// (bash's lexer is context-sensitive, so there is no separate token stream), parses nested substitutions
/// in place rather than finding their end first (no re-scans), and builds every list on shared stacks so a
/// typical command allocates little beyond its tree.
/// </summary>
/// <remarks>
/// Split by area: this file holds the state, character access and limits; <c>BashParser.Lists.cs</c> lists,
/// pipelines, simple commands, redirections and heredocs; <c>BashParser.Compound.cs</c> the compound
/// commands; <c>BashParser.Words.cs</c> words and quoting; <c>BashParser.Expansions.cs</c> <c>$</c>
/// expansions, substitutions and arithmetic.
/// </remarks>
internal sealed partial class BashParser
{
    private const int Eof = -1;
    private const int MaxDiagnostics = 256;
    private const int LargeStackCapacity = 4096;
    private const int LargeTextCapacity = 64 * 1024;
    private const int StoppedSourceLength = 256;
    internal const string InternalErrorMessage = "internal parser error";

    [ThreadStatic] private static BashParser? t_cached;

    private static readonly Word EmptyWord = new([], string.Empty);

    // The text being read: the input, or (inside backquotes that needed un-escaping) the un-escaped text.
    private string _src = string.Empty;
    private int _pos;
    private int _end;
    // Whether the text holds a "\<newline>" anywhere: only then must reads skip line continuations.
    private bool _continuations;
    // Whether the input holds a '~' anywhere: only then do words look for tilde prefixes after '=' and ':'.
    private bool _tildes;
    // When reading un-escaped backquote text, where its substitution starts in the input (for diagnostics).
    private int _derivedOrigin = -1;

    private ParserLimits _limits = ParserLimits.Default;
    private int _depth;
    private int _nodes;
    private int _maxNodes;
    private long _backtrackBudget;
    private long _sourceBudget;
    private bool _stopped;
    private List<ParseDiagnostic>? _diagnostics;

    // Stacks the lists are built on: a list records where its items start and pops them into an array.
    private readonly NodeStack<WordPart> _parts = new();
    private readonly NodeStack<Word> _words = new();
    private readonly NodeStack<Statement> _statements = new();
    private readonly NodeStack<Command> _commands = new();
    private readonly NodeStack<Assignment> _assignments = new();
    private readonly NodeStack<Script> _scripts = new();
    private readonly List<PendingHereDocument> _hereDocuments = [];
    // Heredocs below this index belong to an enclosing command line (a $( ) reads only its own).
    private int _hereDocumentBase;
    private readonly StringBuilder _text = new();

    public static ParseResult Run(string source, ParserLimits limits)
    {
        var parser = t_cached ?? new BashParser();
        t_cached = null;
        try
        {
            return parser.ParseInput(source, limits);
        }
        catch (Exception error) when (error is IndexOutOfRangeException or ArgumentException
                                          or InvalidOperationException or InsufficientExecutionStackException)
        {
            // A bug must not become a crash of the hook: report it so the caller can ask instead of allow.
            return new ParseResult(Script.Empty,
                [new ParseDiagnostic(ParseDiagnosticKind.UnexpectedToken, 0, $"{InternalErrorMessage}: {error.GetType().Name}")]);
        }
        finally
        {
            parser.Reset();
            t_cached = parser;
        }
    }

    private ParseResult ParseInput(string source, ParserLimits limits)
    {
        _limits = limits;
        _maxNodes = limits.MaxNodes;
        _src = source;
        _end = Math.Clamp(limits.MaxInputLength, 0, source.Length);
        _pos = 0;
        if (_end < source.Length)
        {
            AddDiagnostic(ParseDiagnosticKind.LimitExceeded, _end,
                $"input longer than {limits.MaxInputLength} characters: only the beginning was parsed");
        }

        var text = source.AsSpan(0, _end);
        // Most commands hold neither a backslash nor a tilde: one search answers both.
        bool backslashOrTilde = text.IndexOfAny('\\', '~') >= 0;
        _continuations = backslashOrTilde && text.Contains("\\\n", StringComparison.Ordinal);
        _tildes = backslashOrTilde && text.Contains('~');
        _backtrackBudget = (2L * _end) + 4096;
        _sourceBudget = (16L * _end) + 65536;

        var script = ParseList(ListEnd.ConsumeStrays);
        ReportUnreadHereDocuments();
        return new ParseResult(script, _diagnostics is null ? [] : _diagnostics.ToArray()) { Nodes = _nodes };
    }

    private void Reset()
    {
        _src = string.Empty;
        _pos = _end = 0;
        _continuations = _tildes = _stopped = false;
        _derivedOrigin = -1;
        _depth = _nodes = 0;
        _diagnostics = null;
        _literalPending = false;
        _hereDocumentBase = 0;
        _parts.Reset();
        _words.Reset();
        _statements.Reset();
        _commands.Reset();
        _assignments.Reset();
        _scripts.Reset();
        ClearStack(_hereDocuments);
        if (_text.Length != 0) _text.Clear();
        if (_text.Capacity > LargeTextCapacity) _text.Capacity = 256;
    }

    private static void ClearStack<T>(List<T> stack)
    {
        stack.Clear();
        if (stack.Capacity > LargeStackCapacity) stack.Capacity = 16;
    }

    // ---- character access -------------------------------------------------------------------------------
    // Bash removes "\<newline>" before it tokenises (except inside single quotes, comments and quoted heredocs),
    // so `r\<newline>m` is `rm` and `$HO\<newline>ME` is `$HOME`. Reads that tokenise go through Peek/PeekAhead/
    // Skip, which step over continuations; the raw contexts read _src directly.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Peek()
    {
        if (_continuations) SkipContinuations();
        return _pos < _end ? _src[_pos] : Eof;
    }

    private void SkipContinuations() => _pos = SkipContinuationsFrom(_pos);

    private int SkipContinuationsFrom(int index)
    {
        while (index + 1 < _end && _src[index] == '\\' && _src[index + 1] == '\n') index += 2;
        return index;
    }

    /// <summary>The raw index of the character <paramref name="ahead"/> logical characters after the current one.</summary>
    private int IndexAhead(int ahead)
    {
        if (!_continuations) return _pos + ahead;
        SkipContinuations();
        int index = _pos;
        for (; ahead > 0; ahead--) index = SkipContinuationsFrom(index + 1);
        return index;
    }

    private int PeekAhead(int ahead)
    {
        int index = IndexAhead(ahead);
        return index < _end ? _src[index] : Eof;
    }

    /// <summary>Consumes <paramref name="count"/> logical characters.</summary>
    private void Skip(int count) => _pos = Math.Min(IndexAhead(count - 1) + 1, _end);

    /// <summary>Moves to <paramref name="position"/>, unless a limit stopped the parse (then everything reads as the end).</summary>
    private void SetPosition(int position) => _pos = _stopped ? _end : position;

    private string Slice(int start, int end)
    {
        end = Math.Min(end, _src.Length);
        return end <= start ? string.Empty : _src.Substring(start, end - start);
    }

    /// <summary>A word spelled as the text between two positions (clamped as <see cref="Slice"/> does).</summary>
    private Word SpelledWord(WordPart[] parts, int start, int end)
    {
        end = Math.Min(end, _src.Length);
        return end <= start ? new Word(parts, string.Empty) : new Word(parts, _src, start, end - start);
    }

    /// <summary>The text between two positions with line continuations removed (for names split by them).</summary>
    private string SliceLogical(int start, int end)
    {
        string text = Slice(start, end);
        return _continuations ? text.Replace("\\\n", string.Empty, StringComparison.Ordinal) : text;
    }

    // ---- limits and diagnostics ---------------------------------------------------------------------------

    private bool Enter(int position)
    {
        if (_stopped) return false;
        // The stack check costs a little, and the first levels cannot exhaust a thread's stack.
        if (++_depth > _limits.MaxNestingDepth || (_depth > 16 && !RuntimeHelpers.TryEnsureSufficientExecutionStack()))
        {
            _depth--;
            Stop(position, $"nesting deeper than {_limits.MaxNestingDepth} levels: the rest was not parsed");
            return false;
        }

        return true;
    }

    private void Leave() => _depth--;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CountNode()
    {
        if (++_nodes > _maxNodes) StopAtNodeLimit();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CountNodes(int count)
    {
        if ((_nodes += count) > _maxNodes) StopAtNodeLimit();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void StopAtNodeLimit() => Stop(_pos, $"more than {_maxNodes} syntax nodes: the rest was not parsed");

    /// <summary>Ends the parse: a limit was hit, so everything after reads as the end of the input.</summary>
    private void Stop(int position, string message)
    {
        if (_stopped) return;
        _diagnostics ??= [];
        _diagnostics.Add(new ParseDiagnostic(ParseDiagnosticKind.LimitExceeded, DiagnosticPosition(position), message));
        _stopped = true;
        _pos = _end;
    }

    /// <summary>Whether another diagnostic would be kept (callers skip building messages that would not).</summary>
    private bool CanReport => !_stopped && (_diagnostics is null || _diagnostics.Count < MaxDiagnostics);

    private void AddDiagnostic(ParseDiagnosticKind kind, int position, string message)
    {
        if (!CanReport) return;
        _diagnostics ??= [];
        _diagnostics.Add(new ParseDiagnostic(kind, DiagnosticPosition(position), message));
    }

    private int DiagnosticPosition(int position) => _derivedOrigin >= 0 ? _derivedOrigin : position;

    // ---- speculation ---------------------------------------------------------------------------------------
    // `$((` and `((` are arithmetic only if they close with `))`; otherwise bash reads a command substitution or
    // subshell. The parser tries arithmetic and, on failure, rewinds. Every rewound character is charged to a
    // budget proportional to the input, so nested failures cannot make the work blow up.

    private readonly record struct Snapshot(
        int Position, int Parts, int Words, int Statements, int Commands, int Assignments, int Scripts,
        int HereDocuments, int Diagnostics, int Nodes);

    private Snapshot TakeSnapshot() => new(
        _pos, _parts.Count, _words.Count, _statements.Count, _commands.Count, _assignments.Count, _scripts.Count,
        _hereDocuments.Count, _diagnostics?.Count ?? 0, _nodes);

    /// <summary>Rewinds to <paramref name="snapshot"/>; false when the rewind budget is spent (the parse then stops).</summary>
    private bool Backtrack(Snapshot snapshot)
    {
        long cost = Math.Max(1, Math.Abs(_pos - snapshot.Position));
        _parts.Truncate(snapshot.Parts);
        _words.Truncate(snapshot.Words);
        _statements.Truncate(snapshot.Statements);
        _commands.Truncate(snapshot.Commands);
        _assignments.Truncate(snapshot.Assignments);
        _scripts.Truncate(snapshot.Scripts);
        Truncate(_hereDocuments, snapshot.HereDocuments);
        if (_diagnostics is not null) Truncate(_diagnostics, snapshot.Diagnostics);
        _nodes = snapshot.Nodes;
        _literalPending = false;
        _pos = snapshot.Position;
        _backtrackBudget -= cost;
        if (_backtrackBudget >= 0) return true;
        Stop(snapshot.Position, "too much backtracking over '((' that is not arithmetic: the rest was not parsed");
        return false;
    }

    private static void Truncate<T>(List<T> stack, int count)
    {
        if (stack.Count > count) stack.RemoveRange(count, stack.Count - count);
    }

    // ---- character classes ---------------------------------------------------------------------------------

    /// <summary>Characters that end an unquoted word: blanks, newline and <c>; &amp; | ( ) &lt; &gt;</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsMeta(int c) => c is ' ' or '\t' or '\n' or ';' or '&' or '|' or '(' or ')' or '<' or '>';

    private static bool IsMetaOrEof(int c) => c == Eof || IsMeta(c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsNameStart(int c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_';

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsNameChar(int c) => IsNameStart(c) || IsDigit(c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsDigit(int c) => c is >= '0' and <= '9';

    private static bool IsSpecialParameter(int c) => c is '@' or '*' or '#' or '?' or '$' or '!' or '-';
}
