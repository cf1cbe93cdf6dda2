using System.Globalization;
using System.Text.Json;
using Mstro.Bouncer.Analysis;

namespace Mstro.Bouncer.Policy;

/// <summary>The rules read from one file, or the errors that kept them out (a file with any error contributes no rules).</summary>
internal sealed record ParsedRuleFile(IReadOnlyList<Rule> Rules, IReadOnlyList<RuleFileError> Errors, IReadOnlyList<string> Warnings)
{
    public static readonly ParsedRuleFile Empty = new([], [], []);
}

/// <summary>Parses and validates a rules file (the format of Policy/README.md, shared by the built-in packs and the
/// users' files). Reports every problem it finds, each with the file, the 1-based line and the JSON path of the field,
/// and what is expected instead. AOT-safe: it reads a <see cref="JsonDocument"/>, no reflection.</summary>
internal sealed class RuleFileParser
{
    public const int SupportedVersion = 1;
    public const int MaxFileBytes = 1024 * 1024;
    public const int MaxRules = 10_000;
    public const int MaxIdLength = 100;
    public const int MaxReasonLength = 300;

    private static readonly string[] TopLevelFields = ["$schema", "version", "description", "rules"];

    /// <summary>Every accepted field name of a rule and the condition it sets (singular and plural spell the same one).</summary>
    private static readonly Dictionary<string, Field> RuleFields = new(StringComparer.Ordinal)
    {
        ["id"] = Field.Id,
        ["decision"] = Field.Decision,
        ["severity"] = Field.Severity,
        ["reason"] = Field.Reason,
        ["tool"] = Field.Tools,
        ["tools"] = Field.Tools,
        ["excludeTool"] = Field.ExcludeTools,
        ["excludeTools"] = Field.ExcludeTools,
        ["effect"] = Field.Effects,
        ["effects"] = Field.Effects,
        ["program"] = Field.Programs,
        ["programs"] = Field.Programs,
        ["excludeProgram"] = Field.ExcludePrograms,
        ["excludePrograms"] = Field.ExcludePrograms,
        ["command"] = Field.Commands,
        ["commands"] = Field.Commands,
        ["excludeCommand"] = Field.ExcludeCommands,
        ["excludeCommands"] = Field.ExcludeCommands,
        ["path"] = Field.Paths,
        ["paths"] = Field.Paths,
        ["excludePath"] = Field.ExcludePaths,
        ["excludePaths"] = Field.ExcludePaths,
        ["host"] = Field.Hosts,
        ["hosts"] = Field.Hosts,
        ["excludeHost"] = Field.ExcludeHosts,
        ["excludeHosts"] = Field.ExcludeHosts,
        ["detail"] = Field.Details,
        ["details"] = Field.Details,
        ["excludeDetail"] = Field.ExcludeDetails,
        ["excludeDetails"] = Field.ExcludeDetails,
        ["port"] = Field.Ports,
        ["ports"] = Field.Ports,
        ["flag"] = Field.Flags,
        ["flags"] = Field.Flags,
        ["excludeFlag"] = Field.ExcludeFlags,
        ["excludeFlags"] = Field.ExcludeFlags,
        ["project"] = Field.Projects,
        ["projects"] = Field.Projects,
    };

    /// <summary>Every field name a rule may have (the schema lists the same ones).</summary>
    public static IEnumerable<string> RuleFieldNames => RuleFields.Keys;

    /// <summary>Every field name the top level may have.</summary>
    public static IEnumerable<string> TopLevelFieldNames => TopLevelFields;

    private readonly byte[] _json;
    private readonly string _file;
    private readonly RuleSource _source;
    private readonly IReadOnlySet<string> _reservedIds;
    private readonly List<RuleFileError> _errors = [];
    private readonly List<string> _warnings = [];

    private RuleFileParser(byte[] json, string file, RuleSource source, IReadOnlySet<string> reservedIds)
    {
        _json = json;
        _file = file;
        _source = source;
        _reservedIds = reservedIds;
    }

    private enum Field
    {
        Id, Decision, Severity, Reason,
        Tools, ExcludeTools, Effects, Programs, ExcludePrograms, Commands, ExcludeCommands, Paths, ExcludePaths,
        Hosts, ExcludeHosts, Details, ExcludeDetails, Ports, Flags, ExcludeFlags, Projects,
    }

    /// <summary>Parses <paramref name="utf8"/> read from <paramref name="file"/>. Ids in <paramref name="reservedIds"/>
    /// (the built-in rules') may not be reused. Project files lose their allow rules, with a warning.</summary>
    public static ParsedRuleFile Parse(ReadOnlySpan<byte> utf8, string file, RuleSource source,
        IReadOnlySet<string>? reservedIds = null)
    {
        ReadOnlySpan<byte> byteOrderMark = [0xEF, 0xBB, 0xBF];
        if (utf8.StartsWith(byteOrderMark)) utf8 = utf8[3..];
        var parser = new RuleFileParser(utf8.ToArray(), file, source, reservedIds ?? new HashSet<string>());
        var rules = parser.ParseDocument();
        return parser._errors.Count > 0
            ? new ParsedRuleFile([], parser._errors, parser._warnings)
            : new ParsedRuleFile(rules, [], parser._warnings);
    }

    private List<Rule> ParseDocument()
    {
        if (_json.Length > MaxFileBytes)
        {
            AddError(0, "", $"the file is {_json.Length} bytes; a rules file may be at most {MaxFileBytes} bytes");
            return [];
        }
        if (_json.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            AddError(1, "", "the file is empty; a rules file looks like {\"version\": 1, \"rules\": [ ... ]}");
            return [];
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(_json, new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
                MaxDepth = 64,
            });
        }
        catch (JsonException e)
        {
            var message = e.Message;
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut >= 0) message = message[..cut];
            var column = (e.BytePositionInLine ?? 0) + 1;
            AddError((int)(e.LineNumber ?? 0) + 1, "", $"not valid JSON: {message.TrimEnd()} (column {column})");
            return [];
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                Error([], $"a rules file must be a JSON object like {{\"version\": 1, \"rules\": [ ... ]}}, not {Describe(root)}");
                return [];
            }
            if (!CheckTopLevel(root, out var rulesElement)) return [];
            return rulesElement is { } rules ? ParseRules(rules) : [];
        }
    }

    /// <summary>Checks version and the top-level fields; false when the version is missing or unsupported (then the
    /// rules are not looked at: a newer format would only produce noise).</summary>
    private bool CheckTopLevel(JsonElement root, out JsonElement? rules)
    {
        rules = null;
        var versionOk = false;
        var versionSeen = false;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            var occurrence = counts[property.Name] = counts.GetValueOrDefault(property.Name) + 1;
            if (occurrence > 1)
            {
                Error([property.Name], $"\"{property.Name}\" is given more than once", occurrence - 1);
                continue;
            }
            switch (property.Name)
            {
                case "$schema":
                case "description":
                    if (property.Value.ValueKind != JsonValueKind.String)
                        Error([property.Name], $"must be a string, not {Describe(property.Value)}");
                    break;
                case "version":
                    versionSeen = true;
                    if (property.Value.ValueKind != JsonValueKind.Number || !property.Value.TryGetInt32(out var version))
                        Error(["version"], $"must be the number {SupportedVersion}, not {Describe(property.Value)}");
                    else if (version != SupportedVersion)
                        Error(["version"], $"version {version} is not supported by this mstro (it reads version " +
                                           $"{SupportedVersion}); update mstro, or write the file in version {SupportedVersion}");
                    else
                        versionOk = true;
                    break;
                case "rules":
                    if (property.Value.ValueKind != JsonValueKind.Array)
                        Error(["rules"], $"must be an array of rules ([ {{...}}, ... ]), not {Describe(property.Value)}");
                    else
                        rules = property.Value;
                    break;
                default:
                    Error([property.Name], UnknownField(property.Name, TopLevelFields, "at the top level"));
                    break;
            }
        }
        if (!versionSeen) AddError(1, "version", $"\"version\" is missing: start the file with {{\"version\": {SupportedVersion}, ...");
        if (!counts.ContainsKey("rules")) AddError(1, "rules", "\"rules\" is missing: add \"rules\": [ ... ]");
        return versionOk;
    }

    private List<Rule> ParseRules(JsonElement rulesElement)
    {
        var count = rulesElement.GetArrayLength();
        if (count > MaxRules)
        {
            Error(["rules"], $"{count} rules is too many (at most {MaxRules})");
            return [];
        }
        var rules = new List<Rule>();
        var firstIndexOfId = new Dictionary<string, int>(StringComparer.Ordinal);
        var index = 0;
        foreach (var element in rulesElement.EnumerateArray())
        {
            var rule = ParseRule(element, index);
            if (rule is not null)
            {
                if (firstIndexOfId.TryGetValue(rule.Id, out var first))
                {
                    var firstLine = JsonLineLocator.FindLine(_json, Path("rules", first, "id"));
                    Error(Path("rules", index, "id"), $"duplicate id \"{rule.Id}\" (rules[{first}] on line {firstLine} has it too); ids must be unique");
                }
                else
                {
                    firstIndexOfId[rule.Id] = index;
                    if (rule.IsAllow && _source == RuleSource.Project)
                        Warn(Path("rules", index), $"allow rule \"{rule.Id}\" is ignored: a project's rules may only tighten " +
                                                   "mstro's (whoever wrote the repository wrote them); put it in ~/.mstro/bouncer.json if you trust it");
                    else
                        rules.Add(rule);
                }
            }
            index++;
        }
        return rules;
    }

    private Rule? ParseRule(JsonElement element, int index)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            Error(Path("rules", index), $"a rule must be an object ({{\"id\": ..., \"decision\": ..., ...}}), not {Describe(element)}");
            return null;
        }
        var errorsBefore = _errors.Count;
        var spelledAs = new Dictionary<Field, string>();
        var mistyped = new HashSet<Field>();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        string? id = null, decision = null, severityName = null, reason = null;
        var match = new RuleMatch();

        foreach (var property in element.EnumerateObject())
        {
            var name = property.Name;
            var value = property.Value;
            var path = Path("rules", index, name);
            var occurrence = counts[name] = counts.GetValueOrDefault(name) + 1;
            if (occurrence > 1)
            {
                Error(path, $"\"{name}\" is given more than once in this rule", occurrence - 1);
                continue;
            }
            if (!RuleFields.TryGetValue(name, out var field))
            {
                Error(path, UnknownField(name, RuleFields.Keys, "in a rule"));
                // A typo of a required field is reported once, not again as "missing".
                if (RuleVocabulary.Closest(name, RuleFields.Keys) is { } meant) mistyped.Add(RuleFields[meant]);
                continue;
            }
            if (spelledAs.TryGetValue(field, out var other))
            {
                Error(path, $"\"{name}\" and \"{other}\" are the same field; give it once (a string or an array)");
                continue;
            }
            spelledAs[field] = name;

            switch (field)
            {
                case Field.Id: id = RequiredString(value, path); break;
                case Field.Decision: decision = RequiredString(value, path); break;
                case Field.Severity: severityName = RequiredString(value, path); break;
                case Field.Reason: reason = RequiredString(value, path); break;
                case Field.Tools: match = match with { Tools = Globs(value, path, GlobKind.Text) }; break;
                case Field.ExcludeTools: match = match with { ExcludeTools = Globs(value, path, GlobKind.Text) }; break;
                case Field.Effects: match = match with { Effects = EffectKinds(value, path) }; break;
                case Field.Programs: match = match with { Programs = Globs(value, path, GlobKind.Text) }; break;
                case Field.ExcludePrograms: match = match with { ExcludePrograms = Globs(value, path, GlobKind.Text) }; break;
                case Field.Commands: match = match with { Commands = Globs(value, path, GlobKind.Text) }; break;
                case Field.ExcludeCommands: match = match with { ExcludeCommands = Globs(value, path, GlobKind.Text) }; break;
                case Field.Paths: match = match with { Paths = Globs(value, path, GlobKind.Path) }; break;
                case Field.ExcludePaths: match = match with { ExcludePaths = Globs(value, path, GlobKind.Path) }; break;
                case Field.Hosts: match = match with { Hosts = Globs(value, path, GlobKind.Text) }; break;
                case Field.ExcludeHosts: match = match with { ExcludeHosts = Globs(value, path, GlobKind.Text) }; break;
                case Field.Details: match = match with { Details = Globs(value, path, GlobKind.Text) }; break;
                case Field.ExcludeDetails: match = match with { ExcludeDetails = Globs(value, path, GlobKind.Text) }; break;
                case Field.Ports: match = match with { Ports = Ports(value, path) }; break;
                case Field.Flags: match = match with { Flags = FlagSet(value, path) }; break;
                case Field.ExcludeFlags: match = match with { ExcludeFlags = FlagSet(value, path) }; break;
                case Field.Projects: match = match with { Projects = Globs(value, path, GlobKind.Path) }; break;
            }
        }

        var rulePath = Path("rules", index);
        var given = spelledAs.Keys.Concat(mistyped).ToHashSet();
        CheckId(id, given.Contains(Field.Id), rulePath);
        var severity = CheckSeverity(decision, severityName, given, index, rulePath);
        reason = CheckReason(reason, id, severity, index, rulePath);
        var hasCondition = given.Any(field => field is not (Field.Id or Field.Decision or Field.Severity or Field.Reason));
        if (!hasCondition)
            Error(rulePath, "the rule has no condition and would match every call; add at least one of tool, effect, " +
                            "program, command, path, host, detail, port, flags or project");
        if ((match.Flags & match.ExcludeFlags) != 0)
            Error(Path("rules", index, spelledAs[Field.ExcludeFlags]),
                $"{string.Join(", ", RuleVocabulary.FlagNamesOf(match.Flags & match.ExcludeFlags))} is both required and " +
                "excluded, so the rule can never match");

        if (_errors.Count > errorsBefore || id is null || severity is null || reason is null) return null;
        if (severity == Severity.None && match.Effects is null && match.Programs is null && match.Commands is null
            && match.Paths is null && match.Hosts is null && match.Details is null && match.Ports is null)
            Warn(rulePath, $"allow rule \"{id}\" has no program, command, path, host or detail: it loosens every " +
                           "non-catastrophic finding of the calls it matches; narrow it if you did not mean that");
        else if (severity == Severity.None && match.Programs is null && match.Commands is null && match.Paths is null
                 && match.Hosts is null && match.Details is null && match.Ports is null)
            Warn(rulePath, $"allow rule \"{id}\" matches every {string.Join("/", match.Effects!.Select(RuleVocabulary.EffectName))} " +
                           "effect; narrow it with a path, program, command, host or detail if you did not mean that");
        return new Rule(id, severity.Value, reason, match, _source, _source == RuleSource.BuiltIn ? null : _file);
    }

    private void CheckId(string? id, bool given, JsonPathSegment[] rulePath)
    {
        JsonPathSegment[] idPath = [.. rulePath, "id"];
        if (id is null)
        {
            if (!given)
                Error(rulePath, "\"id\" is missing: give the rule a unique name such as \"my.no-terraform-destroy\"");
            return;
        }
        if (id.Length == 0 || id.Length > MaxIdLength || !char.IsAsciiLetterOrDigit(id[0])
            || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
            Error(idPath, $"\"{Shorten(id)}\" is not a valid id: use letters, digits, '.', '-' and '_' (at most " +
                          $"{MaxIdLength}, starting with a letter or digit), e.g. \"my.no-terraform-destroy\"");
        else if (_reservedIds.Contains(id))
            Error(idPath, $"\"{id}\" is the id of a built-in rule; choose another id (to loosen that rule, write an allow rule)");
    }

    private Severity? CheckSeverity(string? decision, string? severityName, HashSet<Field> given, int index,
        JsonPathSegment[] rulePath)
    {
        if (decision is not null && severityName is not null)
        {
            Error(Path("rules", index, "severity"), "give either \"decision\" (allow, ask, deny) or \"severity\", not both");
            return null;
        }
        if (decision is null && severityName is null)
        {
            if (!given.Contains(Field.Decision) && !given.Contains(Field.Severity))
                Error(rulePath, "\"decision\" is missing: say \"allow\", \"ask\" or \"deny\"");
            return null;
        }
        if (decision is not null)
        {
            var severity = RuleVocabulary.SeverityOfDecision(decision);
            if (severity is null)
                Error(Path("rules", index, "decision"), UnknownValue(decision, RuleVocabulary.DecisionNames, "decision"));
            else if (severity == Severity.None && _source == RuleSource.BuiltIn)
                Error(Path("rules", index, "decision"), "built-in packs cannot allow; narrow the rule with exclude fields instead");
            return severity;
        }

        var parsed = RuleVocabulary.ParseSeverity(severityName!);
        if (parsed is null)
            Error(Path("rules", index, "severity"), UnknownValue(severityName!, RuleVocabulary.SeverityNames, "severity"));
        else if (parsed == Severity.Catastrophic && _source != RuleSource.BuiltIn)
            Error(Path("rules", index, "severity"), "catastrophic is reserved for mstro's built-in packs; use " +
                                                    "\"decision\": \"deny\" (critical) instead");
        return parsed;
    }

    private string? CheckReason(string? reason, string? id, Severity? severity, int index, JsonPathSegment[] rulePath)
    {
        if (reason is null)
        {
            if (_source == RuleSource.BuiltIn)
            {
                Error(rulePath, "\"reason\" is missing (built-in rules must explain themselves)");
                return null;
            }
            var whose = _source == RuleSource.User ? "your rule" : "the project's rule";
            return severity switch
            {
                Severity.None => $"allowed by {whose} {id}",
                Severity.Ambiguous or Severity.Dangerous => $"{whose} {id} asks for a check",
                _ => $"denied by {whose} {id}",
            };
        }
        var reasonPath = Path("rules", index, "reason");
        if (reason.Trim().Length == 0) Error(reasonPath, "the reason is empty; say in one line why the rule exists");
        else if (reason.Length > MaxReasonLength) Error(reasonPath, $"the reason is {reason.Length} characters; keep it to one line of at most {MaxReasonLength}");
        else if (reason.Any(char.IsControl)) Error(reasonPath, "the reason must be one line (no newlines or control characters)");
        else if (!ReasonTemplate.TryParse(reason, out _, out var error)) Error(reasonPath, error!);
        return reason;
    }

    private string? RequiredString(JsonElement value, JsonPathSegment[] path)
    {
        if (value.ValueKind == JsonValueKind.String) return value.GetString();
        Error(path, $"must be a string, not {Describe(value)}");
        return null;
    }

    /// <summary>A string or an array of strings, each with its index in the array (-1 for a lone string) for errors.</summary>
    private List<(string Value, int Index)>? Strings(JsonElement value, JsonPathSegment[] path, string what)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return [(value.GetString()!, -1)];
            case JsonValueKind.Array:
                if (value.GetArrayLength() == 0)
                {
                    Error(path, $"an empty list matches nothing; remove the field or give at least one {what}");
                    return null;
                }
                var list = new List<(string, int)>(value.GetArrayLength());
                var i = 0;
                var ok = true;
                foreach (var item in value.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.String) list.Add((item.GetString()!, i));
                    else
                    {
                        Error(ItemPath(path, i), $"must be a string ({what}), not {Describe(item)}");
                        ok = false;
                    }
                    i++;
                }
                return ok ? list : null;
            default:
                Error(path, $"must be a string or an array of strings ({what}), not {Describe(value)}");
                return null;
        }
    }

    /// <summary>The path of an array item, or of the field itself for index -1 (a lone string).</summary>
    private static JsonPathSegment[] ItemPath(JsonPathSegment[] path, int index) => index < 0 ? path : [.. path, index];

    private string[]? Globs(JsonElement value, JsonPathSegment[] path, GlobKind kind)
    {
        var what = kind == GlobKind.Path ? "a path glob" : "a glob";
        var items = Strings(value, path, what);
        if (items is null) return null;
        var ok = true;
        foreach (var (pattern, index) in items)
        {
            if (!Glob.TryCompile(pattern, kind, ignoreCase: true, out _, out var error))
            {
                Error(ItemPath(path, index), $"bad glob: {error}");
                ok = false;
            }
        }
        if (!ok) return null;
        var patterns = new string[items.Count];
        for (var i = 0; i < patterns.Length; i++) patterns[i] = items[i].Value;
        return patterns;
    }

    private EffectKind[]? EffectKinds(JsonElement value, JsonPathSegment[] path)
    {
        var items = Strings(value, path, "an effect name");
        if (items is null) return null;
        var kinds = new List<EffectKind>();
        foreach (var (name, index) in items)
        {
            if (RuleVocabulary.TryParseEffect(name, out var kind)) kinds.Add(kind);
            else Error(ItemPath(path, index), UnknownValue(name, RuleVocabulary.EffectNames, "effect"));
        }
        return kinds.Count == items.Count ? [.. kinds] : null;
    }

    private EffectFlags FlagSet(JsonElement value, JsonPathSegment[] path)
    {
        var items = Strings(value, path, "a flag name");
        var flags = EffectFlags.None;
        if (items is null) return flags;
        foreach (var (name, index) in items)
        {
            if (RuleVocabulary.TryParseFlag(name, out var flag)) flags |= flag;
            else Error(ItemPath(path, index), UnknownValue(name, RuleVocabulary.FlagNames, "flag"));
        }
        return flags;
    }

    private string[]? Ports(JsonElement value, JsonPathSegment[] path)
    {
        var elements = value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Select((item, i) => (item, ItemPath(path, i)))]
            : new List<(JsonElement, JsonPathSegment[])> { (value, path) };
        if (elements.Count == 0)
        {
            Error(path, "an empty list matches nothing; remove the field or give at least one port");
            return null;
        }
        var ports = new List<string>();
        foreach (var (item, itemPath) in elements)
        {
            string? port = item.ValueKind switch
            {
                JsonValueKind.Number when item.TryGetInt32(out var number) && number is > 0 and <= 65535 =>
                    number.ToString(CultureInfo.InvariantCulture),
                JsonValueKind.String when item.GetString() == RuleMatch.MstroPortVariable => RuleMatch.MstroPortVariable,
                JsonValueKind.String when CompiledRule.ParsePort(item.GetString()!) is { } number =>
                    number.ToString(CultureInfo.InvariantCulture),
                _ => null,
            };
            if (port is null)
                Error(itemPath, $"a port is a number from 1 to 65535 or \"{RuleMatch.MstroPortVariable}\", not {Describe(item)}");
            else
                ports.Add(port);
        }
        return ports.Count == elements.Count ? [.. ports] : null;
    }

    private static string UnknownField(string name, IEnumerable<string> known, string where)
    {
        var closest = RuleVocabulary.Closest(name, known);
        return closest is null
            ? $"unknown field \"{name}\" {where}; known fields: {string.Join(", ", known.Order(StringComparer.Ordinal))}"
            : $"unknown field \"{name}\" {where}; did you mean \"{closest}\"?";
    }

    private static string UnknownValue(string value, IEnumerable<string> known, string what)
    {
        var closest = RuleVocabulary.Closest(value, known);
        return $"unknown {what} \"{Shorten(value)}\"" + (closest is null ? "" : $"; did you mean \"{closest}\"?") +
               $" (one of: {string.Join(", ", known)})";
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string \"{Shorten(value.GetString()!)}\"",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"{value.GetRawText()}",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";

    private static JsonPathSegment[] Path(params JsonPathSegment[] segments) => segments;

    private void Error(JsonPathSegment[] path, string message, int occurrence = 0) =>
        AddError(JsonLineLocator.FindLine(_json, path, occurrence), JsonPathSegment.Format(path), message);

    private void AddError(int line, string field, string message) => _errors.Add(new RuleFileError(_file, line, field, message));

    private void Warn(JsonPathSegment[] path, string message) =>
        _warnings.Add($"{_file}:{JsonLineLocator.FindLine(_json, path)}: {JsonPathSegment.Format(path)}: {message}");
}
