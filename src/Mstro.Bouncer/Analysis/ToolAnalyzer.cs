using System.Text.Json;
using Mstro.Bouncer.Hook;

namespace Mstro.Bouncer.Analysis;

/// <summary>Effects of Claude Code's non-Bash tools: file tools are reads and writes of their (normalised,
/// link-resolved) path, WebFetch contacts its host, MCP tools by what their names and arguments say (see <see cref="McpTools"/>), PowerShell by its scanner.</summary>
internal static class ToolAnalyzer
{
    public static IReadOnlyList<Effect> Analyze(HookPayload payload, BouncerEnvironment environment, IFileSystemView fileSystem)
    {
        var analysis = new ShellAnalysis(environment, fileSystem);
        var sink = analysis.Sink;
        var tool = payload.ToolName ?? "";
        switch (tool)
        {
            case "Write" or "Edit" or "MultiEdit":
                var written = AbsolutePath(payload.RequiredInputString("file_path"), environment);
                sink.AddPath(EffectKind.Write, null, written, EffectFlags.None,
                    IsSettingsFile(written, environment) ? SettingsEdit(payload, written, fileSystem) : null);
                if (NewText(payload) is { } text) analysis.Persisted(written, text, new Scope(0, EffectFlags.None), remember: false);
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
                analysis.AnalyzePowerShell(payload.RequiredInputString("command"), environment.Cwd);
                break;
            default:
                if (tool.StartsWith("mcp__", StringComparison.Ordinal) && payload.ToolInput.ValueKind == JsonValueKind.Object)
                    McpTools.Analyze(tool, payload.ToolInput, analysis);
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
        if (SecretCarriers.InUrl(trimmed)) sink.Add(EffectKind.Upload, null, host: host, detail: SecretCarriers.Secret);
        else if (SecretCarriers.NamedInUrl(trimmed)) sink.Add(EffectKind.Upload, null, host: host, detail: SecretCarriers.NamedSecret);
    }

    /// <summary>A file tool's path: relative paths (Windows-style or not) resolve against the cwd, ~ against home.</summary>
    private static void FileEffect(EffectSink sink, EffectKind kind, string path, BouncerEnvironment environment,
        EffectFlags flags = EffectFlags.None) =>
        sink.AddPath(kind, null, AbsolutePath(path, environment), flags);

    private static string AbsolutePath(string path, BouncerEnvironment environment) =>
        PathText.Absolute(environment.Cwd, PathText.ExpandTilde(path.Replace('\\', '/'), environment.Home));

    /// <summary>Claude Code's settings files, the ones that hold hooks: settings*.json in Claude's config dir or in a
    /// .claude dir, managed-settings.json, ~/.claude.json.</summary>
    private static bool IsSettingsFile(string path, BouncerEnvironment environment)
    {
        var name = PathText.BaseName(path);
        if (name.StartsWith(".claude.json", StringComparison.OrdinalIgnoreCase)
            || name.Equals("managed-settings.json", StringComparison.OrdinalIgnoreCase)) return true;
        if (!name.StartsWith("settings", StringComparison.OrdinalIgnoreCase) || !name.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            return false;
        var directory = PathText.Parent(path);
        return directory == environment.ClaudeConfigDir || PathText.BaseName(directory).Equals(".claude", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The largest settings file read to compare its hooks with a Write's new content.</summary>
    private const int MaxSettingsBytes = 1024 * 1024;

    /// <summary>"hooks" when a file-tool edit of a settings file goes at its hooks: an Edit whose old text mentions mstro,
    /// hooks or the PreToolUse event, new text that disables every hook, or a Write whose content drops the mstro hook the file has now.</summary>
    private static string? SettingsEdit(HookPayload payload, string path, IFileSystemView fileSystem)
    {
        const string Hooks = "hooks";
        if (NewText(payload) is { } text && TextSearch.ContainsIgnoringCase(text, "disableAllHooks")) return Hooks;
        foreach (var old in OldTexts(payload))
            if (TextSearch.ContainsIgnoringCase(old, "mstro") || TextSearch.ContainsIgnoringCase(old, Hooks)
                || TextSearch.ContainsIgnoringCase(old, "PreToolUse"))
                return Hooks;
        if (payload.OptionalInputString("content") is { } content && !TextSearch.ContainsIgnoringCase(content, "mstro")
            && fileSystem.ReadText(path, MaxSettingsBytes) is { } current && TextSearch.ContainsIgnoringCase(current, "mstro"))
            return Hooks;
        return null;
    }

    /// <summary>Edit's old_string, MultiEdit's old_strings.</summary>
    private static IEnumerable<string> OldTexts(HookPayload payload)
    {
        if (payload.OptionalInputString("old_string") is { } old) yield return old;
        if (payload.ToolInput.ValueKind != JsonValueKind.Object
            || !payload.ToolInput.TryGetProperty("edits", out var edits) || edits.ValueKind != JsonValueKind.Array) yield break;
        foreach (var edit in edits.EnumerateArray())
        {
            if (edit.ValueKind == JsonValueKind.Object && edit.TryGetProperty("old_string", out var text)
                && text.ValueKind == JsonValueKind.String)
                yield return EditText(text, "old_string");
        }
    }

    /// <summary>A MultiEdit edit's text; JSON may escape a lone surrogate no .NET string can hold: a bad payload.</summary>
    private static string EditText(JsonElement value, string field)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            throw new HookPayloadException($"field \"tool_input.edits[].{field}\" is not valid text (it holds an unpaired UTF-16 surrogate)", e);
        }
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
                joined.Append(EditText(text, "new_string")).Append('\n');
        }
        return joined.Length == 0 ? null : joined.ToString();
    }
}
