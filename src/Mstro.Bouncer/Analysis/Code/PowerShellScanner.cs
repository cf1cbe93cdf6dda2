using System.Collections.Frozen;
using System.Text;

namespace Mstro.Bouncer.Analysis.Code;

/// <summary>What Layer 1 can tell of PowerShell (the PowerShell tool, <c>pwsh -c</c>, <c>-EncodedCommand</c>): a TCP
/// client wired to <c>Invoke-Expression</c> or to its stream (a reverse shell), a download run by
/// <c>Invoke-Expression</c>, and <c>Remove-Item</c> of a path it can name. Everything else is PowerShell Layer 1 does
/// not read, so the scan always adds an Unknown effect too (asked about). Bounded and linear.</summary>
internal static class PowerShellScanner
{
    public const string NotAnalysed = "PowerShell is not analysed";

    private const int MaxLength = 64 * 1024;
    private const int MaxTokens = 20_000;

    private static readonly FrozenSet<string> RemoveCommands = new[] { "remove-item", "ri", "rm", "rmdir", "del", "erase", "rd" }
        .ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> ListCommands = new[] { "get-childitem", "gci", "ls", "dir", "get-item", "gi" }
        .ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> Evaluators = new[] { "iex", "invoke-expression" }
        .ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly string[] Downloaders =
        ["downloadstring", "downloadfile", "downloaddata", "invoke-webrequest", "invoke-restmethod", "net.webclient", "start-bitstransfer"];

    private static readonly FrozenSet<string> DownloadAliases = new[] { "iwr", "irm", "curl", "wget" }
        .ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private readonly record struct Token(string Text, bool Quoted, bool Punctuation)
    {
        public bool Is(char c) => Punctuation && Text.Length == 1 && Text[0] == c;
    }

    /// <summary>Scans <paramref name="code"/>; effects go to <paramref name="sink"/> with <paramref name="invocation"/>
    /// (the pwsh command line, or null for the PowerShell tool) and <paramref name="inherited"/> flags.</summary>
    public static void Scan(string code, EffectSink sink, Invocation? invocation, EffectFlags inherited, string cwd)
    {
        var home = sink.Environment.Home;
        var tokens = Tokenize(code);

        var client = false;
        var evaluates = false;
        var stream = false;
        var downloads = false;
        string? host = null;
        string? url = null;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var text = token.Text;
            if (token.Quoted)
            {
                if (url is null && (text.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
                    || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase))) url = text;
                continue;
            }
            if (token.Punctuation) continue;
            if (text.Contains("tcpclient", StringComparison.OrdinalIgnoreCase))
            {
                client = true;
                host ??= FirstQuoted(tokens, i + 1);
            }
            else if (Evaluators.Contains(text)) evaluates = true;
            else if (text.Contains("getstream", StringComparison.OrdinalIgnoreCase)) stream = true;
            if (DownloadAliases.Contains(text) || Array.Exists(Downloaders, d => text.Contains(d, StringComparison.OrdinalIgnoreCase)))
                downloads = true;
            if (url is null && (text.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
                || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase))) url = text;
        }

        if (url is not null && NetworkAddress.HostOf(url) is { } contacted)
            sink.Add(new Effect(EffectKind.Network, invocation, null, contacted, url, inherited));
        if (client)
        {
            var hostName = host is null ? null : NetworkAddress.HostOf("tcp://" + host) ?? host.ToLowerInvariant();
            if (evaluates || stream)
                sink.Add(new Effect(EffectKind.ReverseShell, invocation, null, hostName, "powershell TCPClient", inherited));
            else sink.Add(new Effect(EffectKind.Network, invocation, null, hostName, host, inherited));
        }
        if (downloads && evaluates)
            sink.Add(new Effect(EffectKind.ExecuteCode, invocation, null, url is null ? null : NetworkAddress.HostOf(url), "download", inherited));

        Removals(tokens, sink, invocation, inherited, home, cwd);
        sink.Add(new Effect(EffectKind.Unknown, invocation, null, null, NotAnalysed, inherited));
    }

    /// <summary>Decodes <c>-EncodedCommand</c> text: base64 of UTF-16LE. Null when it is not that.</summary>
    public static string? DecodeEncodedCommand(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0 || trimmed.Length > MaxLength * 2) return null;
        var bytes = new byte[trimmed.Length];
        if (!Convert.TryFromBase64String(trimmed, bytes, out var length) || length % 2 != 0) return null;
        return Encoding.Unicode.GetString(bytes, 0, length);
    }

    private static string? FirstQuoted(List<Token> tokens, int from)
    {
        for (var k = from; k < tokens.Count && k < from + 8; k++)
        {
            if (tokens[k].Quoted) return tokens[k].Text;
            if (tokens[k].Is(';')) break;
        }
        return null;
    }

    /// <summary><c>Remove-Item [-Path] p[,p] [-Recurse] [-Force]</c> (and its aliases), also at the end of a pipeline
    /// fed by <c>Get-ChildItem p</c>. <c>-WhatIf</c> deletes nothing.</summary>
    private static void Removals(List<Token> tokens, EffectSink sink, Invocation? invocation, EffectFlags inherited, string home, string cwd)
    {
        string? listed = null;
        var start = true;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.Punctuation)
            {
                if (token.Text is ";" or "{" or "}" or "\n") listed = null;
                start = token.Text is ";" or "{" or "}" or "\n" or "|" or "(";
                continue;
            }
            if (!start || token.Quoted)
            {
                start = false;
                continue;
            }
            start = false;
            if (ListCommands.Contains(token.Text))
            {
                listed = Operands(tokens, i + 1, out _, out _, out _) is [var first, ..] ? first : ".";
                continue;
            }
            if (!RemoveCommands.Contains(token.Text)) continue;

            var paths = Operands(tokens, i + 1, out var recursive, out var force, out var whatIf);
            if (whatIf) continue;
            if (paths.Count == 0 && listed is not null) paths.Add(listed);
            var flags = inherited | (recursive ? EffectFlags.Recursive : EffectFlags.None) | (force ? EffectFlags.Force : EffectFlags.None);
            foreach (var path in paths)
            {
                var absolute = MapPath(path, home, cwd);
                if (absolute is null) sink.Add(new Effect(EffectKind.Delete, invocation, null, null, null, flags | EffectFlags.Unresolved));
                else sink.AddPath(EffectKind.Delete, invocation, absolute, flags | (absolute.EndsWith('*') ? EffectFlags.Glob : EffectFlags.None),
                    followLast: false);
            }
        }
    }

    /// <summary>The path operands of a cmdlet call up to the end of its statement or pipeline stage.</summary>
    private static List<string> Operands(List<Token> tokens, int from, out bool recursive, out bool force, out bool whatIf)
    {
        recursive = force = whatIf = false;
        var paths = new List<string>();
        for (var k = from; k < tokens.Count; k++)
        {
            var token = tokens[k];
            if (token.Punctuation)
            {
                if (token.Text == ",") continue;
                break;
            }
            var text = token.Text;
            if (!token.Quoted && text.Length > 1 && text[0] == '-')
            {
                var name = text.AsSpan(1).TrimEnd(':');
                var colon = name.IndexOf(':');
                if (colon >= 0) name = name[..colon];
                if (IsPrefixOf(name, "recurse", 1)) recursive = true;
                else if (IsPrefixOf(name, "force", 1)) force = true;
                else if (IsPrefixOf(name, "whatif", 1)) whatIf = true;
                else if (IsPrefixOf(name, "path", 1) || IsPrefixOf(name, "literalpath", 1) || name.Equals("lp", StringComparison.OrdinalIgnoreCase)
                    || name.Equals("pspath", StringComparison.OrdinalIgnoreCase))
                {
                    for (k++; k < tokens.Count && !tokens[k].Punctuation; k++)
                    {
                        paths.Add(tokens[k].Text);
                        if (k + 1 >= tokens.Count || !tokens[k + 1].Is(',')) break;
                        k++;
                    }
                }
                else if (colon < 0 && k + 1 < tokens.Count && !tokens[k + 1].Punctuation
                    && !(tokens[k + 1].Text.StartsWith('-') && !tokens[k + 1].Quoted)
                    && !IsPrefixOf(name, "confirm", 1) && !IsPrefixOf(name, "verbose", 1))
                    k++;
                continue;
            }
            paths.Add(text);
        }
        return paths;
    }

    private static bool IsPrefixOf(ReadOnlySpan<char> name, string parameter, int minimum) =>
        name.Length >= minimum && name.Length <= parameter.Length && parameter.AsSpan().StartsWith(name, StringComparison.OrdinalIgnoreCase);

    /// <summary>A PowerShell path as the rules see it: <c>~</c>, <c>$HOME</c>, <c>$env:HOME</c>, <c>$env:USERPROFILE</c> are the
    /// home; a drive root (<c>C:\</c>) is the root; backslashes are separators. Null when a variable is unknown.</summary>
    private static string? MapPath(string text, string home, string cwd)
    {
        var path = text.Replace('\\', '/');
        foreach (var prefix in (ReadOnlySpan<string>)["${env:HOME}", "${env:USERPROFILE}", "$env:HOME", "$env:USERPROFILE", "${HOME}", "$HOME"])
        {
            if (path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
                && (path.Length == prefix.Length || path[prefix.Length] == '/'))
            {
                path = home + path[prefix.Length..];
                break;
            }
        }
        if (path.StartsWith("$PWD", StringComparison.OrdinalIgnoreCase) && (path.Length == 4 || path[4] == '/')) path = cwd + path[4..];
        if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal)) path = home + path[1..];
        if (path.Length >= 2 && char.IsAsciiLetter(path[0]) && path[1] == ':' && (path.Length == 2 || path[2] == '/')) path = "/" + path[2..];
        if (path.Length == 0 || path.Contains('$', StringComparison.Ordinal)) return null;
        return PathText.Absolute(cwd, path);
    }

    /// <summary>Words, quoted strings and the punctuation that separates statements and arguments. Comments are
    /// dropped; <c>$(...)</c> and <c>@(...)</c> open a bracket like <c>(</c>.</summary>
    private static List<Token> Tokenize(string code)
    {
        var tokens = new List<Token>(Math.Min(code.Length / 4 + 4, 4096));
        var length = Math.Min(code.Length, MaxLength);
        var word = new StringBuilder();
        var i = 0;
        while (i < length && tokens.Count < MaxTokens)
        {
            var c = code[i];
            if (c is ' ' or '\t' or '\r')
            {
                i++;
                continue;
            }
            if (c == '#')
            {
                while (i < length && code[i] != '\n') i++;
                continue;
            }
            if (c == '<' && i + 1 < length && code[i + 1] == '#')
            {
                var end = code.IndexOf("#>", i + 2, length - i - 2, StringComparison.Ordinal);
                i = end < 0 ? length : end + 2;
                continue;
            }
            if (c is '\'' or '"')
            {
                var quote = c;
                word.Clear();
                i++;
                while (i < length)
                {
                    if (code[i] == quote)
                    {
                        if (i + 1 < length && code[i + 1] == quote)
                        {
                            word.Append(quote);
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    if (quote == '"' && code[i] == '`' && i + 1 < length)
                    {
                        word.Append(code[i + 1]);
                        i += 2;
                        continue;
                    }
                    word.Append(code[i++]);
                }
                i++;
                tokens.Add(new Token(word.ToString(), true, false));
                continue;
            }
            if (c is ';' or '\n' or '|' or '{' or '}' or '(' or ')' or ',' or '=' or '[' or ']')
            {
                tokens.Add(new Token(c.ToString(), false, true));
                i++;
                continue;
            }
            word.Clear();
            while (i < length && code[i] is not (' ' or '\t' or '\r' or '\n' or ';' or '|' or '{' or '}' or '(' or ')' or ',' or '='
                       or '\'' or '"' or '[' or ']'))
            {
                if (code[i] == '`' && i + 1 < length)
                {
                    word.Append(code[i + 1]);
                    i += 2;
                    continue;
                }
                word.Append(code[i++]);
            }
            if (word.Length > 0) tokens.Add(new Token(word.ToString(), false, false));
            else i++;
        }
        return tokens;
    }
}
