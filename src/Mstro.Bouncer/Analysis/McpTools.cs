using System.Collections.Frozen;
using System.Text;
using System.Text.Json;

namespace Mstro.Bouncer.Analysis;

/// <summary>MCP tools have no schema Layer 1 knows, but their names and argument names say a lot: a tool named like
/// process execution (<c>start_process</c>, <c>run</c>, <c>execute_command</c>) runs the string in its <c>command</c>
/// field, so that string is analysed as Bash; a tool named like writing, moving or deleting files does that to the
/// paths in its path fields (and what it writes is persisted content, as for the Write tool). Every other string is
/// scanned for absolute paths (reads) and URLs (hosts contacted).</summary>
internal static class McpTools
{
    private const int MaxJsonDepth = 16;
    private const int MaxStrings = 512;
    private const int MaxCommands = 8;

    [Flags]
    private enum ToolRole : byte
    {
        None = 0,
        Execute = 1 << 0,
        Write = 1 << 1,
        Delete = 1 << 2,
        Move = 1 << 3,
        Read = 1 << 4,
        Directory = 1 << 5,
    }

    /// <summary>Words of a tool's name (split on <c>_ - .</c> and case changes, lower case) and what they say it does.</summary>
    private static readonly FrozenDictionary<string, ToolRole> NameWords = new Dictionary<string, ToolRole>(StringComparer.Ordinal)
    {
        ["exec"] = ToolRole.Execute, ["execute"] = ToolRole.Execute, ["run"] = ToolRole.Execute, ["process"] = ToolRole.Execute,
        ["shell"] = ToolRole.Execute, ["terminal"] = ToolRole.Execute, ["command"] = ToolRole.Execute, ["cmd"] = ToolRole.Execute,
        ["bash"] = ToolRole.Execute, ["spawn"] = ToolRole.Execute, ["sh"] = ToolRole.Execute,
        ["write"] = ToolRole.Write, ["edit"] = ToolRole.Write, ["create"] = ToolRole.Write, ["append"] = ToolRole.Write,
        ["put"] = ToolRole.Write, ["upload"] = ToolRole.Write, ["save"] = ToolRole.Write, ["patch"] = ToolRole.Write,
        ["replace"] = ToolRole.Write, ["mkdir"] = ToolRole.Write, ["overwrite"] = ToolRole.Write, ["update"] = ToolRole.Write,
        ["delete"] = ToolRole.Delete, ["remove"] = ToolRole.Delete, ["rm"] = ToolRole.Delete, ["unlink"] = ToolRole.Delete,
        ["rmdir"] = ToolRole.Delete | ToolRole.Directory, ["trash"] = ToolRole.Delete,
        ["move"] = ToolRole.Move, ["rename"] = ToolRole.Move, ["mv"] = ToolRole.Move,
        ["read"] = ToolRole.Read, ["get"] = ToolRole.Read, ["list"] = ToolRole.Read, ["search"] = ToolRole.Read,
        ["cat"] = ToolRole.Read, ["view"] = ToolRole.Read, ["open"] = ToolRole.Read,
        ["directory"] = ToolRole.Directory, ["dir"] = ToolRole.Directory, ["folder"] = ToolRole.Directory, ["tree"] = ToolRole.Directory,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private enum FieldRole : byte
    {
        Other,
        Command,
        Arguments,
        Interpreter,
        WorkingDirectory,
        Path,
        Source,
        Destination,
        Content,
        Edits,
        Recursive,
    }

    /// <summary>Argument names (lower case, without <c>_</c> and <c>-</c>) and what they hold.</summary>
    private static readonly FrozenDictionary<string, FieldRole> FieldNames = new Dictionary<string, FieldRole>(StringComparer.Ordinal)
    {
        ["command"] = FieldRole.Command, ["cmd"] = FieldRole.Command, ["script"] = FieldRole.Command,
        ["commandline"] = FieldRole.Command, ["cmdline"] = FieldRole.Command, ["shellcommand"] = FieldRole.Command,
        ["input"] = FieldRole.Command,
        ["args"] = FieldRole.Arguments, ["arguments"] = FieldRole.Arguments, ["argv"] = FieldRole.Arguments,
        ["shell"] = FieldRole.Interpreter,
        ["cwd"] = FieldRole.WorkingDirectory, ["workdir"] = FieldRole.WorkingDirectory, ["workingdirectory"] = FieldRole.WorkingDirectory,
        ["workingdir"] = FieldRole.WorkingDirectory,
        ["path"] = FieldRole.Path, ["paths"] = FieldRole.Path, ["filepath"] = FieldRole.Path, ["file"] = FieldRole.Path,
        ["filename"] = FieldRole.Path, ["files"] = FieldRole.Path, ["target"] = FieldRole.Path, ["targetpath"] = FieldRole.Path,
        ["directory"] = FieldRole.Path, ["dir"] = FieldRole.Path, ["dirpath"] = FieldRole.Path, ["folder"] = FieldRole.Path,
        ["notebookpath"] = FieldRole.Path, ["outputpath"] = FieldRole.Path, ["output"] = FieldRole.Path,
        ["source"] = FieldRole.Source, ["sourcepath"] = FieldRole.Source, ["src"] = FieldRole.Source, ["from"] = FieldRole.Source,
        ["oldpath"] = FieldRole.Source,
        ["destination"] = FieldRole.Destination, ["destinationpath"] = FieldRole.Destination, ["dest"] = FieldRole.Destination,
        ["to"] = FieldRole.Destination, ["newpath"] = FieldRole.Destination,
        ["content"] = FieldRole.Content, ["contents"] = FieldRole.Content, ["text"] = FieldRole.Content, ["data"] = FieldRole.Content,
        ["newstring"] = FieldRole.Content, ["newtext"] = FieldRole.Content, ["newsource"] = FieldRole.Content,
        ["edits"] = FieldRole.Edits,
        ["recursive"] = FieldRole.Recursive, ["force"] = FieldRole.Recursive,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenSet<string> PowerShellNames = new[] { "powershell", "pwsh", "powershell.exe", "pwsh.exe" }
        .ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public static void Analyze(string tool, JsonElement input, ShellAnalysis analysis)
    {
        var roles = RolesOf(tool);
        var call = new McpCall(roles);
        var budget = MaxStrings;
        call.Collect(input, analysis.Environment, 0, ref budget, analysis.Sink);
        call.Apply(analysis);
        McpContent.Analyze(tool, input, analysis);
    }

    /// <summary>The roles the words of the tool part of <c>mcp__server__tool</c> suggest.</summary>
    private static ToolRole RolesOf(string tool)
    {
        var name = tool.AsSpan();
        var separator = name.LastIndexOf("__");
        if (separator >= 0) name = name[(separator + 2)..];
        var roles = ToolRole.None;
        var lookup = NameWords.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> lower = stackalloc char[64];
        var start = 0;
        for (var i = 0; i <= name.Length; i++)
        {
            var end = i == name.Length || name[i] is '_' or '-' or '.' or ' '
                || i > start && char.IsAsciiLetterUpper(name[i]) && char.IsAsciiLetterLower(name[i - 1]);
            if (!end) continue;
            var word = name[start..i];
            if (word.Length is > 0 and <= 64)
            {
                var length = word.ToLowerInvariant(lower);
                if (length > 0 && lookup.TryGetValue(lower[..length], out var role)) roles |= role;
            }
            start = i < name.Length && name[i] is '_' or '-' or '.' or ' ' ? i + 1 : i;
        }
        return roles;
    }

    private static FieldRole RoleOf(string property)
    {
        if (property.Length > 32) return FieldRole.Other;
        Span<char> normal = stackalloc char[32];
        var length = 0;
        foreach (var c in property)
        {
            if (c is '_' or '-') continue;
            normal[length++] = char.ToLowerInvariant(c);
        }
        return FieldNames.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(normal[..length], out var role) ? role : FieldRole.Other;
    }

    /// <summary>What one MCP call's arguments hold, gathered before anything is analysed (a command needs its cwd and
    /// arguments, a write needs its content).</summary>
    private sealed class McpCall(ToolRole roles)
    {
        private readonly List<string> _commands = [];
        private readonly List<string> _arguments = [];
        private readonly List<string> _paths = [];
        private readonly List<string> _sources = [];
        private readonly List<string> _destinations = [];
        private readonly StringBuilder _content = new();
        private string? _interpreter;
        private string? _cwd;
        private bool _recursive;

        private bool Executes => (roles & ToolRole.Execute) != 0;

        private bool ActsOnFiles => (roles & (ToolRole.Write | ToolRole.Delete | ToolRole.Move)) != 0;

        public void Collect(JsonElement element, BouncerEnvironment environment, int depth, ref int budget, EffectSink sink)
        {
            if (depth > MaxJsonDepth || budget <= 0) return;
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        if (budget <= 0) return;
                        if (!Field(RoleOf(property.Name), property.Value, ref budget))
                            Collect(property.Value, environment, depth + 1, ref budget, sink);
                    }
                    break;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray()) Collect(item, environment, depth + 1, ref budget, sink);
                    break;
                case JsonValueKind.String:
                    budget--;
                    ScanString(sink, Text(element), environment);
                    break;
            }
        }

        /// <summary>Takes a field the tool's role gives a meaning; false leaves it to the generic scan.</summary>
        private bool Field(FieldRole role, JsonElement value, ref int budget)
        {
            switch (role)
            {
                case FieldRole.Command when Executes && value.ValueKind == JsonValueKind.String:
                    budget--;
                    if (_commands.Count < MaxCommands) _commands.Add(Text(value));
                    return true;
                case FieldRole.Arguments when Executes && value.ValueKind == JsonValueKind.Array:
                    foreach (var item in value.EnumerateArray())
                    {
                        if (budget-- <= 0) break;
                        if (item.ValueKind is JsonValueKind.String or JsonValueKind.Number) _arguments.Add(item.ToString());
                    }
                    return true;
                case FieldRole.Arguments when Executes && value.ValueKind == JsonValueKind.String:
                    budget--;
                    _arguments.Add(Text(value));
                    return true;
                case FieldRole.Interpreter when Executes && value.ValueKind == JsonValueKind.String:
                    budget--;
                    var interpreter = Text(value).Trim();
                    // `"shell": "bash"` names the interpreter; anything with blanks is a command.
                    if (interpreter.AsSpan().IndexOfAny(' ', '\t', '\n') < 0) _interpreter = PathText.BaseName(interpreter);
                    else if (_commands.Count < MaxCommands) _commands.Add(interpreter);
                    return true;
                case FieldRole.WorkingDirectory when value.ValueKind == JsonValueKind.String:
                    budget--;
                    _cwd = Text(value);
                    return true;
                case FieldRole.Path or FieldRole.Source or FieldRole.Destination when ActsOnFiles || (roles & ToolRole.Read) != 0:
                    return Paths(role, value, ref budget);
                case FieldRole.Content when ActsOnFiles && value.ValueKind == JsonValueKind.String:
                    budget--;
                    _content.Append(Text(value)).Append('\n');
                    return true;
                case FieldRole.Edits when ActsOnFiles && value.ValueKind == JsonValueKind.Array:
                    foreach (var edit in value.EnumerateArray())
                    {
                        if (edit.ValueKind != JsonValueKind.Object) continue;
                        foreach (var property in edit.EnumerateObject())
                        {
                            if (budget-- <= 0) return true;
                            if (RoleOf(property.Name) == FieldRole.Content && property.Value.ValueKind == JsonValueKind.String)
                                _content.Append(Text(property.Value)).Append('\n');
                        }
                    }
                    return true;
                case FieldRole.Recursive when value.ValueKind == JsonValueKind.True:
                    _recursive = true;
                    return true;
                default:
                    return false;
            }
        }

        private bool Paths(FieldRole role, JsonElement value, ref int budget)
        {
            var into = role switch
            {
                FieldRole.Source => _sources,
                FieldRole.Destination => _destinations,
                _ => _paths,
            };
            if (value.ValueKind == JsonValueKind.String)
            {
                budget--;
                into.Add(Text(value));
                return true;
            }
            if (value.ValueKind != JsonValueKind.Array) return false;
            foreach (var item in value.EnumerateArray())
            {
                if (budget-- <= 0) break;
                if (item.ValueKind == JsonValueKind.String) into.Add(Text(item));
            }
            return true;
        }

        public void Apply(ShellAnalysis analysis)
        {
            var environment = analysis.Environment;
            var sink = analysis.Sink;
            var cwd = _cwd is { Length: > 0 } dir ? AbsolutePath(dir, environment.Cwd, environment) : environment.Cwd;

            if (Executes) RunCommands(analysis, cwd);

            var recursive = _recursive || (roles & ToolRole.Directory) != 0 ? EffectFlags.Recursive : EffectFlags.None;
            if ((roles & ToolRole.Move) != 0)
            {
                var sources = _sources.Count > 0 ? _sources : _destinations.Count > 0 ? _paths : [];
                var destinations = _destinations.Count > 0 ? _destinations : _sources.Count > 0 ? _paths : [];
                foreach (var source in sources)
                {
                    var path = AbsolutePath(source, cwd, environment);
                    sink.AddPath(EffectKind.Read, null, path, EffectFlags.None);
                    sink.AddPath(EffectKind.Delete, null, path, EffectFlags.None, followLast: false);
                }
                foreach (var destination in destinations) Write(analysis, AbsolutePath(destination, cwd, environment));
            }
            else if ((roles & ToolRole.Delete) != 0)
            {
                foreach (var target in _paths)
                    sink.AddPath(EffectKind.Delete, null, AbsolutePath(target, cwd, environment), recursive, followLast: false);
            }
            else if ((roles & ToolRole.Write) != 0)
            {
                foreach (var target in _paths) Write(analysis, AbsolutePath(target, cwd, environment));
                foreach (var target in _destinations) Write(analysis, AbsolutePath(target, cwd, environment));
                foreach (var source in _sources) sink.AddPath(EffectKind.Read, null, AbsolutePath(source, cwd, environment), EffectFlags.None);
            }
            else
            {
                foreach (var target in _paths) sink.AddPath(EffectKind.Read, null, AbsolutePath(target, cwd, environment), recursive);
                foreach (var target in _sources) sink.AddPath(EffectKind.Read, null, AbsolutePath(target, cwd, environment), recursive);
            }
        }

        private void Write(ShellAnalysis analysis, string path)
        {
            analysis.Sink.AddPath(EffectKind.Write, null, path, EffectFlags.None);
            if (_content.Length > 0) analysis.Persisted(path, _content.ToString(), new Scope(0, EffectFlags.None), remember: false);
        }

        /// <summary>The command fields (with the argument list appended, quoted) run as shell text one level down;
        /// a tool that says its interpreter is PowerShell gets them scanned as PowerShell.</summary>
        private void RunCommands(ShellAnalysis analysis, string cwd)
        {
            var arguments = new StringBuilder();
            foreach (var argument in _arguments) arguments.Append(' ').Append(ShellQuote(argument));
            var commands = _commands.Count > 0 ? _commands : arguments.Length > 0 ? [""] : [];
            foreach (var command in commands)
            {
                var text = command + arguments.ToString();
                if (text.Trim().Length == 0) continue;
                if (_interpreter is { } shell && PowerShellNames.Contains(shell)) analysis.AnalyzePowerShell(text, cwd);
                else analysis.AnalyzeNested(text, cwd, 1);
            }
        }
    }

    /// <summary>Single-quotes an argument so the shell analysis reads it as one literal word.</summary>
    private static string ShellQuote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string AbsolutePath(string path, string cwd, BouncerEnvironment environment) =>
        PathText.Absolute(cwd, PathText.ExpandTilde(path.Trim().Replace('\\', '/'), environment.Home));

    /// <summary>A string value; JSON may escape a lone surrogate no .NET string can hold, which is kept as nothing.</summary>
    private static string Text(JsonElement value)
    {
        try
        {
            return value.GetString() ?? "";
        }
        catch (InvalidOperationException)
        {
            return "";
        }
    }

    /// <summary>Any string that is an absolute path or a URL counts: a path is a read, a URL a contacted host.</summary>
    internal static void ScanString(EffectSink sink, string text, BouncerEnvironment environment)
    {
        if (text.Length == 0) return;
        var trimmed = text.Trim();
        if ((trimmed.StartsWith('/') || trimmed.StartsWith("~/", StringComparison.Ordinal) || trimmed == "~")
            && !trimmed.Contains('\n', StringComparison.Ordinal) && trimmed.Length < 4096)
        {
            sink.AddPath(EffectKind.Read, null, PathText.Absolute(environment.Cwd, PathText.ExpandTilde(trimmed, environment.Home)), EffectFlags.None);
        }
        else if (trimmed.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
        {
            sink.AddPath(EffectKind.Read, null, PathText.Absolute(environment.Cwd, Uri.UnescapeDataString(trimmed[7..])), EffectFlags.None);
        }

        for (var at = IndexOfUrl(text, 0); at >= 0; at = IndexOfUrl(text, at + 1))
        {
            var end = at;
            while (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] is not ('"' or '\'' or '<' or '>' or ')')) end++;
            var url = text[at..end];
            var host = NetworkAddress.HostOf(url);
            if (host is not null) sink.Add(EffectKind.Network, null, host: host, detail: url);
        }
    }

    private static int IndexOfUrl(string text, int from)
    {
        var http = text.IndexOf("http://", from, StringComparison.OrdinalIgnoreCase);
        var https = text.IndexOf("https://", from, StringComparison.OrdinalIgnoreCase);
        if (http < 0) return https;
        if (https < 0) return http;
        return Math.Min(http, https);
    }
}
