using System.Buffers;

namespace Mstro.Bouncer.Shell;

// `$` expansions, command and process substitutions, backquotes, arithmetic, and $'...' quoting.
internal sealed partial class BashParser
{
    private static readonly SearchValues<char> ParameterArgumentSpecials = SearchValues.Create("}\\'\"$`~");
    private static readonly SearchValues<char> ParenArithmeticSpecials = SearchValues.Create("()$`\"'\\");
    private static readonly SearchValues<char> BracketArithmeticSpecials = SearchValues.Create("[]$`\"'\\");

    /// <summary>At a <c>$</c>: whatever it starts, or a literal dollar.</summary>
    private void ParseDollar(bool quoted)
    {
        int next = PeekAhead(1);
        switch (next)
        {
            case '(':
                if (PeekAhead(2) == '(') ParseArithmeticExpansion(quoted);
                else ParseCommandSubstitution(quoted);
                return;
            case '{':
                ParseParameterExpansion(quoted);
                return;
            case '[':
                ParseBracketArithmetic(quoted);
                return;
            case '\'' when !quoted:
                ReadAnsiCQuoted();
                return;
            case '"' when !quoted:
                // $"..." (locale translation) reads like "...".
                Skip(1);
                ReadDoubleQuoted();
                return;
        }

        if (IsNameStart(next) || IsDigit(next) || IsSpecialParameter(next))
        {
            ParseSimpleParameter(quoted);
            return;
        }

        AppendSpan(_pos, _pos + 1, quoted ? QuoteKind.Double : QuoteKind.None);
        _pos++;
    }

    /// <summary><c>$NAME</c>, <c>$1</c>, <c>$@</c>, <c>$?</c> ...</summary>
    private void ParseSimpleParameter(bool quoted)
    {
        FlushLiteral();
        Skip(1);
        int c = Peek();
        string name;
        if (IsNameStart(c))
        {
            name = ReadName();
        }
        else
        {
            name = SingleCharacterName(c);
            Skip(1);
        }

        PushPart(new ParameterPart(name, null, null, quoted));
    }

    private string ReadName()
    {
        int start = _pos;
        while (IsNameChar(Peek())) _pos++;
        return SliceLogical(start, _pos);
    }

    private static string SingleCharacterName(int c) => c switch
    {
        '0' => "0", '1' => "1", '2' => "2", '3' => "3", '4' => "4",
        '5' => "5", '6' => "6", '7' => "7", '8' => "8", '9' => "9",
        '@' => "@", '*' => "*", '#' => "#", '?' => "?", '$' => "$", '!' => "!", '-' => "-",
        _ => ((char)c).ToString(),
    };

    /// <summary><c>${...}</c>: <c>${NAME}</c>, <c>${#NAME}</c>, <c>${!NAME}</c>, <c>${NAME[i]}</c>, <c>${NAME op word}</c>.</summary>
    private void ParseParameterExpansion(bool quoted)
    {
        FlushLiteral();
        int open = _pos;
        Skip(2);
        if (!Enter(open)) return;

        string name;
        string? op = null;
        int c = Peek();
        int next = PeekAhead(1);
        if (c == '#' && next != '}' && next != ':' && (IsNameChar(next) || IsSpecialParameter(next)))
        {
            Skip(1);
            op = "length";
            name = ReadParameterName(open);
        }
        else if (c == '!' && next != '}')
        {
            // ${!name} (indirection), ${!prefix*}, ${!array[@]}: the name keeps its '!'.
            Skip(1);
            name = "!" + ReadParameterName(open);
            if (Peek() is '*' or '@' && PeekAhead(1) == '}')
            {
                name += (char)Peek();
                Skip(1);
            }
        }
        else
        {
            name = ReadParameterName(open);
        }

        Word? subscript = null;
        if (Peek() == '[' && IsArrayName(name))
        {
            Skip(1);
            subscript = ReadArithmeticWord(bracket: true, out _);
        }

        Word? argument = null;
        if (Peek() is not ('}' or Eof))
        {
            if (op is not null) AddDiagnostic(ParseDiagnosticKind.UnexpectedToken, _pos, "bad substitution after '${#'");
            op = ReadParameterOperator();
            argument = ReadParameterArgument(quoted);
        }

        if (Peek() == '}') Skip(1);
        else AddDiagnostic(ParseDiagnosticKind.UnterminatedSubstitution, open, "'${' is never closed");
        Leave();
        PushPart(new ParameterPart(name, op, argument, quoted) { Subscript = subscript });
    }

    private static bool IsArrayName(string name)
    {
        int first = name.StartsWith('!') ? 1 : 0;
        return name.Length > first && IsNameStart(name[first]);
    }

    private string ReadParameterName(int open)
    {
        int c = Peek();
        if (IsNameStart(c)) return ReadName();
        if (IsDigit(c))
        {
            int start = _pos;
            while (IsDigit(Peek())) _pos++;
            return SliceLogical(start, _pos);
        }

        if (IsSpecialParameter(c))
        {
            Skip(1);
            return SingleCharacterName(c);
        }

        AddDiagnostic(ParseDiagnosticKind.UnexpectedToken, open, "bad substitution: no parameter name after '${'");
        return string.Empty;
    }

    private string ReadParameterOperator()
    {
        int c = Peek();
        int next = PeekAhead(1);
        switch (c)
        {
            case ':':
                switch (next)
                {
                    case '-': Skip(2); return ":-";
                    case '=': Skip(2); return ":=";
                    case '?': Skip(2); return ":?";
                    case '+': Skip(2); return ":+";
                    default: Skip(1); return ":";
                }

            case '-': Skip(1); return "-";
            case '=': Skip(1); return "=";
            case '?': Skip(1); return "?";
            case '+': Skip(1); return "+";
            case '@': Skip(1); return "@";
            case '#': return Doubled('#', "#", "##");
            case '%': return Doubled('%', "%", "%%");
            case '^': return Doubled('^', "^", "^^");
            case ',': return Doubled(',', ",", ",,");
            case '/':
                switch (next)
                {
                    case '/': Skip(2); return "//";
                    case '#': Skip(2); return "/#";
                    case '%': Skip(2); return "/%";
                    default: Skip(1); return "/";
                }

            default:
                AddDiagnostic(ParseDiagnosticKind.UnexpectedToken, _pos, $"bad substitution: unexpected '{(char)c}' in '${{...}}'");
                Skip(1);
                return SingleCharacterName(c);
        }

        string Doubled(char ch, string single, string twice)
        {
            bool doubled = next == ch;
            Skip(doubled ? 2 : 1);
            return doubled ? twice : single;
        }
    }

    /// <summary>The word after the operator of <c>${NAME op word}</c>, up to the closing brace.</summary>
    private Word ReadParameterArgument(bool quoted)
    {
        int start = _pos;
        int firstPart = _parts.Count;
        var quote = quoted ? QuoteKind.Double : QuoteKind.None;
        while (true)
        {
            int c = Peek();
            if (c is Eof or '}') break;
            switch (c)
            {
                case '\\':
                    int next = _pos + 1 < _end ? _src[_pos + 1] : Eof;
                    if (next == Eof || (quoted && next is not ('$' or '`' or '"' or '\\' or '}')))
                    {
                        AppendSpan(_pos, _pos + 1, quote);
                        _pos++;
                    }
                    else
                    {
                        AppendSpan(_pos + 1, _pos + 2, quoted ? QuoteKind.Double : QuoteKind.Escaped);
                        _pos += 2;
                    }

                    continue;
                case '\'':
                    if (quoted)
                    {
                        AppendSpan(_pos, _pos + 1, quote);
                        _pos++;
                    }
                    else
                    {
                        ReadSingleQuoted();
                    }

                    continue;
                case '"':
                    ReadDoubleQuoted();
                    continue;
                case '$':
                    ParseDollar(quoted);
                    continue;
                case '`':
                    ParseBackquoted(quoted);
                    continue;
                case '~':
                    if (!quoted && _pos == start && TryReadTilde(colonEnds: false, braceEnds: true)) continue;
                    AppendSpan(_pos, _pos + 1, quote);
                    _pos++;
                    continue;
            }

            int runEnd = _src.AsSpan(_pos + 1, _end - _pos - 1).IndexOfAny(ParameterArgumentSpecials);
            runEnd = runEnd < 0 ? _end : _pos + 1 + runEnd;
            AppendSpan(_pos, runEnd, quote);
            _pos = runEnd;
        }

        if (_pos == start && _parts.Count == firstPart && !_literalPending) return EmptyWord;
        return FinishWord(start, firstPart, _pos);
    }

    /// <summary><c>$((</c>: arithmetic if it closes with <c>))</c>, else a command substitution starting with a subshell.</summary>
    private void ParseArithmeticExpansion(bool quoted)
    {
        FlushLiteral();
        var snapshot = TakeSnapshot();
        Skip(3);
        var expression = ReadArithmeticWord(bracket: false, out bool closed);
        if (closed || _stopped)
        {
            PushPart(new ArithmeticPart(expression.Source, quoted) { ExpressionWord = expression });
            return;
        }

        if (Backtrack(snapshot)) ParseCommandSubstitution(quoted);
    }

    /// <summary><c>$[ expr ]</c>, the old spelling of arithmetic expansion.</summary>
    private void ParseBracketArithmetic(bool quoted)
    {
        FlushLiteral();
        int open = _pos;
        Skip(2);
        var expression = ReadArithmeticWord(bracket: true, out bool closed);
        if (!closed) AddDiagnostic(ParseDiagnosticKind.UnterminatedSubstitution, open, "'$[' is never closed");
        PushPart(new ArithmeticPart(expression.Source, quoted) { ExpressionWord = expression });
    }

    /// <summary>
    /// An arithmetic expression up to <c>))</c> (or <c>]</c> when <paramref name="bracket"/>), consumed with its
    /// closer. Its parts are the expansions bash performs before computing. Not closed: a lone <c>)</c> or the end.
    /// </summary>
    private Word ReadArithmeticWord(bool bracket, out bool closed)
    {
        closed = false;
        Peek();
        int start = _pos;
        if (!Enter(start)) return EmptyWord;
        int firstPart = _parts.Count;
        char opener = bracket ? '[' : '(';
        char closer = bracket ? ']' : ')';
        var specials = bracket ? BracketArithmeticSpecials : ParenArithmeticSpecials;
        int depth = 0;
        int end;
        while (true)
        {
            int c = Peek();
            if (c == Eof)
            {
                end = _pos;
                break;
            }

            if (c == opener)
            {
                depth++;
                AppendLiteralCharacter();
                continue;
            }

            if (c == closer)
            {
                if (depth > 0)
                {
                    depth--;
                    AppendLiteralCharacter();
                    continue;
                }

                end = _pos;
                if (bracket)
                {
                    Skip(1);
                    closed = true;
                }
                else if (PeekAhead(1) == ')')
                {
                    Skip(2);
                    closed = true;
                }

                break;
            }

            switch (c)
            {
                case '$':
                    ParseDollar(quoted: true);
                    continue;
                case '`':
                    ParseBackquoted(quoted: true);
                    continue;
                case '"':
                    ReadDoubleQuoted();
                    continue;
                case '\'':
                    // Bash finds the end of the expression skipping quoted text: `$(( ')' ))` is one expression.
                    ReadSingleQuoted();
                    continue;
                case '\\':
                    ReadEscapedCharacter();
                    continue;
            }

            int runEnd = _src.AsSpan(_pos + 1, _end - _pos - 1).IndexOfAny(specials);
            runEnd = runEnd < 0 ? _end : _pos + 1 + runEnd;
            AppendSpan(_pos, runEnd, QuoteKind.None);
            _pos = runEnd;
        }

        var word = FinishWord(start, firstPart, end);
        Leave();
        return word;
    }

    /// <summary><c>$( script )</c>, parsed in place.</summary>
    private void ParseCommandSubstitution(bool quoted)
    {
        FlushLiteral();
        int open = _pos;
        Skip(2);
        var script = ParseNestedScript();
        if (Peek() == ')') Skip(1);
        else AddDiagnostic(ParseDiagnosticKind.UnterminatedSubstitution, open, "'$(' is never closed");
        PushPart(new CommandSubstitutionPart(script, false, quoted));
    }

    /// <summary><c>&lt;( script )</c> or <c>&gt;( script )</c>.</summary>
    private void ParseProcessSubstitution()
    {
        FlushLiteral();
        int open = _pos;
        bool input = Peek() == '<';
        Skip(2);
        var script = ParseNestedScript();
        if (Peek() == ')') Skip(1);
        else AddDiagnostic(ParseDiagnosticKind.UnterminatedSubstitution, open, $"'{(input ? '<' : '>')}(' is never closed");
        PushPart(new ProcessSubstitutionPart(script, input));
    }

    /// <summary>The script of a <c>$( )</c> or process substitution, up to its <c>)</c>. Its heredocs are its own.</summary>
    private Script ParseNestedScript()
    {
        int savedBase = _hereDocumentBase;
        _hereDocumentBase = _hereDocuments.Count;
        var script = ParseList(ListEnd.CloseParen | ListEnd.ConsumeStrays);
        // Heredocs it left unread (no newline inside) are read after the enclosing line, as bash would.
        _hereDocumentBase = savedBase;
        return script;
    }

    /// <summary>
    /// <c>`script`</c>: up to the first unescaped backquote. Inside, <c>\$ \` \\</c> (and <c>\"</c> within double
    /// quotes) lose their backslash before the text is parsed, so nested backquotes work as bash runs them.
    /// </summary>
    private void ParseBackquoted(bool quoted)
    {
        FlushLiteral();
        int open = _pos;
        int i = open + 1;
        bool escapes = false;
        while (i < _end)
        {
            char ch = _src[i];
            if (ch == '\\')
            {
                escapes = true;
                i += 2;
                continue;
            }

            if (ch == '`') break;
            i++;
        }

        int close = Math.Min(i, _end);
        bool terminated = i < _end;
        if (!terminated) AddDiagnostic(ParseDiagnosticKind.UnterminatedSubstitution, open, "backquote is never closed");

        Script script;
        if (escapes)
        {
            string text = Unescape(open + 1, close, quoted);
            script = ParseText(text, 0, text.Length, _derivedOrigin >= 0 ? _derivedOrigin : open);
        }
        else
        {
            script = ParseText(_src, open + 1, close, _derivedOrigin);
        }

        SetPosition(terminated ? close + 1 : _end);
        PushPart(new CommandSubstitutionPart(script, true, quoted));
    }

    private string Unescape(int start, int end, bool quoted)
    {
        _text.Clear();
        for (int i = start; i < end; i++)
        {
            char ch = _src[i];
            if (ch == '\\' && i + 1 < end)
            {
                char next = _src[i + 1];
                if (next is '$' or '`' or '\\' || (quoted && next == '"'))
                {
                    _text.Append(next);
                    i++;
                    continue;
                }

                if (next == '\n')
                {
                    i++;
                    continue;
                }
            }

            _text.Append(ch);
        }

        return _text.ToString();
    }

    /// <summary>
    /// Parses <c>source[start..end]</c> as a script of its own: the inside of backquotes, in place or un-escaped.
    /// Diagnostics inside an un-escaped text point at <paramref name="origin"/> (its backquote in the input).
    /// </summary>
    private Script ParseText(string source, int start, int end, int origin)
    {
        var savedSource = _src;
        int savedEnd = _end;
        bool savedContinuations = _continuations;
        int savedOrigin = _derivedOrigin;
        int savedBase = _hereDocumentBase;

        if (!ReferenceEquals(source, _src)) _continuations = source.Contains("\\\n", StringComparison.Ordinal);
        _src = source;
        _pos = start;
        _end = end;
        _derivedOrigin = origin;
        _hereDocumentBase = _hereDocuments.Count;
        var script = ParseList(ListEnd.ConsumeStrays);

        _hereDocumentBase = savedBase;
        _src = savedSource;
        _end = savedEnd;
        _continuations = savedContinuations;
        _derivedOrigin = savedOrigin;
        if (_stopped) _pos = _end;
        return script;
    }

    /// <summary><c>$'...'</c>: ANSI-C quoting, decoded. A NUL ends the value, as it does in bash.</summary>
    private void ReadAnsiCQuoted()
    {
        int open = _pos;
        int contentStart = IndexAhead(1) + 1;
        int i = contentStart;
        _ansiCut = false;
        _ansiEmitted = false;
        while (i < _end)
        {
            char ch = _src[i];
            if (ch == '\'') break;
            if (ch != '\\')
            {
                if (!_ansiCut)
                {
                    AppendSpan(i, i + 1, QuoteKind.AnsiC);
                    _ansiEmitted = true;
                }

                i++;
                continue;
            }

            i = DecodeAnsiEscape(i);
        }

        if (!_ansiEmitted) AppendSpan(contentStart, contentStart, QuoteKind.AnsiC);
        if (i >= _end)
        {
            AddDiagnostic(ParseDiagnosticKind.UnterminatedQuote, open, "$' quote is never closed");
            _pos = _end;
        }
        else
        {
            _pos = i + 1;
        }
    }

    private bool _ansiCut;
    private bool _ansiEmitted;

    /// <summary>Decodes the escape at <paramref name="backslash"/>; returns the index after it.</summary>
    private int DecodeAnsiEscape(int backslash)
    {
        if (backslash + 1 >= _end)
        {
            EmitAnsi('\\');
            return backslash + 1;
        }

        char escape = _src[backslash + 1];
        int i = backslash + 2;
        switch (escape)
        {
            case 'a': EmitAnsi('\a'); break;
            case 'b': EmitAnsi('\b'); break;
            case 'e' or 'E': EmitAnsi('\u001b'); break;
            case 'f': EmitAnsi('\f'); break;
            case 'n': EmitAnsi('\n'); break;
            case 'r': EmitAnsi('\r'); break;
            case 't': EmitAnsi('\t'); break;
            case 'v': EmitAnsi('\v'); break;
            case '\\' or '\'' or '"' or '?': EmitAnsi(escape); break;
            case >= '0' and <= '7':
                int octal = escape - '0';
                for (int digits = 1; digits < 3 && i < _end && _src[i] is >= '0' and <= '7'; digits++, i++)
                    octal = (octal * 8) + (_src[i] - '0');
                EmitAnsi((char)(octal & 0xFF));
                break;
            case 'x':
                i = DecodeHex(i, 2, escape);
                break;
            case 'u':
                i = DecodeHex(i, 4, escape);
                break;
            case 'U':
                i = DecodeHex(i, 8, escape);
                break;
            case 'c':
                if (i < _end)
                {
                    char control = _src[i];
                    EmitAnsi(control == '?' ? '\u007f' : (char)(char.ToUpperInvariant(control) & 0x1F));
                    i++;
                }
                else
                {
                    EmitAnsi('\\');
                    EmitAnsi('c');
                }

                break;
            default:
                EmitAnsi('\\');
                EmitAnsi(escape);
                break;
        }

        return i;
    }

    private int DecodeHex(int i, int maxDigits, char escape)
    {
        long value = 0;
        int digits = 0;
        for (; digits < maxDigits && i < _end && char.IsAsciiHexDigit(_src[i]); digits++, i++)
            value = (value * 16) + HexValue(_src[i]);
        if (digits == 0)
        {
            EmitAnsi('\\');
            EmitAnsi(escape);
            return i;
        }

        if (escape == 'x') EmitAnsi((char)value);
        else EmitCodePoint(value);
        return i;
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    private void EmitCodePoint(long value)
    {
        if (value == 0)
        {
            EmitAnsi('\0');
        }
        else if (value > 0x10FFFF || value is >= 0xD800 and <= 0xDFFF)
        {
            EmitAnsi('\uFFFD');
        }
        else if (value < 0x10000)
        {
            EmitAnsi((char)value);
        }
        else
        {
            value -= 0x10000;
            EmitAnsi((char)(0xD800 + (value >> 10)));
            EmitAnsi((char)(0xDC00 + (value & 0x3FF)));
        }
    }

    private void EmitAnsi(char character)
    {
        if (_ansiCut) return;
        if (character == '\0')
        {
            _ansiCut = true;
            return;
        }

        AppendCharacter(character, QuoteKind.AnsiC);
        _ansiEmitted = true;
    }
}
