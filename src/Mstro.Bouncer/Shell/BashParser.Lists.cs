using System.Runtime.CompilerServices;

namespace Mstro.Bouncer.Shell;

// Lists, and-or lists, pipelines, simple commands, redirections and heredocs.
internal sealed partial class BashParser
{
    private static readonly Redirection[] NoRedirections = [];
    private static readonly Assignment[] NoAssignments = [];

    /// <summary>What ends a list of statements, besides the end of the text.</summary>
    [Flags]
    private enum ListEnd
    {
        None = 0,
        /// <summary>Stray keywords and closers are reported and skipped here (top level, substitutions, subshells).</summary>
        ConsumeStrays = 1,
        CloseParen = 1 << 1,
        RightBrace = 1 << 2,
        Then = 1 << 3,
        Elif = 1 << 4,
        Else = 1 << 5,
        Fi = 1 << 6,
        Do = 1 << 7,
        Done = 1 << 8,
        /// <summary><c>;;</c>, <c>;&amp;</c>, <c>;;&amp;</c></summary>
        CaseItemEnd = 1 << 9,
        Esac = 1 << 10,
    }

    private enum StopCheck
    {
        Continue,
        Stop,
        Consumed,
    }

    /// <summary>Statements until the end of the text or one of <paramref name="stops"/> (left unconsumed).</summary>
    private Script ParseList(ListEnd stops)
    {
        if (!Enter(_pos)) return Script.Empty;
        int first = _statements.Count;
        var op = ListOperator.Start;
        bool separated = false; // op came from ';' or '&': a newline after it does not reset it to Start
        while (true)
        {
            SkipBlanksAndComment();
            int c = Peek();
            if (c == Eof) break;
            if (c == '\n')
            {
                ConsumeNewline();
                if (!separated) op = ListOperator.Start;
                continue;
            }

            var check = CheckStop(stops, c);
            if (check == StopCheck.Stop) break;
            if (check == StopCheck.Consumed) continue;

            int before = _pos;
            int andOrStart = _statements.Count;
            if (!ParseAndOr(op))
            {
                if (_pos == before && Peek() != Eof)
                {
                    if (CanReport) AddDiagnostic(ParseDiagnosticKind.UnexpectedToken, _pos, $"unexpected '{(char)c}'");
                    Skip(1);
                }

                continue;
            }

            SkipBlanksAndComment();
            c = Peek();
            if (c == ';' && PeekAhead(1) is not (';' or '&'))
            {
                Skip(1);
                op = ListOperator.Sequence;
                separated = true;
            }
            else if (c == '&')
            {
                Skip(1);
                MarkBackground(andOrStart);
                op = ListOperator.AfterBackground;
                separated = true;
            }
            else if (c == '\n')
            {
                ConsumeNewline();
                op = ListOperator.Start;
                separated = false;
            }
            else
            {
                if (c != Eof && c != ';' && !AtStopToken(c) && CanReport)
                    AddDiagnostic(ParseDiagnosticKind.UnexpectedToken, _pos, $"expected ';', '&' or a newline before '{(char)c}'");
                op = ListOperator.Sequence;
                separated = true;
            }
        }

        var script = _statements.Count == first ? Script.Empty : new Script(_statements.Pop(first));
        Leave();
        return script;
    }

    private StopCheck CheckStop(ListEnd stops, int c)
    {
        switch (c)
        {
            case ')':
                if ((stops & ListEnd.CloseParen) != 0) return StopCheck.Stop;
                return Stray(stops, 1, "unexpected ')'");
            case ';':
                int next = PeekAhead(1);
                if (next is ';' or '&')
                {
                    if ((stops & ListEnd.CaseItemEnd) != 0) return StopCheck.Stop;
                    int length = next == ';' && PeekAhead(2) == '&' ? 3 : 2;
                    return Stray(stops, length, "';;' outside a case");
                }

                AddDiagnostic(ParseDiagnosticKind.UnexpectedToken, _pos, "unexpected ';'");
                Skip(1);
                return StopCheck.Consumed;
            case '&' when PeekAhead(1) != '>':
            case '|':
                if (CanReport) AddDiagnostic(ParseDiagnosticKind.UnexpectedToken, _pos, $"unexpected '{(char)c}'");
                Skip(1);
                return StopCheck.Consumed;
        }

        if (!MayStartReserved(c)) return StopCheck.Continue;
        var word = PeekReserved(out int end);
        var flag = TerminatorStop(word);
        if (flag == ListEnd.None) return StopCheck.Continue;
        if ((stops & flag) != 0) return StopCheck.Stop;
        if ((stops & ListEnd.ConsumeStrays) == 0) return StopCheck.Stop;
        AddDiagnostic(ParseDiagnosticKind.UnexpectedToken, _pos, $"unexpected '{ReservedText(word)}'");
        _pos = end;
        return StopCheck.Consumed;
    }

    private StopCheck Stray(ListEnd stops, int length, string message)
    {
        if ((stops & ListEnd.ConsumeStrays) == 0) return StopCheck.Stop;
        AddDiagnostic(ParseDiagnosticKind.UnexpectedToken, _pos, message);
        Skip(length);
        return StopCheck.Consumed;
    }

    /// <summary>Whether the next token closes some enclosing construct (so no separator is missing before it).</summary>
    private bool AtStopToken(int c) =>
        c == ')' || (MayStartReserved(c) && TerminatorStop(PeekReserved(out _)) != ListEnd.None);

    private static ListEnd TerminatorStop(Reserved word) => word switch
    {
        Reserved.RightBrace => ListEnd.RightBrace,
        Reserved.Then => ListEnd.Then,
        Reserved.Elif => ListEnd.Elif,
        Reserved.Else => ListEnd.Else,
        Reserved.Fi => ListEnd.Fi,
        Reserved.Do => ListEnd.Do,
        Reserved.Done => ListEnd.Done,
        Reserved.Esac => ListEnd.Esac,
        _ => ListEnd.None,
    };

    private void MarkBackground(int start)
    {
        // `a && b &` puts the whole and-or list in the background.
        for (int i = start; i < _statements.Count; i++) _statements[i] = _statements[i] with { Background = true };
    }

    /// <summary>An and-or list <c>p1 &amp;&amp; p2 || p3</c>, pushed as statements. False when no pipeline starts here.</summary>
    private bool ParseAndOr(ListOperator op)
    {
        var pipeline = ParsePipeline();
        if (pipeline is null) return false;
        AddStatement(pipeline, op);
        while (true)
        {
            SkipBlanks();
            int c = Peek();
            ListOperator next;
            if (c == '&' && PeekAhead(1) == '&') next = ListOperator.And;
            else if (c == '|' && PeekAhead(1) == '|') next = ListOperator.Or;
            else return true;

            int at = _pos;
            Skip(2);
            SkipBlanksCommentsAndNewlines();
            pipeline = ParsePipeline();
            if (pipeline is null)
            {
                AddDiagnostic(ParseDiagnosticKind.UnexpectedToken, at, $"expected a command after '{(next == ListOperator.And ? "&&" : "||")}'");
                return true;
            }

            AddStatement(pipeline, next);
        }
    }

    private void AddStatement(Pipeline pipeline, ListOperator op)
    {
        _statements.Add(new Statement(pipeline, op, false));
        CountNode();
    }

    private Pipeline? ParsePipeline()
    {
        bool negated = false;
        while (true)
        {
            SkipBlanks();
            int c = Peek();
            if (c is not ('!' or 't')) break;
            var word = PeekReserved(out int end);
            if (word == Reserved.Bang)
            {
                _pos = end;
                negated = !negated;
                continue;
            }

            // `time` before a simple command stays a word (the analyzer unwraps it); before a compound it is dropped.
            if (word == Reserved.Time && TimePrefixesCompound(end)) continue;
            break;
        }

        int first = _commands.Count;
        var command = ParseCommand(trailingRedirections: true);
        if (command is null)
        {
            if (!negated) return null;
            CountNode();
            return new Pipeline([], true);
        }

        CountNode();
        if (!PipeAhead())
        {
            // One command, as in most pipelines: no stack.
            CountNode();
            return new Pipeline([command], negated);
        }

        _commands.Add(command);
        while (PipeAhead())
        {
            int at = _pos;
            Skip(PeekAhead(1) == '&' ? 2 : 1);
            SkipBlanksCommentsAndNewlines();
            if (Peek() == '!' && PeekReserved(out int bangEnd) == Reserved.Bang)
            {
                // Bash refuses `a | ! b`; other shells run b. Show b as the command it may be.
                AddDiagnostic(ParseDiagnosticKind.UnexpectedToken, _pos, "'!' is only allowed at the start of a pipeline");
                _pos = bangEnd;
            }

            command = ParseCommand(trailingRedirections: true);
            if (command is null)
            {
                AddDiagnostic(ParseDiagnosticKind.UnexpectedToken, at, "expected a command after '|'");
                break;
            }

            AddCommand(command);
        }

        CountNode();
        return new Pipeline(_commands.Pop(first), negated);
    }

    /// <summary>Whether a <c>|</c> or <c>|&amp;</c> (not <c>||</c>) follows, after blanks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool PipeAhead()
    {
        SkipBlanks();
        return Peek() == '|' && PeekAhead(1) != '|';
    }

    private bool TimePrefixesCompound(int end)
    {
        int save = _pos;
        _pos = end;
        SkipBlanks();
        if (Peek() == '-' && PeekAhead(1) == 'p' && IsMetaOrEof(PeekAhead(2)))
        {
            Skip(2);
            SkipBlanks();
        }

        if (StartsCompound()) return true;
        _pos = save;
        return false;
    }

    private void AddCommand(Command command)
    {
        _commands.Add(command);
        CountNode();
    }

    /// <summary>One command of a pipeline, or null when none starts here.</summary>
    private Command? ParseCommand(bool trailingRedirections)
    {
        SkipBlanks();
        int c = Peek();
        switch (c)
        {
            case Eof or ';' or '|' or ')' or '\n':
                return null;
            case '&' when PeekAhead(1) != '>':
                return null;
            case '(':
                return PeekAhead(1) == '(' ? ParseArithmeticCommand(trailingRedirections) : ParseSubshell(trailingRedirections);
        }

        if (MayStartReserved(c))
        {
            var word = PeekReserved(out int end);
            switch (word)
            {
                case Reserved.LeftBrace: return ParseGroup(end, trailingRedirections);
                case Reserved.If: return ParseIf(end, trailingRedirections);
                case Reserved.While: return ParseLoop(end, CompoundKind.While, trailingRedirections);
                case Reserved.Until: return ParseLoop(end, CompoundKind.Until, trailingRedirections);
                case Reserved.For: return ParseFor(end, CompoundKind.For, trailingRedirections);
                case Reserved.Select: return ParseFor(end, CompoundKind.Select, trailingRedirections);
                case Reserved.Case: return ParseCase(end, trailingRedirections);
                case Reserved.DoubleBracket: return ParseConditional(end, trailingRedirections);
                case Reserved.Function: return ParseFunctionKeyword(end);
                case Reserved.Coproc: return ParseCoproc(end, trailingRedirections);
                case Reserved.RightBrace or Reserved.Then or Reserved.Elif or Reserved.Else or Reserved.Fi
                    or Reserved.Do or Reserved.Done or Reserved.Esac:
                    return null;
            }
        }

        return ParseSimpleCommand();
    }

    /// <summary><c>A=1 B=2 prog args &gt;redirections</c>, or a function definition <c>name () body</c>.</summary>
    private Command? ParseSimpleCommand()
    {
        int firstAssignment = _assignments.Count;
        int firstWord = _words.Count;
        RedirectionList? redirections = null;
        while (true)
        {
            SkipBlanks();
            int c = Peek();
            if (c == Eof) break;
            if (c == '#')
            {
                SkipComment();
                break;
            }

            if (MayStartRedirection(c) && TryParseRedirection(ref redirections)) continue;
            if (IsMeta(c) && !(c is '<' or '>' && PeekAhead(1) == '(')) break;

            bool prefix = _words.Count == firstWord;
            if (prefix && MayBeAssignment() && TryParseAssignment()) continue;

            int wordStart = _pos;
            var word = ReadWord(WordMode.Normal);
            if (word is null) break;
            if (!prefix && _pos < _end && _src[_pos] == '(') word = WithArrayTail(word, wordStart);

            if (prefix && _assignments.Count == firstAssignment && redirections is null && FunctionParensAhead())
                return ParseFunctionRest(word.LiteralValue ?? word.Source, _pos);

            _words.Add(word);
        }

        if (_words.Count == firstWord && _assignments.Count == firstAssignment && redirections is null) return null;
        var assignments = _assignments.Count == firstAssignment ? NoAssignments : _assignments.Pop(firstAssignment);
        return new SimpleCommand(assignments, _words.Pop(firstWord), Freeze(redirections));
    }

    /// <summary>Whether a name followed by <c>=</c>, <c>+</c> or <c>[</c> is here (without line continuations, where
    /// any name may be one): only then can <see cref="TryParseAssignment"/> find an assignment.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool MayBeAssignment()
    {
        if (_continuations) return true;
        var text = _src;
        int i = _pos;
        if ((uint)i >= (uint)_end || (uint)i >= (uint)text.Length || !IsNameStart(text[i])) return false;
        do i++;
        while ((uint)i < (uint)_end && (uint)i < (uint)text.Length && IsNameChar(text[i]));
        return (uint)i < (uint)_end && (uint)i < (uint)text.Length && text[i] is '=' or '+' or '[';
    }

    /// <summary><c>NAME=value</c>, <c>NAME+=value</c>, <c>NAME[i]=value</c> or <c>NAME=(a b)</c> in a command's prefix.</summary>
    private bool TryParseAssignment()
    {
        if (!IsNameStart(Peek())) return false;
        int i = NextRaw(_pos);
        while (i < _end && IsNameChar(_src[i])) i = NextRaw(i);
        int nameEnd = i;
        int subscriptStart = -1;
        if (i < _end && _src[i] == '[')
        {
            subscriptStart = i;
            i = SkipSubscript(i);
            if (i < 0) return false;
        }

        bool append = false;
        if (i < _end && _src[i] == '+')
        {
            append = true;
            i = NextRaw(i);
        }

        if (i >= _end || _src[i] != '=') return false;

        string name = SliceLogical(_pos, nameEnd);
        Word? subscript = null;
        if (subscriptStart >= 0)
        {
            _pos = subscriptStart + 1;
            subscript = ReadArithmeticWord(bracket: true, out _);
        }

        SetPosition(i + 1);
        Word[]? elements = null;
        Word value;
        int c = Peek();
        if (c == '(')
        {
            int open = _pos;
            elements = ReadArrayElements();
            value = SpelledWord([], open, _pos);
        }
        else if (c == Eof || (IsMeta(c) && !(c is '<' or '>' && PeekAhead(1) == '(')))
        {
            value = EmptyWord;
        }
        else
        {
            value = ReadWord(WordMode.AssignmentValue) ?? EmptyWord;
        }

        _assignments.Add(new Assignment(name, value, append, elements) { Subscript = subscript });
        CountNode();
        return true;
    }

    private int NextRaw(int index) => _continuations ? SkipContinuationsFrom(index + 1) : index + 1;

    /// <summary>The index after the <c>]</c> matching the <c>[</c> at <paramref name="open"/>, or -1 if it is not a subscript.</summary>
    private int SkipSubscript(int open)
    {
        const int MaxSubscriptLength = 4096;
        int brackets = 0, parens = 0;
        int limit = (int)Math.Min((long)open + MaxSubscriptLength, _end);
        int i = open;
        while (i < limit)
        {
            char ch = _src[i];
            switch (ch)
            {
                case '[': brackets++; break;
                case ']':
                    if (--brackets == 0 && parens == 0) return i + 1;
                    break;
                case '(': parens++; break;
                case ')': parens--; break;
                case '\\': i++; break;
                case '\'':
                    int close = _src.AsSpan(i + 1, limit - i - 1).IndexOf('\'');
                    if (close < 0) return -1;
                    i += close + 1;
                    break;
                case ' ' or '\t' or '\n' or ';' or '&' or '|' or '<' or '>':
                    if (parens <= 0) return -1;
                    break;
            }

            i++;
        }

        if (i >= MaxSubscriptLength + open && i < _end) Stop(open, "an array subscript longer than 4096 characters: the rest was not parsed");
        return -1;
    }

    /// <summary><c>( a b c )</c> after <c>NAME=</c>: the words of an array assignment.</summary>
    private Word[] ReadArrayElements()
    {
        int open = _pos;
        Skip(1);
        int first = _words.Count;
        while (true)
        {
            SkipBlanksCommentsAndNewlines();
            int c = Peek();
            if (c == ')')
            {
                Skip(1);
                break;
            }

            if (c == Eof)
            {
                AddDiagnostic(ParseDiagnosticKind.UnbalancedParenthesis, open, "array '(' is never closed");
                break;
            }

            var element = ReadWord(WordMode.Normal);
            if (element is null)
            {
                if (CanReport) AddDiagnostic(ParseDiagnosticKind.UnexpectedToken, _pos, $"unexpected '{(char)c}' in an array");
                break;
            }

            _words.Add(element);
        }

        return _words.Pop(first);
    }

    /// <summary>An argument such as <c>declare a=(x y)</c>: the parenthesised elements join the word.</summary>
    private Word WithArrayTail(Word word, int start)
    {
        var source = word.SourceSpan;
        if (source.Length < 2 || source[^1] != '=' || !IsNameStart(source[0])) return word;
        int nameEnd = 1;
        while (nameEnd < source.Length && IsNameChar(source[nameEnd])) nameEnd++;
        if (nameEnd != source.Length - 1 && !(nameEnd == source.Length - 2 && source[nameEnd] == '+')) return word;

        var elements = ReadArrayElements();
        int first = _parts.Count;
        _parts.AddRange(word.Parts);
        _parts.Add(new LiteralPart("(", QuoteKind.None));
        for (int i = 0; i < elements.Length; i++)
        {
            if (i > 0) _parts.Add(new LiteralPart(" ", QuoteKind.None));
            _parts.AddRange(elements[i].Parts);
        }

        _parts.Add(new LiteralPart(")", QuoteKind.None));
        return SpelledWord(_parts.Pop(first), start, _pos);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool FunctionParensAhead()
    {
        if (!_continuations)
        {
            // Most command names are followed by a blank and an argument, or by the end of the command.
            int next = _pos;
            while (next < _end && _src[next] is ' ' or '\t') next++;
            if (next >= _end || _src[next] != '(') return false;
        }

        return FunctionParensAt();
    }

    private bool FunctionParensAt()
    {
        int save = _pos;
        SkipBlanks();
        if (Peek() == '(')
        {
            Skip(1);
            SkipBlanks();
            if (Peek() == ')')
            {
                Skip(1);
                return true;
            }
        }

        _pos = save;
        return false;
    }

    /// <summary>The body and redirections of a function whose name (and parentheses) were read.</summary>
    private FunctionDefinition? ParseFunctionRest(string name, int position)
    {
        if (!Enter(position)) return null;
        SkipBlanksCommentsAndNewlines();
        var body = ParseCommand(trailingRedirections: false);
        if (body is null)
        {
            AddDiagnostic(ParseDiagnosticKind.UnexpectedToken, _pos, $"expected the body of function '{name}'");
            body = new Group(Script.Empty, NoRedirections);
        }

        var redirections = ParseTrailingRedirections();
        Leave();
        CountNode();
        return new FunctionDefinition(name, body, redirections);
    }

    private Redirection[] ParseTrailingRedirections()
    {
        RedirectionList? redirections = null;
        while (true)
        {
            SkipBlanks();
            if (!TryParseRedirection(ref redirections)) break;
        }

        return Freeze(redirections);
    }

    private static bool MayStartRedirection(int c) => c is '<' or '>' or '&' || IsDigit(c);

    /// <summary>A redirection at the current position (<c>2&gt;&amp;1</c>, <c>&gt;file</c>, <c>&lt;&lt;EOF</c> ...), added to the list.</summary>
    private bool TryParseRedirection(ref RedirectionList? redirections)
    {
        int c = Peek();
        if (!MayStartRedirection(c)) return false;
        int start = _pos;
        int? fd = null;
        if (IsDigit(c))
        {
            int i = _pos;
            long value = 0;
            while (true)
            {
                if (_continuations) i = SkipContinuationsFrom(i);
                if (i >= _end || !IsDigit(_src[i])) break;
                value = Math.Min((value * 10) + (_src[i] - '0'), int.MaxValue);
                i++;
            }

            if (i >= _end || _src[i] is not ('<' or '>')) return false;
            fd = (int)value;
            _pos = i;
            c = _src[i];
        }

        RedirectionOperator op;
        int length;
        int next = PeekAhead(1);
        if (c == '<')
        {
            if (next == '<')
            {
                int third = PeekAhead(2);
                if (third == '<') (op, length) = (RedirectionOperator.HereString, 3);
                else
                {
                    bool stripTabs = third == '-';
                    Skip(stripTabs ? 3 : 2);
                    ParseHereDocumentRedirection(fd, stripTabs, start, ref redirections);
                    return true;
                }
            }
            else if (next == '&') (op, length) = (RedirectionOperator.DuplicateInput, 2);
            else if (next == '>') (op, length) = (RedirectionOperator.ReadWrite, 2);
            else if (next == '(' && fd is null) return false; // <( ) is a process substitution word
            else (op, length) = (RedirectionOperator.Input, 1);
        }
        else if (c == '>')
        {
            if (next == '>') (op, length) = (RedirectionOperator.Append, 2);
            else if (next == '&') (op, length) = (RedirectionOperator.DuplicateOutput, 2);
            else if (next == '|') (op, length) = (RedirectionOperator.Clobber, 2);
            else if (next == '(' && fd is null) return false;
            else (op, length) = (RedirectionOperator.Output, 1);
        }
        else if (c == '&' && fd is null && next == '>')
        {
            (op, length) = PeekAhead(2) == '>'
                ? (RedirectionOperator.AppendOutputAndError, 3)
                : (RedirectionOperator.OutputAndError, 2);
        }
        else
        {
            _pos = start;
            return false;
        }

        Skip(length);
        SkipBlanks();
        var target = ReadWord(WordMode.Normal);
        if (target is null)
        {
            AddDiagnostic(ParseDiagnosticKind.UnexpectedToken, _pos, "a redirection without a target");
            target = EmptyWord;
        }

        redirections ??= new RedirectionList();
        redirections.Add(new Redirection(fd, op, target, null));
        CountNode();
        return true;
    }

    // ---- heredocs --------------------------------------------------------------------------------------------
    // A heredoc's body starts after the next newline token, after the bodies of earlier heredocs on that line.
    // The redirection is added with an empty body and replaced in its (mutable) list once the body is read.

    private sealed class PendingHereDocument(
        int? fd, string delimiter, bool quoted, bool stripTabs, RedirectionList list, int index, int position)
    {
        public int? Fd { get; } = fd;
        public string Delimiter { get; } = delimiter;
        public bool Quoted { get; } = quoted;
        public bool StripTabs { get; } = stripTabs;
        public RedirectionList List { get; } = list;
        /// <summary>The command's redirections once its list became an array (the body still to be put in it).</summary>
        public Redirection[]? Array { get; set; }
        public int Index { get; } = index;
        public int Position { get; } = position;
    }

    /// <summary>The redirections as the tree's array; a heredoc whose body is still to be read is retargeted to it.</summary>
    private Redirection[] Freeze(RedirectionList? redirections)
    {
        if (redirections is null) return NoRedirections;
        Redirection[] array = [.. redirections];
        if (redirections.FirstPending >= 0)
        {
            for (int i = redirections.FirstPending; i < _hereDocuments.Count; i++)
                if (ReferenceEquals(_hereDocuments[i].List, redirections)) _hereDocuments[i].Array = array;
        }
        return array;
    }

    /// <summary>A command's redirections while it is parsed, with where its first pending heredoc is (so turning the
    /// list into an array looks only at the heredocs this command added).</summary>
    private sealed class RedirectionList() : List<Redirection>(2)
    {
        public int FirstPending { get; set; } = -1;
    }

    private void ParseHereDocumentRedirection(int? fd, bool stripTabs, int start, ref RedirectionList? redirections)
    {
        SkipBlanks();
        var delimiterWord = ReadWord(WordMode.Normal);
        string delimiter;
        bool quoted;
        if (delimiterWord is null)
        {
            AddDiagnostic(ParseDiagnosticKind.UnexpectedToken, _pos, "a heredoc without a delimiter");
            (delimiter, quoted) = (string.Empty, false);
        }
        else
        {
            (delimiter, quoted) = HereDocumentDelimiter(delimiterWord.Source);
        }

        redirections ??= new RedirectionList();
        redirections.Add(new Redirection(fd, RedirectionOperator.HereDocument, null,
            new HereDocument(delimiter, quoted, stripTabs, EmptyWord)));
        CountNode();
        if (redirections.FirstPending < 0) redirections.FirstPending = _hereDocuments.Count;
        _hereDocuments.Add(new PendingHereDocument(fd, delimiter, quoted, stripTabs, redirections, redirections.Count - 1, start));
    }

    /// <summary>The delimiter after quote removal, and whether any part of it was quoted.</summary>
    private (string Delimiter, bool Quoted) HereDocumentDelimiter(string source)
    {
        if (source.AsSpan().IndexOfAny('\'', '"', '\\') < 0) return (source, false);
        _text.Clear();
        for (int i = 0; i < source.Length; i++)
        {
            char ch = source[i];
            if (ch == '\\' && i + 1 < source.Length)
            {
                if (source[i + 1] != '\n') _text.Append(source[i + 1]);
                i++;
            }
            else if (ch == '\'')
            {
                int close = source.IndexOf('\'', i + 1);
                if (close < 0) close = source.Length;
                _text.Append(source, i + 1, close - i - 1);
                i = close;
            }
            else if (ch == '"')
            {
                i++;
                for (; i < source.Length && source[i] != '"'; i++)
                {
                    if (source[i] == '\\' && i + 1 < source.Length && source[i + 1] is '$' or '`' or '"' or '\\') i++;
                    _text.Append(source[i]);
                }
            }
            else if (ch == '$' && i + 1 < source.Length && source[i + 1] is '\'' or '"')
            {
                // $'...' and $"..." delimiters: the $ goes, the quotes are handled next round.
            }
            else
            {
                _text.Append(ch);
            }
        }

        return (_text.ToString(), true);
    }

    /// <summary>Consumes the newline at the current position and reads the bodies of the heredocs waiting for it.</summary>
    private void ConsumeNewline()
    {
        _pos++;
        if (_hereDocuments.Count <= _hereDocumentBase) return;
        for (int i = _hereDocumentBase; i < _hereDocuments.Count && !_stopped; i++) ReadHereDocumentBody(_hereDocuments[i]);
        Truncate(_hereDocuments, _hereDocumentBase);
    }

    private void ReadHereDocumentBody(PendingHereDocument pending)
    {
        int bodyStart = _pos;
        int lineStart = _pos;
        int bodyEnd, after;
        while (true)
        {
            if (lineStart >= _end)
            {
                (bodyEnd, after) = (_end, _end);
                if (CanReport)
                {
                    AddDiagnostic(ParseDiagnosticKind.UnterminatedHereDocument, pending.Position,
                        $"heredoc delimited by '{pending.Delimiter}' is never closed");
                }

                break;
            }

            // With an unquoted delimiter bash joins "\<newline>" lines before it compares: `E\<newline>OF` ends
            // a heredoc delimited by EOF. A logical line runs on while a line ends in an unescaped backslash.
            int lineEnd = LineEnd(lineStart);
            bool joined = false;
            while (!pending.Quoted && lineEnd < _end && EndsInUnescapedBackslash(lineStart, lineEnd))
            {
                joined = true;
                lineEnd = LineEnd(lineEnd + 1);
            }

            int content = lineStart;
            if (pending.StripTabs)
            {
                while (content < lineEnd && _src[content] == '\t') content++;
            }

            bool isDelimiter = joined
                ? JoinedLineEquals(content, lineEnd, pending.Delimiter)
                : _src.AsSpan(content, lineEnd - content).SequenceEqual(pending.Delimiter);
            if (isDelimiter)
            {
                (bodyEnd, after) = (lineStart, Math.Min(lineEnd + 1, _end));
                break;
            }

            lineStart = Math.Min(lineEnd + 1, _end);
        }

        var body = pending.Quoted
            ? QuotedHereDocumentBody(bodyStart, bodyEnd, pending.StripTabs)
            : ParseHereDocumentBody(bodyStart, bodyEnd, pending.StripTabs);
        SetPosition(after);
        var redirection = new Redirection(pending.Fd, RedirectionOperator.HereDocument, null,
            new HereDocument(pending.Delimiter, pending.Quoted, pending.StripTabs, body));
        pending.List[pending.Index] = redirection;
        if (pending.Array is { } array) array[pending.Index] = redirection;
    }

    private int LineEnd(int start)
    {
        int newline = _src.AsSpan(start, _end - start).IndexOf('\n');
        return newline < 0 ? _end : start + newline;
    }

    /// <summary>Whether the line ends in a backslash that escapes its newline (an odd run of backslashes).</summary>
    private bool EndsInUnescapedBackslash(int lineStart, int lineEnd)
    {
        int backslashes = 0;
        for (int i = lineEnd - 1; i >= lineStart && _src[i] == '\\'; i--) backslashes++;
        return (backslashes & 1) == 1;
    }

    /// <summary>Compares a logical line whose every newline is a continuation (dropped with its backslash).</summary>
    private bool JoinedLineEquals(int start, int end, string expected)
    {
        int matched = 0;
        for (int i = start; i < end; i++)
        {
            if (_src[i] == '\\' && i + 1 < end && _src[i + 1] == '\n')
            {
                i++;
                continue;
            }

            if (matched == expected.Length || _src[i] != expected[matched]) return false;
            matched++;
        }

        return matched == expected.Length;
    }

    private Word QuotedHereDocumentBody(int start, int end, bool stripTabs)
    {
        string raw = Slice(start, end);
        string text = raw;
        if (stripTabs)
        {
            _text.Clear();
            bool lineStart = true;
            foreach (char ch in raw)
            {
                if (lineStart && ch == '\t') continue;
                lineStart = ch == '\n';
                _text.Append(ch);
            }

            text = _text.ToString();
        }

        CountNode();
        return new Word([new LiteralPart(text, QuoteKind.Single)], raw);
    }

    private void ReportUnreadHereDocuments()
    {
        for (int i = 0; i < _hereDocuments.Count && CanReport; i++)
        {
            AddDiagnostic(ParseDiagnosticKind.UnterminatedHereDocument, _hereDocuments[i].Position,
                $"heredoc delimited by '{_hereDocuments[i].Delimiter}' has no body: the input ends on its line");
        }

        _hereDocuments.Clear();
    }

    // ---- blanks and comments ---------------------------------------------------------------------------------

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SkipBlanks()
    {
        while (true)
        {
            int c = Peek();
            if (c is not (' ' or '\t')) return;
            _pos++;
        }
    }

    private void SkipBlanksAndComment()
    {
        SkipBlanks();
        if (Peek() == '#') SkipComment();
    }

    private void SkipBlanksCommentsAndNewlines()
    {
        while (true)
        {
            SkipBlanksAndComment();
            if (Peek() != '\n') return;
            ConsumeNewline();
        }
    }

    /// <summary>Skips a comment up to (not including) its newline. Comments are raw: a trailing backslash does not continue them.</summary>
    private void SkipComment()
    {
        int newline = _src.AsSpan(_pos, _end - _pos).IndexOf('\n');
        _pos = newline < 0 ? _end : _pos + newline;
    }
}
