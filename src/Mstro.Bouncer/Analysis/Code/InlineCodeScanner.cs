using System.Text;

namespace Mstro.Bouncer.Analysis.Code;

/// <summary>Scans inline code (python -c, node -e, perl -e ...) for what it does: shell commands handed to process APIs
/// (analysed as shell, their effects count), file deletes/reads/writes of literal paths, sockets joined to a shell or
/// dup2 (reverse shells), fork loops, dynamic code. Pure computation yields nothing. Bounded and linear.</summary>
internal static class InlineCodeScanner
{
    public static void Scan(string code, CodeLanguage language, CommandContext command) =>
        new Scanner(code, language, command, 0).Run();

    /// <summary>One scan of one piece of code (nested exec("...") strings get their own, up to a depth).</summary>
    private sealed class Scanner
    {
        private const int MaxNesting = 3;
        private const int MaxArgumentTokens = 256;

        private static readonly HashSet<string> ShellWords = new[]
        {
            "/bin/sh", "/bin/bash", "sh", "bash", "/bin/zsh", "zsh", "/bin/dash", "cmd.exe", "powershell", "/bin/ksh", "sh -i", "bash -i",
            "/bin/sh -i", "/bin/bash -i", "-i",
        }.ToHashSet(StringComparer.Ordinal);

        private static readonly HashSet<string> LoopWords = new[] { "while", "for", "loop", "until", "times", "each", "repeat" }
            .ToHashSet(StringComparer.Ordinal);

        private readonly List<Token> _tokens;
        private readonly CodeLanguage _language;
        private readonly CommandContext _command;
        private readonly int _depth;
        private readonly Dictionary<string, ApiKind> _apis;
        private readonly Dictionary<string, string> _aliases = new(StringComparer.Ordinal);
        private readonly Dictionary<string, CodeValue> _variables = new(StringComparer.Ordinal);
        private readonly List<string> _starImports = [];
        /// <summary>Each token's chain, read once (the listing, environment, call and home checks all read the chain at
        /// the same identifiers) and forgotten when an import changes how a first name resolves.</summary>
        private readonly (string Name, int Next, int Parts)?[] _chains;

        private bool _socket;
        private bool _process;
        private bool _dup2;
        private bool _shellWord;
        private bool _fork;
        private bool _loop;
        private bool _dynamicCode;
        private bool _network;
        private bool _wholeEnvironment;
        private readonly List<string> _reads = [];
        private string? _host;
        private string? _firstUrl;

        public Scanner(string code, CodeLanguage language, CommandContext command, int depth)
        {
            _tokens = CodeTokenizer.Tokenize(code, language, command.Home);
            _language = language;
            _command = command;
            _depth = depth;
            _apis = CodeApis.For(language);
            _chains = new (string Name, int Next, int Parts)?[_tokens.Count];
        }

        public void Run()
        {
            CollectImports();
            for (var i = 0; i < _tokens.Count; i++)
            {
                var token = _tokens[i];
                switch (token.Kind)
                {
                    case TokenKind.ShellString:
                        _process = true;
                        RunShell(token.Text, token.Flags);
                        break;
                    case TokenKind.String:
                        NoteLiteral(token.Text);
                        if (_language == CodeLanguage.Awk) AwkPipes(i);
                        break;
                    case TokenKind.Identifier:
                        if (LoopWords.Contains(token.Text)) _loop = true;
                        if (_language == CodeLanguage.AppleScript) AppleScript(i);
                        else if (!IsMemberDot(i - 1))
                        {
                            NoteEnvironment(i);
                            NoteDynamicValue(i);
                            TryCall(i);
                        }
                        break;
                    case TokenKind.Punctuation when _language == CodeLanguage.Awk && token.Text == ">":
                        AwkRedirect(i);
                        break;
                }
            }
            Finish();
        }

        /// <summary>The token at <paramref name="index"/> is a <c>.</c> that reaches a member (<c>os.path</c>, PHP's
        /// <c>-&gt;</c>), not one that joins strings (PHP and Perl <c>.</c>, Lua <c>..</c>).</summary>
        private bool IsMemberDot(int index)
        {
            if (index < 0 || index >= _tokens.Count || !_tokens[index].IsPunctuation('.')) return false;
            return _language switch
            {
                CodeLanguage.Php or CodeLanguage.Perl => (_tokens[index].Flags & TokenFlags.Member) != 0,
                CodeLanguage.Lua => !(index > 0 && _tokens[index - 1].IsPunctuation('.'))
                    && !(index + 1 < _tokens.Count && _tokens[index + 1].IsPunctuation('.')),
                _ => true,
            };
        }

        private void NoteLiteral(string text)
        {
            if (ShellWords.Contains(text.Trim())) _shellWord = true;
            var inet = text.IndexOf("/inet", StringComparison.Ordinal);
            if (inet >= 0 && (text.AsSpan(inet).StartsWith("/inet/tcp/") || text.AsSpan(inet).StartsWith("/inet/udp/")
                || text.AsSpan(inet).StartsWith("/inet4/") || text.AsSpan(inet).StartsWith("/inet6/")))
            {
                // gawk's network special files: a socket wired to the program's own input and output.
                _socket = true;
                _shellWord = true;
                _host ??= NetworkAddress.HostOfDevTcp(text, inet);
                return;
            }
            if (text.Contains("://", StringComparison.Ordinal))
            {
                var host = NetworkAddress.HostOf(text.Trim());
                if (host is not null)
                {
                    _firstUrl ??= text.Trim();
                    _host ??= host;
                }
                return;
            }
            if (_host is null && text.Length is > 3 and < 254 && NetworkAddress.LooksLikeHost(text) && text.Contains('.', StringComparison.Ordinal)
                && !text.Contains('/', StringComparison.Ordinal) && IsAddressLike(text))
                _host = text.ToLowerInvariant();
        }

        /// <summary>An IPv4 address or a name with a known-looking top-level part (not "os.path", "json.load").</summary>
        private static bool IsAddressLike(string text)
        {
            var dots = 0;
            var digitsAndDots = true;
            foreach (var c in text)
            {
                if (c == '.') dots++;
                else if (!char.IsAsciiDigit(c)) digitsAndDots = false;
            }
            if (digitsAndDots) return dots == 3;
            var last = text[(text.LastIndexOf('.') + 1)..];
            return last is "com" or "net" or "org" or "io" or "sh" or "xyz" or "ru" or "cn" or "top" or "me" or "dev" or "app"
                or "co" or "info" or "biz" or "cc" or "tk" or "onion" or "internal" or "local" or "site" or "online";
        }

        private void CollectImports()
        {
            for (var i = 0; i < _tokens.Count; i++)
            {
                var token = _tokens[i];
                if (token.Kind != TokenKind.Identifier) continue;
                if (i + 2 < _tokens.Count && _tokens[i + 1].IsPunctuation('=') && !_tokens[i + 2].IsPunctuation('=')
                    && !_tokens[i + 2].IsPunctuation('>') && !IsMemberDot(i - 1))
                    CollectVariable(token.Text, i + 2);
                if (!IsMemberDot(i - 1)) TryBindListing(i);
                if (_language == CodeLanguage.Python)
                {
                    if (token.Text == "import" && (i == 0 || !_tokens[i - 1].IsIdentifier("from") && !IsFromClause(i))) PythonImport(i + 1);
                    else if (token.Text == "from") PythonFromImport(i + 1);
                }
                else if (_language == CodeLanguage.JavaScript)
                {
                    if (token.Text is "const" or "let" or "var") JavaScriptRequire(i + 1);
                    else if (token.Text == "import") JavaScriptImport(i + 1);
                }
            }
        }

        private enum ListingKind : byte
        {
            /// <summary>Entry names (<c>os.listdir</c>): a loop variable is <c>*</c>, joined to the directory by the code.</summary>
            Names,
            /// <summary>Entry paths (<c>os.scandir</c>, <c>Path.iterdir</c>): <c>DIR/*</c>.</summary>
            Children,
            /// <summary>A glob (<c>glob.glob('/x/*')</c>, <c>Dir['/x/*']</c>): the pattern itself.</summary>
            Pattern,
        }

        private static readonly Dictionary<string, ListingKind> Listings = new Dictionary<string, ListingKind>(StringComparer.Ordinal)
        {
            ["os.listdir"] = ListingKind.Names, ["fs.readdirSync"] = ListingKind.Names, ["fs.readdir"] = ListingKind.Names,
            ["fs.promises.readdir"] = ListingKind.Names, ["Dir.children"] = ListingKind.Names, ["Dir.entries"] = ListingKind.Names,
            ["Dir.each_child"] = ListingKind.Names, ["Dir.foreach"] = ListingKind.Names,
            ["os.scandir"] = ListingKind.Children, ["Deno.readDirSync"] = ListingKind.Names, ["Deno.readDir"] = ListingKind.Names,
            ["glob.glob"] = ListingKind.Pattern, ["glob.iglob"] = ListingKind.Pattern, ["Dir.glob"] = ListingKind.Pattern,
            ["glob.sync"] = ListingKind.Pattern, ["globSync"] = ListingKind.Pattern,
        };

        /// <summary><c>for e in os.listdir(D)</c>, <c>for (const e of fs.readdirSync(D))</c>, <c>fs.readdirSync(D).forEach(e =&gt;</c>,
        /// <c>Dir.children(D).each { |e|</c>, <c>for p in Path(D).iterdir()</c>, <c>for p in glob.glob('D/*')</c>: the loop
        /// variable stands for every entry of the literal directory D.</summary>
        private void TryBindListing(int i)
        {
            var (name, next, parts) = ReadChain(i);
            if (parts == 0 || next >= _tokens.Count) return;
            string? entries;
            int after;
            if (name == "Dir" && next + 2 < _tokens.Count && _tokens[next].IsPunctuation('[') && _tokens[next + 1].Kind == TokenKind.String
                && _tokens[next + 2].IsPunctuation(']'))
            {
                entries = _tokens[next + 1].Text;
                after = next + 3;
            }
            else if (!_tokens[next].IsPunctuation('(')) return;
            else if (Listings.TryGetValue(name, out var kind))
            {
                var arguments = ParseArguments(next, out after);
                var directory = arguments.Count == 0 ? "." : arguments[0].Text;
                if (directory is null || arguments.Count > 0 && arguments[0].IsPartlyDynamic) return;
                entries = kind switch
                {
                    ListingKind.Names => "*",
                    ListingKind.Children => directory.TrimEnd('/') + "/*",
                    _ => directory,
                };
            }
            else if (name is "Path" or "pathlib.Path" or "PurePath")
            {
                var arguments = ParseArguments(next, out after);
                if (arguments.Count == 0 || arguments[0].Text is not { } directory || arguments[0].IsPartlyDynamic) return;
                if (after + 2 >= _tokens.Count || !IsMemberDot(after) || !_tokens[after + 2].IsPunctuation('(')) return;
                var method = _tokens[after + 1].Text;
                var pattern = ParseArguments(after + 2, out after);
                entries = method switch
                {
                    "iterdir" => directory.TrimEnd('/') + "/*",
                    "glob" or "rglob" when pattern.Count > 0 && pattern[0].Text is { } glob =>
                        directory.TrimEnd('/') + (method == "rglob" ? "/**/" : "/") + glob,
                    _ => null,
                };
            }
            else return;
            if (entries is not null && LoopVariableOf(i, after) is { } variable)
                _variables[variable] = new CodeValue(entries, null, false, false, false) { Entries = true };
        }

        /// <summary>The variable a loop binds to the listing at [<paramref name="start"/>, <paramref name="after"/>).</summary>
        private string? LoopVariableOf(int start, int after)
        {
            if (start >= 2 && _tokens[start - 1].Kind == TokenKind.Identifier && _tokens[start - 1].Text is "in" or "of"
                && _tokens[start - 2].Kind == TokenKind.Identifier)
                return _tokens[start - 2].Text;
            var k = after;
            if (k + 1 < _tokens.Count && IsMemberDot(k) && _tokens[k + 1].Text is "forEach" or "map" or "each" or "each_child" or "filter")
                k += 2;
            else if (!(_language == CodeLanguage.Ruby && k < _tokens.Count && (_tokens[k].IsPunctuation('{') || _tokens[k].IsIdentifier("do"))))
                return null;
            if (k + 1 < _tokens.Count && (_tokens[k].IsPunctuation('{') || _tokens[k].IsIdentifier("do")))
                return _tokens[k + 1].IsPunctuation('|') && k + 2 < _tokens.Count && _tokens[k + 2].Kind == TokenKind.Identifier
                    ? _tokens[k + 2].Text
                    : null;
            if (k >= _tokens.Count || !_tokens[k].IsPunctuation('(')) return null;
            k++;
            if (k < _tokens.Count && _tokens[k].IsIdentifier("function")) k++;
            if (k < _tokens.Count && _tokens[k].IsPunctuation('(')) k++;
            return k < _tokens.Count && _tokens[k].Kind == TokenKind.Identifier ? _tokens[k].Text : null;
        }

        /// <summary>Functions that build a path from their arguments (joined with <c>/</c>) or pass one through.</summary>
        private static readonly HashSet<string> PathFunctions = new(StringComparer.Ordinal)
        {
            "os.path.join", "posixpath.join", "path.join", "path.resolve", "path.posix.join", "path.normalize", "File.join",
            "Path", "pathlib.Path", "PurePath", "pathlib.PurePath", "os.fspath", "str", "String", "os.path.abspath",
            "os.path.realpath", "os.path.normpath", "File.expand_path",
        };

        /// <summary><c>os.path.join(D, e)</c>, <c>path.join(D, f)</c>, <c>File.join(D, f)</c>, <c>str(p)</c>: the joined path.</summary>
        private bool TryPathFunction(int k, int end, out CodeValue value, out int after)
        {
            value = default;
            after = k;
            if (IsMemberDot(k - 1)) return false;
            var (name, next, parts) = ReadChain(k);
            if (parts == 0 || next >= end || !_tokens[next].IsPunctuation('(') || !PathFunctions.Contains(name)) return false;
            var arguments = ParseArguments(next, out after);
            if (after > end) return false;
            var text = new StringBuilder();
            var dynamic = false;
            var hidden = false;
            var entries = false;
            foreach (var argument in arguments)
            {
                if (argument.Keyword is not null) continue;
                if (argument.Text is not { } piece)
                {
                    dynamic = true;
                    text.Append(CodeTokenizer.DynamicMarker);
                    continue;
                }
                // An absolute part starts the path over, as os.path.join does.
                if (piece.StartsWith('/')) text.Clear();
                else if (text.Length > 0 && text[^1] != '/') text.Append('/');
                text.Append(piece);
                dynamic |= argument.IsPartlyDynamic;
                hidden |= argument.Hidden;
                entries |= argument.Entries;
            }
            value = new CodeValue(text.ToString(), null, hidden, dynamic, false) { Entries = entries };
            return true;
        }

        private bool IsFromClause(int importIndex)
        {
            for (var k = importIndex - 1; k >= 0 && k >= importIndex - 16; k--)
            {
                if (_tokens[k].IsIdentifier("from")) return true;
                if (_tokens[k].Kind == TokenKind.Punctuation && _tokens[k].Text is ";" or ")") return false;
            }
            return false;
        }

        /// <summary><c>p = os.path.expanduser('~/.claude/settings.json')</c>, <c>const f = '/etc/passwd'</c>: a name bound
        /// to a literal value, so a later <c>open(p, 'w')</c> names the file. The value is the longest run of strings,
        /// concatenations and home/decoder expressions after the '='.</summary>
        private void CollectVariable(string name, int start)
        {
            var end = start;
            var depth = 0;
            while (end < _tokens.Count && end - start < MaxArgumentTokens)
            {
                var token = _tokens[end];
                if (token.Kind == TokenKind.Punctuation)
                {
                    var c = token.Text[0];
                    if (c is '(' or '[' or '{') depth++;
                    else if (c is ')' or ']' or '}')
                    {
                        if (depth == 0) break;
                        depth--;
                    }
                    else if (c is ';' or ',' && depth == 0) break;
                }
                else if (depth == 0 && end > start && token.Kind is TokenKind.Identifier or TokenKind.String
                    && _tokens[end - 1].Kind is TokenKind.String or TokenKind.Identifier or TokenKind.Number
                    || depth == 0 && end > start && token.Kind == TokenKind.Identifier && _tokens[end - 1].IsPunctuation(')'))
                    break;
                end++;
            }
            if (end == start) return;
            var value = Evaluate(start, end);
            if (value.Text is not null && !value.IsPartlyDynamic) _variables[name] = value;
            else _variables.Remove(name);
        }

        /// <summary><c>import a.b as c, d</c></summary>
        private void PythonImport(int i)
        {
            while (i < _tokens.Count)
            {
                var name = DottedName(ref i);
                if (name is null) return;
                var alias = name.Split('.')[0];
                if (i + 1 < _tokens.Count && _tokens[i].IsIdentifier("as") && _tokens[i + 1].Kind == TokenKind.Identifier)
                {
                    alias = _tokens[i + 1].Text;
                    i += 2;
                    SetAlias(alias, name);
                }
                else if (alias != name && _aliases.TryAdd(alias, alias)) ForgetChains();
                if (i < _tokens.Count && _tokens[i].IsPunctuation(',')) i++;
                else return;
            }
        }

        /// <summary><c>from a.b import c as d, e</c> / <c>from a import *</c></summary>
        private void PythonFromImport(int i)
        {
            var module = DottedName(ref i);
            if (module is null || i >= _tokens.Count || !_tokens[i].IsIdentifier("import")) return;
            i++;
            if (i < _tokens.Count && _tokens[i].IsPunctuation('(')) i++;
            while (i < _tokens.Count)
            {
                if (_tokens[i].IsPunctuation('*'))
                {
                    _starImports.Add(module);
                    ForgetChains();
                    return;
                }
                if (_tokens[i].Kind != TokenKind.Identifier) return;
                var name = _tokens[i].Text;
                var alias = name;
                i++;
                if (i + 1 < _tokens.Count && _tokens[i].IsIdentifier("as") && _tokens[i + 1].Kind == TokenKind.Identifier)
                {
                    alias = _tokens[i + 1].Text;
                    i += 2;
                }
                SetAlias(alias, module + "." + name);
                if (i < _tokens.Count && _tokens[i].IsPunctuation(',')) i++;
                else return;
            }
        }

        private string? DottedName(ref int i)
        {
            if (i >= _tokens.Count || _tokens[i].Kind != TokenKind.Identifier) return null;
            var builder = new StringBuilder(_tokens[i++].Text);
            while (i + 1 < _tokens.Count && IsMemberDot(i) && _tokens[i + 1].Kind == TokenKind.Identifier)
            {
                builder.Append('.').Append(_tokens[i + 1].Text);
                i += 2;
            }
            return builder.ToString();
        }

        /// <summary><c>const cp = require('child_process')</c>, <c>const {execSync: run, spawn} = require('child_process')</c>.</summary>
        private void JavaScriptRequire(int i)
        {
            if (i >= _tokens.Count) return;
            if (_tokens[i].Kind == TokenKind.Identifier)
            {
                var name = _tokens[i].Text;
                if (i + 1 < _tokens.Count && _tokens[i + 1].IsPunctuation('=') && ModuleAt(i + 2) is { } module) SetAlias(name, module);
                return;
            }
            if (!_tokens[i].IsPunctuation('{')) return;
            var close = i + 1;
            while (close < _tokens.Count && !_tokens[close].IsPunctuation('}') && close - i < 64) close++;
            if (close + 1 >= _tokens.Count || !_tokens[close + 1].IsPunctuation('=') || ModuleAt(close + 2) is not { } source) return;
            for (var k = i + 1; k < close; k++)
            {
                if (_tokens[k].Kind != TokenKind.Identifier) continue;
                var member = _tokens[k].Text;
                if (k + 2 < close && _tokens[k + 1].IsPunctuation(':') && _tokens[k + 2].Kind == TokenKind.Identifier)
                {
                    SetAlias(_tokens[k + 2].Text, source + "." + member);
                    k += 2;
                }
                else SetAlias(member, source + "." + member);
            }
        }

        /// <summary><c>import cp from 'child_process'</c>, <c>import * as cp from ...</c>, <c>import {exec as run} from ...</c>.</summary>
        private void JavaScriptImport(int i)
        {
            var end = i;
            while (end < _tokens.Count && !_tokens[end].IsIdentifier("from") && end - i < 64) end++;
            if (end + 1 >= _tokens.Count || _tokens[end + 1].Kind != TokenKind.String) return;
            var module = NormalizeModule(_tokens[end + 1].Text);
            for (var k = i; k < end; k++)
            {
                if (_tokens[k].Kind != TokenKind.Identifier || _tokens[k].Text == "as") continue;
                var inBraces = false;
                for (var b = k; b >= i; b--)
                {
                    if (_tokens[b].IsPunctuation('{')) inBraces = true;
                    if (_tokens[b].IsPunctuation('}')) break;
                }
                var isAlias = k > i && _tokens[k - 1].IsIdentifier("as");
                if (isAlias)
                {
                    var original = _tokens[k - 2].Text;
                    SetAlias(_tokens[k].Text, inBraces && original != "*" ? module + "." + original : module);
                }
                else if (k + 1 < end && _tokens[k + 1].IsIdentifier("as")) continue;
                else SetAlias(_tokens[k].Text, inBraces ? module + "." + _tokens[k].Text : module);
            }
        }

        /// <summary>The module of <c>require('x')</c> / <c>__import__('x')</c> / <c>import_module('x')</c> at index i.</summary>
        private string? ModuleAt(int i)
        {
            if (i + 3 < _tokens.Count && _tokens[i].Kind == TokenKind.Identifier
                && _tokens[i].Text is "require" or "__import__" or "import_module" or "_load" or "import"
                && _tokens[i + 1].IsPunctuation('(') && _tokens[i + 2].Kind == TokenKind.String && _tokens[i + 3].IsPunctuation(')'))
                return NormalizeModule(_tokens[i + 2].Text);
            return null;
        }

        private static string NormalizeModule(string module)
        {
            if (module.StartsWith("node:", StringComparison.Ordinal)) module = module[5..];
            return module switch
            {
                "fs/promises" => "fs.promises",
                "child_process" => "child_process",
                _ => module,
            };
        }

        /// <summary>Reads <c>a.b.c</c> (or <c>require('m').x</c>, <c>__import__('os').system</c>) from index i.</summary>
        private (string Name, int Next, int Parts) ReadChain(int i)
        {
            if ((uint)i >= (uint)_chains.Length) return ReadChainFresh(i);
            return _chains[i] ??= ReadChainFresh(i);
        }

        private void SetAlias(string alias, string qualified)
        {
            _aliases[alias] = qualified;
            ForgetChains();
        }

        private void ForgetChains() => Array.Clear(_chains);

        private (string Name, int Next, int Parts) ReadChainFresh(int i)
        {
            string? first = null;
            StringBuilder? builder = null;
            var parts = 0;
            var j = i;
            while (j < _tokens.Count)
            {
                if (ModuleAt(j) is { } module)
                {
                    first = module;
                    builder = null;
                    parts = 1;
                    j += 4;
                }
                else if (_tokens[j].Kind == TokenKind.Identifier)
                {
                    var name = _tokens[j].Text;
                    if (parts == 0) first = Resolve(name);
                    else (builder ??= new StringBuilder(first)).Append('.').Append(name);
                    parts++;
                    j++;
                }
                else break;

                if (j + 1 < _tokens.Count && IsMemberDot(j) && _tokens[j + 1].Kind == TokenKind.Identifier) j++;
                else break;
            }
            return (builder?.ToString() ?? first ?? "", j, parts);
        }

        private string Resolve(string name)
        {
            if (_aliases.TryGetValue(name, out var qualified)) return qualified;
            foreach (var module in _starImports)
            {
                if (_apis.ContainsKey(module + "." + name)) return module + "." + name;
            }
            return name;
        }

        private bool TryLookup(string name, int parts, out ApiKind kind)
        {
            if (_apis.TryGetValue(name, out kind)) return true;
            if (parts > 1 && CodeApis.Members.TryGetValue(name[(name.LastIndexOf('.') + 1)..], out kind))
            {
                // A distinctive member on an unknown receiver: only trusted with literal arguments (checked by the caller).
                return true;
            }
            if (name.StartsWith("new.", StringComparison.Ordinal)) return _apis.TryGetValue(name[4..], out kind);
            return false;
        }

        /// <summary>The whole environment taken as data (<c>dict(os.environ)</c>, <c>process.env</c>, <c>%ENV</c>,
        /// <c>ENV.to_h</c>), as opposed to one variable of it.</summary>
        private void NoteEnvironment(int i)
        {
            var token = _tokens[i];
            if (token.Text is not ("os" or "process" or "ENV" or "$_ENV" or "environ" or "getenv" or "Sys") && !_aliases.ContainsKey(token.Text)) return;
            var (name, next, _) = ReadChain(i);
            var subscripted = next < _tokens.Count && _tokens[next].IsPunctuation('[');
            var called = next < _tokens.Count && _tokens[next].IsPunctuation('(');
            var whole = name switch
            {
                "os.environ" or "process.env" or "$_ENV" or "ENV" => !subscripted,
                "os.environ.copy" or "os.environ.items" or "os.environ.keys" or "os.environ.values" => true,
                "ENV.to_h" or "ENV.to_a" or "ENV.each" or "ENV.map" or "ENV.inspect" => true,
                "getenv" or "Sys.getenv" => called && next + 1 < _tokens.Count && _tokens[next + 1].IsPunctuation(')'),
                _ => false,
            };
            if (name == "ENV" && i > 0 && _tokens[i - 1].IsPunctuation('%')) whole = true;
            if (whole) _wholeEnvironment = true;
        }

        /// <summary><c>.then(eval)</c>, <c>map(exec, ...)</c>: a code runner passed as a value runs whatever reaches it.</summary>
        private void NoteDynamicValue(int i)
        {
            if (_language is not (CodeLanguage.JavaScript or CodeLanguage.Python)) return;
            var token = _tokens[i];
            if (!_apis.TryGetValue(token.Text, out var kind) || kind != ApiKind.DynamicCode) return;
            if (i + 1 < _tokens.Count && _tokens[i + 1].IsPunctuation('(')) return;
            if (i > 0 && _tokens[i - 1].IsIdentifier("new")) return;
            _dynamicCode = true;
        }

        /// <summary>The home directory spelled in code: <c>os.path.expanduser('~/x')</c>, <c>os.environ['HOME']</c>,
        /// <c>process.env.HOME</c>, <c>os.homedir()</c>, <c>Path.home()</c>, <c>$ENV{HOME}</c>, <c>Dir.home</c>...</summary>
        private bool TryHome(int k, int end, out string? text, out int after)
        {
            text = null;
            after = k;
            if (IsMemberDot(k - 1)) return false;
            var (name, next, parts) = ReadChain(k);
            if (parts == 0) return false;
            var home = _command.Home;
            switch (name)
            {
                case "os.homedir" or "Path.home" or "pathlib.Path.home" or "Dir.home" or "os.userInfo.homedir" or "Sys.getenv.HOME":
                    after = next + (next + 1 < end && _tokens[next].IsPunctuation('(') && _tokens[next + 1].IsPunctuation(')') ? 2 : 0);
                    text = home;
                    return true;
                case "process.env.HOME" or "process.env.USERPROFILE":
                    after = next;
                    text = home;
                    return true;
                case "os.environ" or "ENV" or "$_SERVER" or "$_ENV" or "process.env"
                    when next + 2 < end && _tokens[next].IsPunctuation('[') && _tokens[next + 1] is { Kind: TokenKind.String, Text: "HOME" }
                        && _tokens[next + 2].IsPunctuation(']'):
                    after = next + 3;
                    text = home;
                    return true;
                case "$ENV" when next + 2 < end && _tokens[next].IsPunctuation('{') && _tokens[next + 1].Text == "HOME" && _tokens[next + 2].IsPunctuation('}'):
                    after = next + 3;
                    text = home;
                    return true;
                case "os.getenv" or "os.environ.get" or "getenv" or "ENV.fetch" or "Sys.getenv" or "Deno.env.get"
                    when next + 2 < end && _tokens[next].IsPunctuation('(') && _tokens[next + 1] is { Kind: TokenKind.String, Text: "HOME" }:
                    ParseArguments(next, out after);
                    text = home;
                    return true;
                case "os.path.expanduser" or "File.expand_path" or "path.expand" or "expanduser"
                    when next + 1 < end && _tokens[next].IsPunctuation('(') && _tokens[next + 1].Kind == TokenKind.String:
                    var arguments = ParseArguments(next, out after);
                    text = arguments.Count > 0 && arguments[0].Text is { } path ? PathText.ExpandTilde(path, home) : null;
                    return text is not null;
            }
            return false;
        }

        private void TryCall(int i)
        {
            var (name, next, parts) = ReadChain(i);
            if (parts == 0 || !TryLookup(name, parts, out var kind)) return;
            var knownReceiver = _apis.ContainsKey(name);

            List<CodeValue> arguments;
            if (next < _tokens.Count && _tokens[next].IsPunctuation('(')) arguments = ParseArguments(next, out _);
            else if (_language is CodeLanguage.Perl or CodeLanguage.Ruby or CodeLanguage.Lua && next < _tokens.Count
                && _tokens[next].Kind is TokenKind.String or TokenKind.Identifier or TokenKind.ShellString)
                arguments = ParseBareArguments(next);
            else if (kind is ApiKind.Fork or ApiKind.Socket && _language is CodeLanguage.Perl or CodeLanguage.Ruby)
                arguments = [];
            else if (kind == ApiKind.Socket && next < _tokens.Count && _tokens[next].IsPunctuation('.'))
                arguments = [];
            else return;

            if (!knownReceiver && (arguments.Count == 0 || !arguments[0].IsLiteral)) return;
            Apply(kind, name, arguments);
        }

        private void Apply(ApiKind kind, string name, List<CodeValue> arguments)
        {
            var first = arguments.Count > 0 ? arguments[0] : CodeValue.Dynamic;
            switch (kind)
            {
                case ApiKind.Shell:
                    _process = true;
                    RunValueAsShell(first);
                    break;

                case ApiKind.ShellOrArgv:
                    _process = true;
                    if (first.Items is { } list) RunArgv(list);
                    else if (_language is CodeLanguage.Perl or CodeLanguage.Ruby && arguments.Count > 1 && arguments.TrueForAll(a => a.IsLiteral && a.Items is null))
                        RunArgv(arguments);
                    else RunValueAsShell(first);
                    break;

                case ApiKind.ProgramAndList:
                {
                    _process = true;
                    var argv = new List<CodeValue> { first };
                    if (arguments.Count > 1 && arguments[1].Items is { } rest) argv.AddRange(rest);
                    RunArgv(argv);
                    break;
                }

                case ApiKind.ProgramAndArgv:
                {
                    _process = true;
                    var argv = new List<CodeValue> { first };
                    if (arguments.Count > 1 && arguments[1].Items is { Count: > 0 } rest) argv.AddRange(rest.Skip(1));
                    RunArgv(argv);
                    break;
                }

                case ApiKind.ProgramArgv0Varargs or ApiKind.ProgramVarargs:
                {
                    _process = true;
                    var argv = new List<CodeValue> { first };
                    argv.AddRange(arguments.Skip(kind == ApiKind.ProgramVarargs ? 1 : 2));
                    RunArgv(argv);
                    break;
                }

                case ApiKind.Spawn:
                    _process = true;
                    if (first.Items is { } spawnList) RunArgv(spawnList);
                    else RunArgv([first]);
                    if (first.Text is { } program && ShellWords.Contains(program)) _shellWord = true;
                    break;

                case ApiKind.Delete or ApiKind.DeleteRecursive or ApiKind.DeleteMaybeRecursive:
                {
                    var recursive = kind == ApiKind.DeleteRecursive
                        || kind == ApiKind.DeleteMaybeRecursive && arguments.Skip(1).Any(a => a.MentionsRecursive);
                    var targets = _language == CodeLanguage.Perl || first.Items is not null ? Flatten(arguments) : [first];
                    foreach (var target in targets) AddPath(EffectKind.Delete, target, recursive ? EffectFlags.Recursive : EffectFlags.None);
                    break;
                }

                case ApiKind.Read:
                    AddPath(EffectKind.Read, first, EffectFlags.None);
                    break;

                case ApiKind.Write:
                    AddPath(EffectKind.Write, first, EffectFlags.None);
                    break;

                case ApiKind.Open:
                {
                    var mode = arguments.Count > 1 ? arguments[1].Text : null;
                    var writes = mode is not null && mode.AsSpan().IndexOfAny("wax+") >= 0;
                    AddPath(writes ? EffectKind.Write : EffectKind.Read, first, EffectFlags.None);
                    break;
                }

                case ApiKind.PipeOpen:
                    PipeOpen(arguments);
                    break;

                case ApiKind.Copy:
                    AddPath(EffectKind.Read, first, EffectFlags.None);
                    if (arguments.Count > 1) AddPath(EffectKind.Write, arguments[1], EffectFlags.None);
                    break;

                case ApiKind.Move:
                    AddPath(EffectKind.Read, first, EffectFlags.None);
                    AddPath(EffectKind.Delete, first, EffectFlags.None);
                    if (arguments.Count > 1) AddPath(EffectKind.Write, arguments[1], EffectFlags.None);
                    break;

                case ApiKind.DynamicCode:
                    if (first.IsLiteral && first.Text is { } code && !first.IsPartlyDynamic)
                    {
                        if (first.Hidden) _command.Add(EffectKind.Obfuscation, detail: "decoded");
                        if (_depth < MaxNesting) new Scanner(code, _language, _command, _depth + 1).Run();
                        else _command.Add(EffectKind.Unknown, detail: "inline code nested too deeply");
                    }
                    else if (arguments.Count > 0 || name is "eval" or "exec") _dynamicCode = true;
                    break;

                case ApiKind.Socket:
                    _socket = true;
                    foreach (var argument in Flatten(arguments))
                    {
                        if (argument.Text is { } text) NoteLiteral(text);
                    }
                    break;

                case ApiKind.Dup2:
                    _dup2 = true;
                    break;

                case ApiKind.Fork:
                    _fork = true;
                    break;

                case ApiKind.Network:
                    _network = true;
                    if (first.Text is { } url) NoteLiteral(url);
                    break;
            }
        }

        private void RunValueAsShell(in CodeValue value)
        {
            if (value.Text is null)
            {
                _command.Add(EffectKind.ExecuteCode, detail: "inline", flags: EffectFlags.Unresolved);
                return;
            }
            if (value.IsPartlyDynamic) _command.Add(EffectKind.ExecuteCode, detail: "inline", flags: EffectFlags.Unresolved);
            RunShell(value.Text, value.Hidden ? TokenFlags.Hidden : TokenFlags.None);
        }

        private void RunShell(string text, TokenFlags flags)
        {
            if ((flags & TokenFlags.Hidden) != 0) _command.Add(EffectKind.Obfuscation, detail: "decoded");
            if (ShellWords.Contains(text.Trim())) _shellWord = true;
            _command.RunShellText(text);
        }

        private void RunArgv(List<CodeValue> values)
        {
            if (values.Count == 0) return;
            if (values[0].Text is not { } program)
            {
                _command.Add(EffectKind.ExecuteCode, detail: "inline", flags: EffectFlags.Unresolved);
                return;
            }
            if (ShellWords.Contains(program)) _shellWord = true;
            var argv = new Arg[values.Count];
            for (var k = 0; k < values.Count; k++)
                argv[k] = values[k].Text is { } text && !values[k].IsPartlyDynamic ? Arg.Literal(text) : Arg.Unknown(values[k].Text ?? CodeTokenizer.DynamicMarker);
            if (values.Exists(v => v.Hidden)) _command.Add(EffectKind.Obfuscation, detail: "decoded");
            _command.RunArgv(argv);
        }

        private void AddPath(EffectKind kind, in CodeValue value, EffectFlags flags)
        {
            if (value.Text is not { } path || value.IsPartlyDynamic)
            {
                _command.Add(kind, flags: flags | EffectFlags.Unresolved);
                return;
            }
            var expanded = PathText.ExpandTilde(path, _command.Home);
            if (kind == EffectKind.Read && _reads.Count < 16) _reads.Add(PathText.Absolute(_command.Cwd, expanded));
            // Code does not expand globs, except where the value stands for a directory's entries.
            _command.AddPath(kind, value.Entries ? Arg.Unquoted(expanded) : Arg.Literal(expanded), flags);
        }

        /// <summary>Perl <c>open(FH, "cmd|")</c>, <c>open(FH, "-|", "cmd")</c>, <c>open(FH, "&gt;file")</c>; Ruby <c>open("|cmd")</c>.</summary>
        private void PipeOpen(List<CodeValue> arguments)
        {
            var literals = arguments.Where(a => a.Text is not null).ToList();
            if (literals.Count == 0) return;
            string mode;
            CodeValue target;
            if (_language == CodeLanguage.Perl && arguments.Count >= 3)
            {
                mode = arguments[1].Text ?? "";
                target = arguments[2];
            }
            else
            {
                var spec = (_language == CodeLanguage.Perl && arguments.Count >= 2 ? arguments[1] : arguments[0]);
                var text = spec.Text ?? "";
                var trimmed = text.Trim();
                if (trimmed.StartsWith('|') || trimmed.EndsWith('|'))
                {
                    _process = true;
                    RunShell(trimmed.Trim('|'), spec.Hidden ? TokenFlags.Hidden : TokenFlags.None);
                    return;
                }
                mode = trimmed.StartsWith(">>", StringComparison.Ordinal) ? ">>" : trimmed.StartsWith('>') ? ">" : trimmed.StartsWith('<') ? "<" : "";
                target = new CodeValue(trimmed.TrimStart('>', '<', '+').Trim(), null, spec.Hidden, spec.IsPartlyDynamic, false);
            }
            if (mode.Contains('|', StringComparison.Ordinal))
            {
                _process = true;
                RunValueAsShell(target);
                return;
            }
            AddPath(mode.Contains('>', StringComparison.Ordinal) || mode.Contains('+', StringComparison.Ordinal) ? EffectKind.Write : EffectKind.Read, target, EffectFlags.None);
        }

        private static List<CodeValue> Flatten(List<CodeValue> values)
        {
            var flat = new List<CodeValue>();
            foreach (var value in values)
            {
                if (value.Items is { } items) flat.AddRange(items);
                else flat.Add(value);
            }
            return flat;
        }

        /// <summary>Arguments of a call whose '(' is at <paramref name="open"/>; <paramref name="end"/> is after ')'.</summary>
        private List<CodeValue> ParseArguments(int open, out int end)
        {
            var arguments = new List<CodeValue>();
            var depth = 0;
            var start = open + 1;
            var k = open + 1;
            for (; k < _tokens.Count && k - open < MaxArgumentTokens * 4; k++)
            {
                var token = _tokens[k];
                if (token.Kind != TokenKind.Punctuation) continue;
                var c = token.Text[0];
                if (c is '(' or '[' or '{') depth++;
                else if (c is ')' or ']' or '}')
                {
                    if (depth == 0)
                    {
                        if (k > start) arguments.Add(Evaluate(start, k));
                        end = k + 1;
                        return arguments;
                    }
                    depth--;
                }
                else if (c == ',' && depth == 0)
                {
                    arguments.Add(Evaluate(start, k));
                    start = k + 1;
                }
            }
            if (k > start) arguments.Add(Evaluate(start, Math.Min(k, _tokens.Count)));
            end = k;
            return arguments;
        }

        /// <summary>Perl/Ruby/Lua call without parentheses: <c>system "ls", "-l";</c> up to ';' or a closing bracket.</summary>
        private List<CodeValue> ParseBareArguments(int start)
        {
            var arguments = new List<CodeValue>();
            var k = start;
            var argumentStart = start;
            var depth = 0;
            for (; k < _tokens.Count && k - start < MaxArgumentTokens; k++)
            {
                var token = _tokens[k];
                if (token.Kind == TokenKind.Identifier && depth == 0 && k > argumentStart && token.Text is "if" or "unless" or "or" or "and" or "while" or "do" or "then" or "end")
                    break;
                if (token.Kind != TokenKind.Punctuation) continue;
                var c = token.Text[0];
                if (c is '(' or '[' or '{') depth++;
                else if (c is ')' or ']' or '}')
                {
                    if (depth == 0) break;
                    depth--;
                }
                else if (c == ';' && depth == 0) break;
                else if (c == ',' && depth == 0)
                {
                    arguments.Add(Evaluate(argumentStart, k));
                    argumentStart = k + 1;
                }
            }
            if (k > argumentStart) arguments.Add(Evaluate(argumentStart, k));
            return arguments;
        }

        /// <summary>The value of tokens [start, end): a literal (strings joined by + . ..), a list of values, or dynamic.</summary>
        private CodeValue Evaluate(int start, int end)
        {
            // Keyword arguments: name=value (Python), name: value.
            if (end - start >= 2 && _tokens[start].Kind == TokenKind.Identifier && _tokens[start + 1].IsPunctuation('=')
                && !(start + 2 < end && _tokens[start + 2].IsPunctuation('=')))
            {
                var keyword = Evaluate(start + 2, end);
                return keyword with { Keyword = _tokens[start].Text };
            }
            if (start >= end) return CodeValue.Dynamic;

            var first = _tokens[start];
            if ((first.IsPunctuation('[') || first.IsPunctuation('(') && _language is CodeLanguage.Perl or CodeLanguage.Python)
                && _tokens[end - 1].Kind == TokenKind.Punctuation && _tokens[end - 1].Text is "]" or ")")
                return EvaluateList(start + 1, end - 1);
            if (first.IsPunctuation('{')) return CodeValue.Dynamic with { MentionsRecursive = Mentions(start, end, "recursive") };

            var text = new StringBuilder();
            var hidden = false;
            var dynamic = false;
            var anyString = false;
            var entries = false;
            for (var k = start; k < end; k++)
            {
                var token = _tokens[k];
                switch (token.Kind)
                {
                    case TokenKind.String:
                        text.Append(token.Text);
                        anyString = true;
                        hidden |= (token.Flags & TokenFlags.Hidden) != 0;
                        dynamic |= (token.Flags & TokenFlags.Dynamic) != 0;
                        continue;
                    case TokenKind.Punctuation when token.Text is "+" or "." or "," or ")" or "(" or "%":
                        // Trailing `.decode()` / `.encode()` / `.strip()` calls and concatenation keep a literal a literal.
                        continue;
                    case TokenKind.Punctuation when token.Text == "!" && _language == CodeLanguage.JavaScript && k > start:
                        // TypeScript's non-null assertion: `Deno.env.get("HOME")!`.
                        continue;
                    case TokenKind.Punctuation when token.Text == "/" && _language == CodeLanguage.Python && anyString:
                        // pathlib's `Path.home() / ".ssh"`.
                        text.Append('/');
                        continue;
                    case TokenKind.Identifier:
                        if (TryHome(k, end, out var homeText, out var afterHome))
                        {
                            text.Append(homeText);
                            anyString = true;
                            k = afterHome - 1;
                            continue;
                        }
                        if (TryPathFunction(k, end, out var joined, out var afterJoin))
                        {
                            text.Append(joined.Text);
                            anyString = true;
                            hidden |= joined.Hidden;
                            dynamic |= joined.IsPartlyDynamic;
                            entries |= joined.Entries;
                            k = afterJoin - 1;
                            continue;
                        }
                        if (TryDecoder(k, end, out var decoded, out var after))
                        {
                            if (decoded is null) dynamic = true;
                            else
                            {
                                text.Append(decoded);
                                anyString = true;
                                hidden = true;
                            }
                            k = after - 1;
                            continue;
                        }
                        if (k > start && IsMemberDot(k - 1) && token.Text is "decode" or "encode" or "strip" or "toString"
                            or "trim" or "join" or "format" or "lower" or "upper" or "chomp")
                            continue;
                        if (token.Text is "True" or "False" or "true" or "false" or "None" or "nil" or "undef") continue;
                        if (_variables.TryGetValue(token.Text, out var variable) && (k == start || !IsMemberDot(k - 1))
                            && !(k + 1 < end && _tokens[k + 1].IsPunctuation('(')))
                        {
                            text.Append(variable.Text);
                            anyString = true;
                            hidden |= variable.Hidden;
                            entries |= variable.Entries;
                            // os.scandir's entries: `e.path` is the entry's path.
                            if (variable.Entries && k + 2 < end && IsMemberDot(k + 1) && _tokens[k + 2].IsIdentifier("path")) k += 2;
                            continue;
                        }
                        dynamic = true;
                        text.Append(CodeTokenizer.DynamicMarker);
                        continue;
                    default:
                        dynamic = true;
                        continue;
                }
            }
            if (!anyString) return CodeValue.Dynamic with { MentionsRecursive = Mentions(start, end, "recursive") };
            return new CodeValue(text.ToString(), null, hidden, dynamic, Mentions(start, end, "recursive")) { Entries = entries };
        }

        private CodeValue EvaluateList(int start, int end)
        {
            var items = new List<CodeValue>();
            var depth = 0;
            var itemStart = start;
            for (var k = start; k < end; k++)
            {
                var token = _tokens[k];
                if (token.Kind != TokenKind.Punctuation) continue;
                var c = token.Text[0];
                if (c is '(' or '[' or '{') depth++;
                else if (c is ')' or ']' or '}') depth--;
                else if (c == ',' && depth == 0)
                {
                    if (k > itemStart) items.Add(Evaluate(itemStart, k));
                    itemStart = k + 1;
                }
            }
            if (end > itemStart) items.Add(Evaluate(itemStart, end));
            return new CodeValue(null, items, items.Exists(i => i.Hidden), false, false);
        }

        private bool Mentions(int start, int end, string word)
        {
            for (var k = start; k < end; k++)
            {
                if (_tokens[k].Kind == TokenKind.Identifier && TextSearch.ContainsIgnoringCase(_tokens[k].Text, word)) return true;
            }
            return false;
        }

        /// <summary><c>base64.b64decode('...')</c>, <c>atob('...')</c>, <c>Buffer.from('...', 'base64')</c>, <c>bytes.fromhex('...')</c>.</summary>
        private bool TryDecoder(int k, int end, out string? decoded, out int after)
        {
            decoded = null;
            after = k;
            if (IsMemberDot(k - 1)) return false;
            var (name, next, parts) = ReadChain(k);
            if (parts == 0 || next >= end || !_tokens[next].IsPunctuation('(')) return false;
            if (!_apis.TryGetValue(name, out var kind) && !CodeApis.Members.TryGetValue(name[(name.LastIndexOf('.') + 1)..], out kind)) return false;
            if (kind is not (ApiKind.Base64Decode or ApiKind.HexDecode)) return false;
            var arguments = ParseArguments(next, out after);
            if (arguments.Count == 0 || arguments[0].Text is not { } payload || arguments[0].IsPartlyDynamic) return true;
            if (name == "Buffer.from")
            {
                var encoding = arguments.Count > 1 ? arguments[1].Text : null;
                if (encoding is not ("base64" or "hex")) return false;
                kind = encoding == "hex" ? ApiKind.HexDecode : ApiKind.Base64Decode;
            }
            decoded = kind == ApiKind.HexDecode ? Decoding.PlainHex(payload) : Decoding.Base64(payload);
            return true;
        }

        /// <summary>AppleScript <c>do shell script "..."</c>.</summary>
        private void AppleScript(int i)
        {
            // "display dialog ... with hidden answer" (JXA: hiddenAnswer) asks for a password in a dialog the user takes for
            // the system's own.
            if (_tokens[i].IsIdentifier("hiddenAnswer")
                || _tokens[i].IsIdentifier("hidden") && i + 1 < _tokens.Count && _tokens[i + 1].IsIdentifier("answer"))
                _command.Add(EffectKind.Privilege, detail: "password-prompt");
            if (i + 3 < _tokens.Count && _tokens[i].IsIdentifier("do") && _tokens[i + 1].IsIdentifier("shell")
                && _tokens[i + 2].IsIdentifier("script"))
            {
                _process = true;
                var value = Evaluate(i + 3, Math.Min(_tokens.Count, i + 3 + ValueLength(i + 3)));
                RunValueAsShell(value);
            }
        }

        private int ValueLength(int start)
        {
            var k = start;
            while (k < _tokens.Count && (_tokens[k].Kind == TokenKind.String || _tokens[k].IsPunctuation('&'))) k++;
            return Math.Max(1, k - start);
        }

        /// <summary>awk: <c>"cmd" | getline</c> and <c>print | "cmd"</c> run commands.</summary>
        private void AwkPipes(int i)
        {
            var token = _tokens[i];
            if (i + 2 < _tokens.Count && _tokens[i + 1].IsPunctuation('|') && _tokens[i + 2].IsIdentifier("getline")
                || i > 0 && _tokens[i - 1].IsPunctuation('|') && !(i > 1 && _tokens[i - 2].IsPunctuation('|')))
            {
                _process = true;
                RunShell(token.Text, token.Flags);
            }
        }

        /// <summary>awk: <c>print &gt; "file"</c> / <c>&gt;&gt; "file"</c> writes the file.</summary>
        private void AwkRedirect(int i)
        {
            var k = i + 1;
            if (k < _tokens.Count && _tokens[k].IsPunctuation('>')) k++;
            if (k < _tokens.Count && _tokens[k].Kind == TokenKind.String)
            {
                var path = _tokens[k].Text;
                if (!path.StartsWith("/dev/std", StringComparison.Ordinal)) AddPath(EffectKind.Write, new CodeValue(path, null, false, false, false), EffectFlags.None);
            }
        }

        private static string LanguageName(CodeLanguage language) => language switch
        {
            CodeLanguage.Python => "python",
            CodeLanguage.JavaScript => "javascript",
            CodeLanguage.Perl => "perl",
            CodeLanguage.Ruby => "ruby",
            CodeLanguage.Php => "php",
            CodeLanguage.Lua => "lua",
            CodeLanguage.AppleScript => "applescript",
            CodeLanguage.R => "r",
            _ => "awk",
        };

        private void Finish()
        {
            if (_socket && (_process || _dup2 || _shellWord))
                _command.Add(EffectKind.ReverseShell, host: _host, detail: LanguageName(_language) + " socket");
            else if (_socket)
                _command.Add(EffectKind.Network, host: _host, detail: LanguageName(_language) + " socket");

            if (_fork && _loop && !_socket) _command.Add(EffectKind.ForkBomb, detail: LanguageName(_language));

            if (_firstUrl is not null) Programs.NetworkCommands.Contact(_command, _firstUrl);
            if (_network)
            {
                // A one-liner that reads secrets (or the whole environment) and talks to the network sends them.
                if (_wholeEnvironment) _command.Add(EffectKind.Upload, host: _host, detail: "environment");
                foreach (var read in _reads) _command.Add(EffectKind.Upload, path: read, host: _host, detail: "file");
            }
            if (_dynamicCode)
            {
                if (_network || _firstUrl is not null) _command.Add(EffectKind.ExecuteCode, host: _host, detail: "download");
                else _command.Add(EffectKind.ExecuteCode, detail: "inline", flags: EffectFlags.Unresolved);
            }
        }
    }

    /// <summary>The value of a code expression: literal text (maybe with dynamic parts), a list, or unknown.</summary>
    private readonly record struct CodeValue(string? Text, List<CodeValue>? Items, bool Hidden, bool IsPartlyDynamic, bool MentionsRecursive)
    {
        public static readonly CodeValue Dynamic = new(null, null, false, true, false);

        public string? Keyword { get; init; }

        /// <summary>The text names every entry of a directory (<c>/home/u/*</c>): a loop variable over a listing, or a path
        /// built from one. A path effect of it covers the directory's contents (Glob).</summary>
        public bool Entries { get; init; }

        public bool IsLiteral => Text is not null || Items is not null;
    }
}
