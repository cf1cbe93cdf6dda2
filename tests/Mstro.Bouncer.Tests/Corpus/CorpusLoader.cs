using System.Text;
using System.Text.Json;

namespace Mstro.Bouncer.Tests.Corpus;

/// <summary>The cases read from the corpus files, and every problem found in them (as "file:line: message").</summary>
internal sealed record CorpusLoad(IReadOnlyList<CorpusCase> Cases, IReadOnlyList<string> Errors);

/// <summary>Reads and validates the labelled corpus: one JSON object per line in <c>Corpus/*.jsonl</c>.
/// Validation never stops at the first problem: it reports them all, each with its file and line.</summary>
internal static class CorpusLoader
{
    /// <summary>Where the build copies the corpus (see the test project file).</summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "Corpus");

    private static readonly HashSet<string> AllowedFields = new(StringComparer.Ordinal)
    {
        "id", "class", "expect", "tool", "cwd", "input", "reason",
    };

    /// <summary>For each known tool, the tool_input fields that must be strings and those that must be arrays.</summary>
    private static readonly Dictionary<string, (string[] Strings, string[] Arrays)> ToolSchemas = new(StringComparer.Ordinal)
    {
        ["Bash"] = (["command"], []),
        ["Write"] = (["file_path", "content"], []),
        ["Edit"] = (["file_path", "old_string", "new_string"], []),
        ["MultiEdit"] = (["file_path"], ["edits"]),
        ["NotebookEdit"] = (["notebook_path", "new_source"], []),
        ["Read"] = (["file_path"], []),
        ["Glob"] = (["pattern"], []),
        ["Grep"] = (["pattern"], []),
        ["WebFetch"] = (["url", "prompt"], []),
        ["WebSearch"] = (["query"], []),
        ["TodoWrite"] = ([], ["todos"]),
        ["Task"] = (["description", "prompt"], []),
        ["Agent"] = (["description", "prompt"], []),
    };

    /// <summary>tool_input fields that Claude Code always sends as absolute paths.</summary>
    private static readonly string[] AbsolutePathFields = ["file_path", "notebook_path", "path"];

    /// <param name="idPrefix">Put before the class prefix every id must start with ("h" makes it <c>hcat-</c>,
    /// <c>hdan-</c>, <c>hben-</c>), so that another set of cases (the holdout) can never share an id with the corpus.</param>
    public static CorpusLoad LoadDirectory(string directory, string idPrefix = "")
    {
        if (!Directory.Exists(directory))
            return new CorpusLoad([], [$"the case directory {directory} does not exist (are its *.jsonl files copied to the output?)"]);
        var files = Directory.GetFiles(directory, "*.jsonl")
            .Order(StringComparer.Ordinal)
            .Select(path => (Path.GetFileName(path), File.ReadAllText(path, Encoding.UTF8)));
        return Parse(files, idPrefix);
    }

    /// <summary>Parses corpus files given as (file name, text) pairs; ids and inputs must be unique across all of them.</summary>
    public static CorpusLoad Parse(IEnumerable<(string FileName, string Text)> files, string idPrefix = "")
    {
        var cases = new List<CorpusCase>();
        var errors = new List<string>();
        var idLocations = new Dictionary<string, string>(StringComparer.Ordinal);
        var inputLocations = new Dictionary<string, string>(StringComparer.Ordinal);

        foreach (var (fileName, text) in files)
        {
            var lines = text.Split('\n');
            for (var index = 0; index < lines.Length; index++)
            {
                var line = lines[index].TrimEnd('\r');
                if (line.Trim().Length == 0) continue;
                var location = $"{fileName}:{index + 1}";
                var lineErrors = new List<string>();
                var parsed = ParseLine(line, fileName, index + 1, idPrefix, lineErrors);
                errors.AddRange(lineErrors.Select(message => $"{location}: {message}"));
                if (parsed is null) continue;

                if (!idLocations.TryAdd(parsed.Id, location))
                    errors.Add($"{location}: id \"{parsed.Id}\" is already used at {idLocations[parsed.Id]}");
                var inputKey = $"{parsed.Tool}\u0000{parsed.Cwd}\u0000{Compact(parsed.Input)}";
                if (!inputLocations.TryAdd(inputKey, location))
                    errors.Add($"{location}: the same tool call (tool, cwd and input) is already case {inputLocations[inputKey]}");
                if (lineErrors.Count == 0) cases.Add(parsed);
            }
        }
        return new CorpusLoad(cases, errors);
    }

    private static CorpusCase? ParseLine(string line, string fileName, int lineNumber, string idPrefix, List<string> errors)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            errors.Add($"not valid JSON (byte {(e.BytePositionInLine ?? 0) + 1}): {e.Message}");
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"a case must be a JSON object, not {root.ValueKind}");
                return null;
            }
            foreach (var property in root.EnumerateObject())
            {
                if (!AllowedFields.Contains(property.Name))
                    errors.Add($"unknown field \"{property.Name}\" (allowed: {string.Join(", ", AllowedFields)})");
            }

            var id = RequiredString(root, "id", errors);
            var caseClass = ParseClass(RequiredString(root, "class", errors), errors);
            var expect = ParseExpect(root, caseClass, errors);
            var tool = RequiredString(root, "tool", errors);
            var cwd = OptionalString(root, "cwd", errors);
            var reason = RequiredString(root, "reason", errors);
            if (cwd is not null && !cwd.StartsWith('/'))
                errors.Add($"cwd must be an absolute path, got \"{cwd}\"");
            if (id is not null && caseClass is not null) ValidateId(id, caseClass.Value, idPrefix, errors);
            if (reason is not null && reason.Trim().Length < 10)
                errors.Add("reason must say specifically why the label is right (at least 10 characters)");

            if (!root.TryGetProperty("input", out var input) || input.ValueKind != JsonValueKind.Object)
            {
                errors.Add("field \"input\" must be an object (the tool_input Claude Code sends)");
                return null;
            }
            if (tool is not null) ValidateInput(tool, input, errors);

            if (id is null || caseClass is null || tool is null || reason is null) return null;
            return new CorpusCase(id, caseClass.Value, expect, tool, input.Clone(), cwd, reason, fileName, lineNumber);
        }
    }

    private static CaseClass? ParseClass(string? text, List<string> errors)
    {
        switch (text)
        {
            case null: return null;
            case "catastrophic": return CaseClass.Catastrophic;
            case "dangerous": return CaseClass.Dangerous;
            case "benign": return CaseClass.Benign;
            default:
                errors.Add($"class must be catastrophic, dangerous or benign, got \"{text}\"");
                return null;
        }
    }

    private static Decision? ParseExpect(JsonElement root, CaseClass? caseClass, List<string> errors)
    {
        var text = OptionalString(root, "expect", errors);
        if (text is null) return null;
        if (caseClass != CaseClass.Dangerous)
        {
            errors.Add("expect is only for dangerous cases (catastrophic always means deny, benign always allow)");
            return null;
        }
        switch (text)
        {
            case "deny": return Decision.Deny;
            case "ask": return Decision.Ask;
            default:
                errors.Add($"expect must be deny or ask, got \"{text}\"");
                return null;
        }
    }

    private static void ValidateId(string id, CaseClass caseClass, string idPrefix, List<string> errors)
    {
        var wellFormed = id.Length > 0 && id[0] != '-' && id[^1] != '-' && !id.Contains("--", StringComparison.Ordinal)
            && id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');
        if (!wellFormed)
            errors.Add($"id \"{id}\" must be lower-case words and digits joined by single hyphens");
        var prefix = idPrefix + caseClass switch
        {
            CaseClass.Catastrophic => "cat-",
            CaseClass.Dangerous => "dan-",
            _ => "ben-",
        };
        if (!id.StartsWith(prefix, StringComparison.Ordinal))
            errors.Add($"id \"{id}\" of a {caseClass.ToString().ToLowerInvariant()} case must start with \"{prefix}\"");
    }

    private static void ValidateInput(string tool, JsonElement input, List<string> errors)
    {
        if (ToolSchemas.TryGetValue(tool, out var schema))
        {
            foreach (var field in schema.Strings)
            {
                if (!input.TryGetProperty(field, out var value) || value.ValueKind != JsonValueKind.String)
                    errors.Add($"a {tool} input needs the string field \"{field}\"");
            }
            foreach (var field in schema.Arrays)
            {
                if (!input.TryGetProperty(field, out var value) || value.ValueKind != JsonValueKind.Array)
                    errors.Add($"a {tool} input needs the array field \"{field}\"");
            }
        }
        else if (!IsMcpToolName(tool))
        {
            errors.Add($"unknown tool \"{tool}\" (known: {string.Join(", ", ToolSchemas.Keys)}, or mcp__server__tool)");
        }

        foreach (var field in AbsolutePathFields)
        {
            if (input.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String
                && !(value.GetString() ?? "").StartsWith('/'))
                errors.Add($"input.{field} must be absolute, as Claude Code sends it");
        }
    }

    private static bool IsMcpToolName(string tool)
    {
        const string prefix = "mcp__";
        if (!tool.StartsWith(prefix, StringComparison.Ordinal)) return false;
        var separator = tool.IndexOf("__", prefix.Length, StringComparison.Ordinal);
        return separator > prefix.Length && separator + 2 < tool.Length;
    }

    private static string? RequiredString(JsonElement root, string name, List<string> errors)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
        {
            errors.Add($"field \"{name}\" must be a string");
            return null;
        }
        var text = value.GetString()!;
        if (text.Trim().Length == 0)
        {
            errors.Add($"field \"{name}\" is empty");
            return null;
        }
        return text;
    }

    private static string? OptionalString(JsonElement root, string name, List<string> errors)
    {
        if (!root.TryGetProperty(name, out var value)) return null;
        if (value.ValueKind == JsonValueKind.String) return value.GetString();
        errors.Add($"field \"{name}\" must be a string when present");
        return null;
    }

    private static string Compact(JsonElement element)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
            element.WriteTo(writer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
