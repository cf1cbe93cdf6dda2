using System.Buffers;

namespace Mstro.Bouncer.Shell;

// Words: unquoted text, quotes, escapes, tildes, extended globs; the literal accumulator.
internal sealed partial class BashParser
{
    private enum WordMode
    {
        /// <summary>A command word, argument, redirection target, pattern or array element.</summary>
        Normal,
        /// <summary>The value of <c>NAME=value</c>: a tilde may follow the <c>=</c> or any unquoted <c>:</c>.</summary>
        AssignmentValue,
        /// <summary>The right of <c>=~</c> in <c>[[ ]]</c>: <c>( ) |</c> belong to the word.</summary>
        Regex,
    }

    private static readonly AsciiSet WordSpecials = new(" \t\n;&|()<>'\"\\$`");
    private static readonly AsciiSet WordSpecialsWithTilde = new(" \t\n;&|()<>'\"\\$`~=:");
    private static readonly SearchValues<char> DoubleQuoteSpecials = SearchValues.Create("\"\\$`");
    private static readonly SearchValues<char> HereDocumentSpecials = SearchValues.Create("\\$`\n");

    /// <summary>Reads the word at the current position, or returns null when a metacharacter (or the end) is there.</summary>
    private Word? ReadWord(WordMode mode)
    {
        if (Peek() == Eof) return null;
        var specials = _tildes ? WordSpecialsWithTilde : WordSpecials;
        if (!_continuations && !_literalPending && mode != WordMode.Regex && !specials.Contains(_src[_pos]))
        {
            // Most words are one unquoted run ended by a blank or an operator: read it without the part loop of
            // ReadWordParts (which would end the word at the same place: no extended glob or process substitution
            // starts there, and a tilde, '=' or ':' that matters ends the run first).
            int start = _pos;
            int runEnd = specials.IndexOfAny(_src.AsSpan(_pos + 1, _end - _pos - 1));
            runEnd = runEnd < 0 ? _end : _pos + 1 + runEnd;
            if (runEnd == _end || _src[runEnd] is ' ' or '\t' or '\n' or ';' or '&' or '|' or ')')
            {
                _pos = runEnd;
                return FinishUnquotedRun(start, _parts.Count, runEnd);
            }
        }

        return ReadWordParts(mode, specials);
    }

    private Word? ReadWordParts(WordMode mode, AsciiSet specials)
    {
        int start = _pos;
        int firstPart = _parts.Count;
        int equalsEnd = -1;
        int colonEnd = -1;
        bool tildeAfterColon = false;
        if (_tildes)
        {
            if (mode == WordMode.AssignmentValue)
            {
                equalsEnd = start;
                tildeAfterColon = true;
            }
            else if (mode == WordMode.Normal)
            {
                // Bash also expands `~` after the `=` of an argument that looks like an assignment: `dd of=~/x`.
                equalsEnd = AssignmentValueStart(start);
                tildeAfterColon = equalsEnd >= 0;
            }
        }

        int parens = 0; // open parentheses of an extended glob @( ) or a regex
        while (true)
        {
            int c = Peek();
            if (c == Eof) break;
            if (!specials.Contains(c))
            {
                int runEnd = specials.IndexOfAny(_src.AsSpan(_pos + 1, _end - _pos - 1));
                runEnd = runEnd < 0 ? _end : _pos + 1 + runEnd;
                AppendSpan(_pos, runEnd, QuoteKind.None);
                _pos = runEnd;
                continue;
            }

            switch (c)
            {
                case '<' or '>' when PeekAhead(1) == '(':
                    ParseProcessSubstitution();
                    continue;
                case ' ' or '\t' or '\n' or ';' or '&' or '<' or '>':
                    if (parens == 0) goto Done;
                    AppendLiteralCharacter();
                    continue;
                case '|':
                    if (parens == 0 && mode != WordMode.Regex) goto Done;
                    AppendLiteralCharacter();
                    continue;
                case '(':
                    if (parens == 0 && mode != WordMode.Regex && !FollowsExtendedGlobOperator(start)) goto Done;
                    parens++;
                    AppendLiteralCharacter();
                    continue;
                case ')':
                    if (parens == 0) goto Done;
                    parens--;
                    AppendLiteralCharacter();
                    continue;
                case '\\':
                    ReadEscapedCharacter();
                    continue;
                case '\'':
                    ReadSingleQuoted();
                    continue;
                case '"':
                    ReadDoubleQuoted();
                    continue;
                case '$':
                    ParseDollar(quoted: false);
                    continue;
                case '`':
                    ParseBackquoted(quoted: false);
                    continue;
                case '~':
                    if ((_pos == start || _pos == equalsEnd || (tildeAfterColon && _pos == colonEnd))
                        && TryReadTilde(colonEnds: tildeAfterColon, braceEnds: false))
                    {
                        continue;
                    }

                    AppendLiteralCharacter();
                    continue;
                case ':':
                    AppendLiteralCharacter();
                    colonEnd = _pos;
                    continue;
                default:
                    AppendLiteralCharacter();
                    continue;
            }
        }

    Done:
        if (_pos == start && _parts.Count == firstPart && !_literalPending) return null;
        return FinishWord(start, firstPart, _pos);
    }

    /// <summary>For a word that starts <c>NAME=</c> or <c>NAME+=</c>, the index just after the <c>=</c>; else -1.</summary>
    private int AssignmentValueStart(int start)
    {
        int i = start;
        if (i >= _end || !IsNameStart(_src[i])) return -1;
        while (i < _end && IsNameChar(_src[i])) i++;
        if (i < _end && _src[i] == '+') i++;
        return i < _end && _src[i] == '=' ? i + 1 : -1;
    }

    /// <summary>Whether the '(' at the current position opens an extended glob such as <c>@(a|b)</c> or <c>!(x)</c>.</summary>
    private bool FollowsExtendedGlobOperator(int wordStart)
    {
        if (_pos <= wordStart || !_literalPending || _literalQuote != QuoteKind.None) return false;
        char previous = _src[_pos - 1];
        if (previous is not ('?' or '*' or '+' or '@' or '!')) return false;
        return _literalInBuilder ? _text.Length > 0 && _text[^1] == previous : _literalEnd == _pos;
    }

    private void AppendLiteralCharacter()
    {
        AppendSpan(_pos, _pos + 1, QuoteKind.None);
        _pos++;
    }

    /// <summary><c>\c</c> outside quotes: c is taken literally. A backslash at the very end stays a backslash.</summary>
    private void ReadEscapedCharacter()
    {
        if (_pos + 1 >= _end)
        {
            AppendSpan(_pos, _pos + 1, QuoteKind.None);
            _pos++;
            return;
        }

        AppendSpan(_pos + 1, _pos + 2, QuoteKind.Escaped);
        _pos += 2;
    }

    /// <summary><c>'...'</c>: everything up to the next quote, raw. Unterminated: the rest of the input.</summary>
    private void ReadSingleQuoted()
    {
        int open = _pos;
        int from = _pos + 1;
        int close = _src.AsSpan(from, _end - from).IndexOf('\'');
        if (close < 0)
        {
            AddDiagnostic(ParseDiagnosticKind.UnterminatedQuote, open, "single quote is never closed");
            AppendSpan(from, _end, QuoteKind.Single);
            _pos = _end;
            return;
        }

        AppendSpan(from, from + close, QuoteKind.Single);
        _pos = from + close + 1;
    }

    /// <summary><c>"..."</c>: literal text with <c>\$ \` \" \\</c> escapes, and <c>$</c> and backquote substitutions.</summary>
    private void ReadDoubleQuoted()
    {
        int open = _pos;
        _pos++;
        bool empty = true;
        while (true)
        {
            int c = Peek();
            if (c == Eof)
            {
                AddDiagnostic(ParseDiagnosticKind.UnterminatedQuote, open, "double quote is never closed");
                break;
            }

            if (c == '"')
            {
                if (empty) AppendSpan(_pos, _pos, QuoteKind.Double);
                _pos++;
                return;
            }

            empty = false;
            switch (c)
            {
                case '\\':
                    int next = _pos + 1 < _end ? _src[_pos + 1] : Eof;
                    if (next is '$' or '`' or '"' or '\\')
                    {
                        AppendSpan(_pos + 1, _pos + 2, QuoteKind.Double);
                        _pos += 2;
                    }
                    else if (next == '\n')
                    {
                        _pos += 2;
                    }
                    else
                    {
                        AppendSpan(_pos, _pos + 1, QuoteKind.Double);
                        _pos++;
                    }

                    continue;
                case '$':
                    ParseDollar(quoted: true);
                    continue;
                case '`':
                    ParseBackquoted(quoted: true);
                    continue;
            }

            int runEnd = _src.AsSpan(_pos + 1, _end - _pos - 1).IndexOfAny(DoubleQuoteSpecials);
            runEnd = runEnd < 0 ? _end : _pos + 1 + runEnd;
            AppendSpan(_pos, runEnd, QuoteKind.Double);
            _pos = runEnd;
        }

        if (empty) AppendSpan(_pos, _pos, QuoteKind.Double);
    }

    /// <summary>
    /// <c>~</c> or <c>~user</c> where a tilde prefix may start; false (and nothing consumed) when the prefix has a
    /// quoted or expanded character, which makes it literal.
    /// </summary>
    private bool TryReadTilde(bool colonEnds, bool braceEnds)
    {
        int i = _pos + 1;
        while (i < _end)
        {
            char ch = _src[i];
            if (ch == '/' || IsMeta(ch) || (colonEnds && ch == ':') || (braceEnds && ch == '}')) break;
            if (ch is '\'' or '"' or '\\' or '$' or '`') return false;
            i++;
        }

        int length = i - _pos - 1;
        WordPart part = length switch
        {
            0 => new TildePart(null),
            1 when _src[_pos + 1] == '+' => new ParameterPart("PWD", null, null, false),
            1 when _src[_pos + 1] == '-' => new ParameterPart("OLDPWD", null, null, false),
            _ => new TildePart(Slice(_pos + 1, i)),
        };
        FlushLiteral();
        _pos = i;
        PushPart(part);
        return true;
    }

    /// <summary>The body of a heredoc with an unquoted delimiter: like the inside of double quotes, but <c>"</c> is literal.</summary>
    private Word ParseHereDocumentBody(int bodyStart, int bodyEnd, bool stripTabs)
    {
        int savedEnd = _end;
        _end = bodyEnd;
        _pos = bodyStart;
        var body = EmptyWord;
        if (Enter(bodyStart))
        {
            int firstPart = _parts.Count;
            bool lineStart = true;
            while (true)
            {
                if (stripTabs && lineStart)
                {
                    while (_pos < _end && _src[_pos] == '\t') _pos++;
                }

                lineStart = false;
                int c = Peek();
                if (c == Eof) break;
                switch (c)
                {
                    case '\\':
                        int next = _pos + 1 < _end ? _src[_pos + 1] : Eof;
                        if (next is '$' or '`' or '\\')
                        {
                            AppendSpan(_pos + 1, _pos + 2, QuoteKind.Double);
                            _pos += 2;
                        }
                        else
                        {
                            AppendSpan(_pos, _pos + 1, QuoteKind.Double);
                            _pos++;
                        }

                        continue;
                    case '$':
                        ParseDollar(quoted: true);
                        continue;
                    case '`':
                        ParseBackquoted(quoted: true);
                        continue;
                    case '\n':
                        AppendSpan(_pos, _pos + 1, QuoteKind.Double);
                        _pos++;
                        lineStart = true;
                        continue;
                }

                int runEnd = _src.AsSpan(_pos + 1, _end - _pos - 1).IndexOfAny(HereDocumentSpecials);
                runEnd = runEnd < 0 ? _end : _pos + 1 + runEnd;
                AppendSpan(_pos, runEnd, QuoteKind.Double);
                _pos = runEnd;
            }

            body = FinishWord(bodyStart, firstPart, bodyEnd);
            Leave();
        }

        _end = savedEnd;
        return body;
    }

    // ---- the literal accumulator ------------------------------------------------------------------------------
    // Adjacent literal text of one quote kind becomes one LiteralPart. While the text is one contiguous slice of
    // the source it is only a (start, end) pair; it is copied into the shared builder only when it is not (an
    // escape, a continuation, a decoded $'...'). Anything that adds a non-literal part flushes it first.

    private bool _literalPending;
    private QuoteKind _literalQuote;
    private int _literalStart;
    private int _literalEnd;
    private bool _literalInBuilder;

    private void AppendSpan(int start, int end, QuoteKind quote)
    {
        if (_literalPending)
        {
            if (quote == _literalQuote)
            {
                if (!_literalInBuilder)
                {
                    if (start == _literalEnd)
                    {
                        _literalEnd = end;
                        return;
                    }

                    _text.Clear();
                    _text.Append(_src, _literalStart, _literalEnd - _literalStart);
                    _literalInBuilder = true;
                }

                _text.Append(_src, start, end - start);
                return;
            }

            FlushLiteral();
        }

        _literalPending = true;
        _literalQuote = quote;
        _literalStart = start;
        _literalEnd = end;
        _literalInBuilder = false;
    }

    private void AppendCharacter(char character, QuoteKind quote)
    {
        if (_literalPending && quote == _literalQuote)
        {
            if (!_literalInBuilder)
            {
                _text.Clear();
                _text.Append(_src, _literalStart, _literalEnd - _literalStart);
                _literalInBuilder = true;
            }

            _text.Append(character);
            return;
        }

        FlushLiteral();
        _literalPending = true;
        _literalQuote = quote;
        _literalInBuilder = true;
        _text.Clear();
        _text.Append(character);
    }

    private void FlushLiteral()
    {
        if (!_literalPending) return;
        _literalPending = false;
        string text = _literalInBuilder ? _text.ToString() : Slice(_literalStart, _literalEnd);
        _parts.Add(new LiteralPart(text, _literalQuote));
        CountNode();
    }

    private void PushPart(WordPart part)
    {
        FlushLiteral();
        _parts.Add(part);
        CountNode();
    }

    /// <summary>The word made of the parts pushed since <paramref name="firstPart"/>, spelled source[start..end].</summary>
    private Word FinishWord(int start, int firstPart, int end)
    {
        end = ChargeSource(start, end);
        if (_parts.Count == firstPart && _literalPending && !_literalInBuilder && _literalStart == start && _literalEnd == end)
        {
            // The whole word is one plain slice (e.g. `npm`, or a heredoc body): one string serves as text and source.
            _literalPending = false;
            return PlainWord(start, end, _literalQuote);
        }

        return FinishWordWithParts(start, firstPart, end);
    }

    /// <summary>As <see cref="FinishWord"/> for a word that is the one unquoted run source[start..end] (nothing pending).</summary>
    private Word FinishUnquotedRun(int start, int firstPart, int end)
    {
        int spelledEnd = ChargeSource(start, end);
        if (spelledEnd == end) return PlainWord(start, end, QuoteKind.None);
        (_literalPending, _literalQuote, _literalStart, _literalEnd, _literalInBuilder) = (true, QuoteKind.None, start, end, false);
        return FinishWordWithParts(start, firstPart, spelledEnd);
    }

    /// <summary>Charges a word's spelling to the source budget; the end of the spelling to keep.</summary>
    private int ChargeSource(int start, int end)
    {
        // A word's Source includes the words nested in it, so deep nesting copies the same text once per level.
        // The copies are charged to a budget; once the parse has stopped, open words keep only a short prefix.
        if (!_stopped && (_sourceBudget -= end - start) < 0)
            Stop(start, "words nested too deeply for their length: the rest was not parsed");
        return _stopped ? Math.Min(end, start + StoppedSourceLength) : end;
    }

    private Word PlainWord(int start, int end, QuoteKind quote)
    {
        string text = Slice(start, end);
        CountNodes(2); // the word and its literal
        return new Word(text, quote);
    }

    private Word FinishWordWithParts(int start, int firstPart, int end)
    {
        FlushLiteral();
        var parts = _parts.Pop(firstPart);
        CountNode();
        return SpelledWord(parts, start, end);
    }
}
