using System.Text.Json;
using Mstro.Bouncer.Hook;

namespace Mstro.Bouncer.Analysis;

/// <summary>Effects of Claude Code's non-Bash tools: file tools are reads and writes of their (normalised,
/// link-resolved) path, WebFetch contacts its host, MCP tools are scanned for paths and URLs they carry.</summary>
internal static class ToolAnalyzer
{
    private const int MaxJsonDepth = 16;
    private const int MaxStrings = 512;

    public static IReadOnlyList<Effect> Analyze(HookPayload payload, BouncerEnvironment environment, IFileSystemView fileSystem)
    {
        var analysis = new ShellAnalysis(environment, fileSystem);
        var sink = analysis.Sink;
        var tool = payload.ToolName ?? "";
        switch (tool)
        {
            case "Write" or "Edit" or "MultiEdit":
                var written = FileEffect(sink, EffectKind.Write, payload.RequiredInputString("file_path"), environment);
                if (NewText(payload) is { } text) analysis.Persisted(written, text, new Scope(0, EffectFlags.None));
                break;
            case "NotebookEdit":
                FileEffect(sink, EffectKind.Write, payload.RequiredInputString("notebook_path"), environment);
                break;
            case "Read":
                FileEffect(sink, EffectKind.Read, payload.RequiredInputString("file_path"), environment);
                break;
            case "Grep":
                if (payload.OptionalInputString("path") is { Length: > 0 } searched)
                    FileEffect(sink, EffectKind.Read, searched, environment, EffectFlags.Recursive);
                break;
            // Glob lists file names, like ls: no contents are read.
            case "WebFetch":
                WebFetch(sink, payload.RequiredInputString("url"));
                break;
            case "PowerShell":
                sink.Add(EffectKind.Unknown, null, detail: "PowerShell is not analysed");
                break;
            default:
                if (tool.StartsWith("mcp__", StringComparison.Ordinal) && payload.ToolInput.ValueKind == JsonValueKind.Object)
                {
                    var budget = MaxStrings;
                    ScanJson(sink, payload.ToolInput, environment, 0, ref budget);
                }
                break;
        }
        return sink.Effects;
    }

    private static void WebFetch(EffectSink sink, string url)
    {
        var trimmed = url.Trim();
        if (trimmed.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            var path = Uri.UnescapeDataString(trimmed[5..].TrimStart('/'));
            sink.AddPath(EffectKind.Read, null, PathText.Absolute("/", "/" + path), EffectFlags.None);
            return;
        }
        var host = NetworkAddress.HostOf(trimmed);
        sink.Add(EffectKind.Network, null, host: host, detail: trimmed, flags: host is null ? EffectFlags.Unresolved : EffectFlags.None);
    }

    /// <summary>A file tool's path: relative paths (Windows-style or not) resolve against the cwd, ~ against home.</summary>
    private static string FileEffect(EffectSink sink, EffectKind kind, string path, BouncerEnvironment environment,
        EffectFlags flags = EffectFlags.None)
    {
        var expanded = PathText.ExpandTilde(path.Replace('\\', '/'), environment.Home);
        var absolute = PathText.Absolute(environment.Cwd, expanded);
        sink.AddPath(kind, null, absolute, flags);
        return absolute;
    }

    /// <summary>The text a file tool puts into the file: Write's content, Edit's new_string, MultiEdit's new_strings.</summary>
    private static string? NewText(HookPayload payload)
    {
        if (payload.OptionalInputString("content") is { } content) return content;
        if (payload.OptionalInputString("new_string") is { } replacement) return replacement;
        if (payload.ToolInput.ValueKind != JsonValueKind.Object
            || !payload.ToolInput.TryGetProperty("edits", out var edits) || edits.ValueKind != JsonValueKind.Array) return null;
        var joined = new System.Text.StringBuilder();
        foreach (var edit in edits.EnumerateArray())
        {
            if (edit.ValueKind == JsonValueKind.Object && edit.TryGetProperty("new_string", out var text)
                && text.ValueKind == JsonValueKind.String)
                joined.Append(text.GetString()).Append('\n');
        }
        return joined.Length == 0 ? null : joined.ToString();
    }

    /// <summary>MCP tool arguments have no schema: any string that is an absolute path or a URL counts.</summary>
    private static void ScanJson(EffectSink sink, JsonElement element, BouncerEnvironment environment, int depth, ref int budget)
    {
        if (depth > MaxJsonDepth || budget <= 0) return;
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject()) ScanJson(sink, property.Value, environment, depth + 1, ref budget);
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray()) ScanJson(sink, item, environment, depth + 1, ref budget);
                break;
            case JsonValueKind.String:
                budget--;
                ScanString(sink, element.GetString() ?? "", environment);
                break;
        }
    }

    private static void ScanString(EffectSink sink, string text, BouncerEnvironment environment)
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
