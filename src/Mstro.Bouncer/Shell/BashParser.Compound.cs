namespace Mstro.Bouncer.Shell;

// Reserved words and compound commands: ( ) { } if while until for select case [[ ]] (( )) function coproc.
internal sealed partial class BashParser
{
    private static readonly Word[] NoWords = [];
    private static readonly Script[] NoScripts = [];
    private static readonly Word AndWord = OperatorWord("&&");
    private static readonly Word OrWord = OperatorWord("||");
    private static readonly Word OpenParenWord = OperatorWord("(");
    private static readonly Word CloseParenWord = OperatorWord(")");
    private static readonly Word LessWord = OperatorWord("<");
    private static readonly Word GreaterWord = OperatorWord(">");

    private static Word OperatorWord(string text) => new([new LiteralPart(text, QuoteKind.None)], text);

    private enum Reserved
    {
        None,
        Bang,
        LeftBrace,
        RightBrace,
        DoubleBracket,
        Case,
        Coproc,
        Do,
        Done,
        Elif,
        Else,
        Esac,
        Fi,
        For,
        Function,
        If,
        In,
        Select,
        Then,
        Time,
        Until,
        While,
    }

    private static bool MayStartReserved(int c) =>
        c is '!' or '[' or '{' or '}' or 'c' or 'd' or 'e' or 'f' or 'i' or 's' or 't' or 'u' or 'w';

    /// <summary>Whether a reserved word may start with these two characters (the second may be the end).</summary>
    private static bool MayBeReserved(int first, int second) => first switch
    {
        '!' or '{' or '}' => IsMetaOrEof(second),
        '[' => second == '[',
        'c' => second is 'a' or 'o',
        'd' => second == 'o',
        'e' => second is 'l' or 's',
        'f' => second is 'i' or 'o' or 'u',
        'i' => second is 'f' or 'n',
        's' => second == 'e',
        't' => second is 'h' or 'i',
        'u' => second == 'n',
        'w' => second == 'h',
        _ => false,
    };

    /// <summary>The reserved word at the current position (an unquoted whole word), and where it ends (meaningful only
    /// for a reserved word).</summary>
    private Reserved PeekReserved(out int end)
    {
        const int MaxReservedLength = 8;
        if (_continuations) return PeekReservedAcrossContinuations(out end);
        int i = _pos;
        // Most command names (cd, echo, git...) are told apart by their first two characters, without reading the word.
        if (!MayBeReserved(i < _end ? _src[i] : Eof, i + 1 < _end ? _src[i + 1] : Eof))
        {
            end = i;
            return Reserved.None;
        }

        int limit = Math.Min(_end, _pos + MaxReservedLength);
        while (i < limit && !IsMeta(_src[i])) i++;
        end = i;
        if (i == _pos + MaxReservedLength && i < _end && !IsMeta(_src[i])) return Reserved.None;
        return ReservedWord(_src.AsSpan(_pos, i - _pos));
    }

    private Reserved PeekReservedAcrossContinuations(out int end)
    {
        Span<char> word = stackalloc char[8];
        int length = 0;
        int i = SkipContinuationsFrom(_pos);
        while (true)
        {
            i = SkipContinuationsFrom(i);
            if (i >= _end || IsMeta(_src[i])) break;
            if (length == word.Length)
            {
                end = i;
                return Reserved.None;
            }

            word[length++] = _src[i++];
        }

        end = i;
        return ReservedWord(word[..length]);
    }

    private static Reserved ReservedWord(ReadOnlySpan<char> word) => word switch
    {
        "!" => Reserved.Bang,
        "{" => Reserved.LeftBrace,
        "}" => Reserved.RightBrace,
        "[[" => Reserved.DoubleBracket,
        "do" => Reserved.Do,
        "fi" => Reserved.Fi,
        "if" => Reserved.If,
        "in" => Reserved.In,
        "for" => Reserved.For,
        "case" => Reserved.Case,
        "done" => Reserved.Done,
        "elif" => Reserved.Elif,
        "else" => Reserved.Else,
        "esac" => Reserved.Esac,
        "then" => Reserved.Then,
        "time" => Reserved.Time,
        "until" => Reserved.Until,
        "while" => Reserved.While,
        "coproc" => Reserved.Coproc,
        "select" => Reserved.Select,
        "function" => Reserved.Function,
        _ => Reserved.None,
    };

    private static string ReservedText(Reserved word) => word switch
    {
        Reserved.RightBrace => "}",
        Reserved.Then => "then",
        Reserved.Elif => "elif",
        Reserved.Else => "else",
        Reserved.Fi => "fi",
        Reserved.Do => "do",
        Reserved.Done => "done",
        Reserved.Esac => "esac",
        Reserved.In => "in",
        _ => word.ToString(),
    };

    private bool StartsCompound()
    {
        int c = Peek();
        if (c == '(') return true;
        if (!MayStartReserved(c)) return false;
        return PeekReserved(out _) is Reserved.LeftBrace or Reserved.If or Reserved.While or Reserved.Until
            or Reserved.For or Reserved.Select or Reserved.Case or Reserved.DoubleBracket or Reserved.Function
            or Reserved.Coproc or Reserved.Bang or Reserved.Time;
    }

    /// <summary>Consumes the reserved word <paramref name="expected"/> or reports its absence.</summary>
    private bool ExpectReserved(Reserved expected, int opening)
    {
        int c = Peek();
        if (MayStartReserved(c) && PeekReserved(out int end) == expected)
        {
            _pos = end;
            return true;
        }

        string found = c == Eof ? "the end of the input" : $"'{Slice(_pos, Math.Min(_pos + 12, _end)).Split('\n')[0]}'";
        AddDiagnostic(ParseDiagnosticKind.UnexpectedToken, c == Eof ? opening : _pos,
            $"expected '{ReservedText(expected)}' but found {found}");
        return false;
    }

    private Redirection[] TrailingRedirections(bool wanted) => wanted ? ParseTrailingRedirections() : NoRedirections;

    private Subshell ParseSubshell(bool trailingRedirections)
    {
        int open = _pos;
        Skip(1);
        var body = ParseList(ListEnd.CloseParen | ListEnd.ConsumeStrays);
        if (Peek() == ')') Skip(1);
        else AddDiagnostic(ParseDiagnosticKind.UnbalancedParenthesis, open, "'(' is never closed");
        return new Subshell(body, TrailingRedirections(trailingRedirections));
    }

    private Group ParseGroup(int end, bool trailingRedirections)
    {
        int open = _pos;
        _pos = end;
        var body = ParseList(ListEnd.RightBrace);
        ExpectReserved(Reserved.RightBrace, open);
        return new Group(body, TrailingRedirections(trailingRedirections));
    }

    /// <summary><c>(( expr ))</c>, or, when it does not close with <c>))</c>, a subshell inside a subshell.</summary>
    private Command? ParseArithmeticCommand(bool trailingRedirections)
    {
        var snapshot = TakeSnapshot();
        Skip(2);
        var expression = ReadArithmeticWord(bracket: false, out bool closed);
        if (closed || _stopped)
        {
            return new Compound(CompoundKind.Arithmetic, [expression], NoScripts, TrailingRedirections(trailingRedirections));
        }

        return Backtrack(snapshot) ? ParseSubshell(trailingRedirections) : null;
    }

    private Compound ParseIf(int end, bool trailingRedirections)
    {
        int open = _pos;
        _pos = end;
        int first = _scripts.Count;
        _scripts.Add(ParseList(ListEnd.Then));
        ExpectReserved(Reserved.Then, open);
        _scripts.Add(ParseList(ListEnd.Elif | ListEnd.Else | ListEnd.Fi));
        while (true)
        {
            int c = Peek();
            var word = MayStartReserved(c) ? PeekReserved(out end) : Reserved.None;
            if (word == Reserved.Elif)
            {
                _pos = end;
                _scripts.Add(ParseList(ListEnd.Then));
                ExpectReserved(Reserved.Then, open);
                _scripts.Add(ParseList(ListEnd.Elif | ListEnd.Else | ListEnd.Fi));
                continue;
            }

            if (word == Reserved.Else)
            {
                _pos = end;
                _scripts.Add(ParseList(ListEnd.Fi));
            }

            ExpectReserved(Reserved.Fi, open);
            break;
        }

        var bodies = _scripts.Pop(first);
        return new Compound(CompoundKind.If, NoWords, bodies, TrailingRedirections(trailingRedirections));
    }

    private Compound ParseLoop(int end, CompoundKind kind, bool trailingRedirections)
    {
        int open = _pos;
        _pos = end;
        var condition = ParseList(ListEnd.Do);
        ExpectReserved(Reserved.Do, open);
        var body = ParseList(ListEnd.Done);
        ExpectReserved(Reserved.Done, open);
        return new Compound(kind, NoWords, [condition, body], TrailingRedirections(trailingRedirections));
    }

    /// <summary><c>for x in w...; do b; done</c>, <c>for ((...)); do b; done</c>, <c>select x in w...; do b; done</c>.</summary>
    private Compound ParseFor(int end, CompoundKind kind, bool trailingRedirections)
    {
        int open = _pos;
        _pos = end;
        SkipBlanks();
        int first = _words.Count;
        if (kind == CompoundKind.For && Peek() == '(' && PeekAhead(1) == '(')
        {
            int arithmetic = _pos;
            Skip(2);
            var expression = ReadArithmeticWord(bracket: false, out bool closed);
            if (!closed) AddDiagnostic(ParseDiagnosticKind.UnbalancedParenthesis, arithmetic, "'for ((' is never closed with '))'");
            _words.Add(expression);
        }
        else
        {
            var name = ReadWord(WordMode.Normal);
            if (name is null) AddDiagnostic(ParseDiagnosticKind.UnexpectedToken, _pos, "expected a variable name after 'for'");
            else _words.Add(name);

            SkipBlanksCommentsAndNewlines();
            if (MayStartReserved(Peek()) && PeekReserved(out int inEnd) == Reserved.In)
            {
                _pos = inEnd;
                while (true)
                {
                    SkipBlanks();
                    int c = Peek();
                    if (c == '#')
                    {
                        SkipComment();
                        break;
                    }

                    if (c == Eof || (IsMeta(c) && !(c is '<' or '>' && PeekAhead(1) == '('))) break;
                    var word = ReadWord(WordMode.Normal);
                    if (word is null) break;
                    _words.Add(word);
                }
            }
        }

        var header = _words.Pop(first);
        SkipBlanks();
        if (Peek() == ';') Skip(1);
        SkipBlanksCommentsAndNewlines();

        Script body;
        if (MayStartReserved(Peek()) && PeekReserved(out int braceEnd) == Reserved.LeftBrace)
        {
            _pos = braceEnd;
            body = ParseList(ListEnd.RightBrace);
            ExpectReserved(Reserved.RightBrace, open);
        }
        else
        {
            ExpectReserved(Reserved.Do, open);
            body = ParseList(ListEnd.Done);
            ExpectReserved(Reserved.Done, open);
        }

        return new Compound(kind, header, [body], TrailingRedirections(trailingRedirections));
    }

    /// <summary><c>case w in p1|p2) s1;; p3) s2;&amp; esac</c>: Header = [w, p1, p2, p3], Bodies = [s1, s2].</summary>
    private Compound ParseCase(int end, bool trailingRedirections)
    {
        int open = _pos;
        _pos = end;
        SkipBlanks();
        int firstWord = _words.Count;
        int firstScript = _scripts.Count;
        var subject = ReadWord(WordMode.Normal);
        if (subject is null) AddDiagnostic(ParseDiagnosticKind.UnexpectedToken, _pos, "expected a word after 'case'");
        _words.Add(subject ?? EmptyWord);
        SkipBlanksCommentsAndNewlines();
        ExpectReserved(Reserved.In, open);
        while (true)
        {
            SkipBlanksCommentsAndNewlines();
            int c = Peek();
            if (c == Eof)
            {
                AddDiagnostic(ParseDiagnosticKind.UnexpectedToken, open, "'case' is never closed with 'esac'");
                break;
            }

            if (MayStartReserved(c) && PeekReserved(out int esacEnd) == Reserved.Esac)
            {
                _pos = esacEnd;
                break;
            }

            if (c == '(')
            {
                Skip(1);
                SkipBlanks();
            }

            while (true)
            {
                SkipBlanks();
                var pattern = ReadWord(WordMode.Normal);
                if (pattern is null) break;
                _words.Add(pattern);
                SkipBlanks();
                if (Peek() != '|' || PeekAhead(1) == '|') break;
                Skip(1);
            }

            if (Peek() != ')')
            {
                AddDiagnostic(ParseDiagnosticKind.UnexpectedToken, _pos, "expected ')' after a case pattern");
                break;
            }

            Skip(1);
            _scripts.Add(ParseList(ListEnd.CaseItemEnd | ListEnd.Esac));
            c = Peek();
            if (c == ';' && PeekAhead(1) is ';' or '&')
            {
                Skip(PeekAhead(1) == ';' && PeekAhead(2) == '&' ? 3 : 2);
                continue;
            }

            if (MayStartReserved(c) && PeekReserved(out _) == Reserved.Esac) continue;
            AddDiagnostic(ParseDiagnosticKind.UnexpectedToken, open, "'case' is never closed with 'esac'");
            break;
        }

        var header = _words.Pop(firstWord);
        var bodies = _scripts.Pop(firstScript);
        return new Compound(CompoundKind.Case, header, bodies, TrailingRedirections(trailingRedirections));
    }

    /// <summary><c>[[ expr ]]</c>: the words inside, with <c>&amp;&amp; || ( ) &lt; &gt;</c> as words of their own.</summary>
    private Compound ParseConditional(int end, bool trailingRedirections)
    {
        int open = _pos;
        _pos = end;
        int first = _words.Count;
        bool regexNext = false;
        bool closed = false;
        while (true)
        {
            SkipBlanks();
            int c = Peek();
            if (c == Eof) break;
            if (c == '\n')
            {
                ConsumeNewline();
                continue;
            }

            if (c == ']' && PeekAhead(1) == ']' && IsMetaOrEof(PeekAhead(2)))
            {
                Skip(2);
                closed = true;
                break;
            }

            Word? word;
            if (regexNext)
            {
                word = ReadWord(WordMode.Regex);
            }
            else if ((c == '&' && PeekAhead(1) == '&') || (c == '|' && PeekAhead(1) == '|'))
            {
                Skip(2);
                word = c == '&' ? AndWord : OrWord;
            }
            else if (c is '(' or ')')
            {
                Skip(1);
                word = c == '(' ? OpenParenWord : CloseParenWord;
            }
            else if (c is '<' or '>' && PeekAhead(1) != '(')
            {
                Skip(1);
                word = c == '<' ? LessWord : GreaterWord;
            }
            else
            {
                word = ReadWord(WordMode.Normal);
            }

            if (word is null)
            {
                if (CanReport) AddDiagnostic(ParseDiagnosticKind.UnexpectedToken, _pos, $"unexpected '{(char)c}' inside '[[ ]]'");
                Skip(1);
                continue;
            }

            regexNext = !regexNext && word.Source == "=~";
            _words.Add(word);
            CountNode();
        }

        if (!closed) AddDiagnostic(ParseDiagnosticKind.UnexpectedToken, open, "'[[' is never closed with ']]'");
        var header = _words.Pop(first);
        return new Compound(CompoundKind.Conditional, header, NoScripts, TrailingRedirections(trailingRedirections));
    }

    /// <summary><c>function name [()] body</c>.</summary>
    private FunctionDefinition? ParseFunctionKeyword(int end)
    {
        _pos = end;
        SkipBlanks();
        var name = ReadWord(WordMode.Normal);
        if (name is null) AddDiagnostic(ParseDiagnosticKind.UnexpectedToken, _pos, "expected a name after 'function'");
        FunctionParensAhead();
        return ParseFunctionRest(name?.LiteralValue ?? name?.Source ?? string.Empty, end);
    }

    /// <summary><c>coproc [NAME] command</c>: best effort, the command itself (the keyword is dropped).</summary>
    private Command? ParseCoproc(int end, bool trailingRedirections)
    {
        if (!Enter(end)) return null;
        _pos = end;
        SkipBlanks();
        Command? command;
        if (StartsCompound())
        {
            command = ParseCommand(trailingRedirections);
        }
        else
        {
            int save = _pos;
            if (IsNameStart(Peek()))
            {
                while (IsNameChar(Peek())) _pos++;
                SkipBlanks();
                if (!StartsCompound()) _pos = save;
            }

            command = ParseCommand(trailingRedirections);
        }

        Leave();
        return command;
    }
}
