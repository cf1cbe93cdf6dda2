using System.Buffers;
using System.Text;
using System.Text.Json;
using Mstro.Bouncer;
using Mstro.Bouncer.Analysis;
using Mstro.Bouncer.Hook;
using Mstro.Bouncer.Policy;
using Mstro.Hook.Audit;
using Mstro.Hook;
using Mstro.Hook.Hosting;
using Mstro.Hook.Rules;

namespace Mstro.Cli.Check;

/// <summary><c>mstro check</c>: decides a Bash command, or a stream of hook payloads / audit lines, with the same rules
/// and the same guard against broken rules files as <c>mstro hook</c>, and explains which rule decided. It never writes
/// the audit log. Exit codes: see <see cref="ExitCodes"/>.</summary>
public sealed class CheckCommand
{
    private readonly Func<string, string?> _environment;
    private readonly TextWriter _output;
    private readonly TextWriter _error;
    private readonly IFileSystemView? _fileSystem;
    private readonly Dictionary<string, LoadedRules> _rulesByProject = new(StringComparer.Ordinal);

    public CheckCommand(Func<string, string?> environment, TextWriter output, TextWriter error, IFileSystemView? fileSystem = null)
    {
        _environment = environment;
        _output = output;
        _error = error;
        _fileSystem = fileSystem;
    }

    /// <summary>Decides one command line as the Bash tool would run it in <paramref name="cwd"/>.</summary>
    public int RunCommand(string command, bool json, string? cwd)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (!TryPaths(out var paths)) return ExitCodes.Error;
        var directory = Path.GetFullPath(cwd ?? Environment.CurrentDirectory);
        var environment = CallEnvironment.For(paths, directory, _environment("CLAUDE_PROJECT_DIR"), _environment);
        var rules = Rules(paths, environment.ProjectDir);

        Verdict verdict;
        try
        {
            verdict = new BouncerEngine(rules.RuleSet, _fileSystem).DecideCommand(command, environment);
        }
#pragma warning disable CA1031 // Report any failure of the engine as an error exit, with its message.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _error.WriteLine($"mstro check: could not decide the command: {e.Message}");
            return ExitCodes.Error;
        }
        verdict = RulesInForce.GuardAgainstBrokenFiles(verdict, rules.Errors, paths);

        if (json) WriteJsonVerdict(verdict, rules.Errors);
        else WriteHumanVerdict(verdict);
        return ExitCodes.For(verdict.Decision);
    }

    /// <summary>Decides each line of <paramref name="input"/> (a hook payload or an audit-log line) and writes one JSON
    /// line per input line, in order. A bad line yields an error object and processing continues.</summary>
    public int RunJsonLines(Stream input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!TryPaths(out var paths)) return ExitCodes.Error;
        var exitCode = ExitCodes.Allow;
        var anyError = false;
        foreach (var line in new LineReader(input, HookRunner.MaxPayloadBytes).ReadLines())
        {
            var result = DecideLine(line, paths);
            _output.WriteLine(result.Json);
            if (result.Failed) anyError = true;
            else if (result.Decision is { } decision) exitCode = Math.Max(exitCode, ExitCodes.For(decision));
        }
        _output.Flush();
        return anyError ? ExitCodes.Error : exitCode;
    }

    private readonly record struct LineResult(string Json, Decision? Decision, bool Failed);

    private LineResult DecideLine(LineReader.Line line, MstroPaths paths)
    {
        if (line.TooLong)
            return Failure(line.Number, $"the line is longer than the {HookRunner.MaxPayloadBytes / (1024 * 1024)} MB mstro accepts");
        if (line.Bytes.AsSpan().Trim(" \t"u8).IsEmpty) return Skipped(line.Number, "empty line");

        var invalidByte = Utf8Check.FirstInvalidByte(line.Bytes);
        if (invalidByte >= 0) return Failure(line.Number, $"not valid UTF-8 (byte {invalidByte + 1})");

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line.Bytes, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            return Failure(line.Number, $"not valid JSON (byte {e.BytePositionInLine + 1})");
        }

        using (document)
        {
            try
            {
                return AuditLine.IsAuditLine(document.RootElement)
                    ? DecideAuditLine(line.Number, AuditLine.Read(document.RootElement), paths)
                    : DecidePayload(line.Number, HookPayload.Parse(line.Bytes), _environment("CLAUDE_PROJECT_DIR"), paths, null);
            }
            catch (HookPayloadException e)
            {
                return Failure(line.Number, e.Message);
            }
            catch (FormatException e)
            {
                return Failure(line.Number, e.Message);
            }
#pragma warning disable CA1031 // One line's failure must not stop the others.
            catch (Exception e)
#pragma warning restore CA1031
            {
                return Failure(line.Number, $"internal error: {e.GetType().Name}: {e.Message}");
            }
        }
    }

    private LineResult DecideAuditLine(int number, AuditEntry entry, MstroPaths paths)
    {
        if (entry.Rule == HookRunner.BadPayloadRuleId)
            return Skipped(number, $"the logged payload was malformed (error id {entry.ErrorId}); nothing to re-decide");
        if (entry.Tool is null || entry.Cwd is null || entry.Input.ValueKind != JsonValueKind.Object)
            return Skipped(number, "the audit line records no call to re-decide");

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("hook_event_name", HookPayload.PreToolUse);
            if (entry.Session is not null) writer.WriteString("session_id", entry.Session);
            writer.WriteString("cwd", entry.Cwd);
            writer.WriteString("tool_name", entry.Tool);
            writer.WritePropertyName("tool_input");
            entry.Input.WriteTo(writer);
            writer.WriteEndObject();
        }
        return DecidePayload(number, HookPayload.Parse(buffer.WrittenSpan), entry.Project, paths, entry);
    }

    private LineResult DecidePayload(int number, HookPayload payload, string? projectHint, MstroPaths paths, AuditEntry? logged)
    {
        if (!payload.IsPreToolUse) return Skipped(number, $"not a PreToolUse event ({payload.HookEventName})");
        if (PayloadChecks.Problem(payload) is { } problem) return Failure(number, problem);
        var environment = CallEnvironment.For(paths, payload.Cwd!, projectHint, _environment);
        var rules = Rules(paths, environment.ProjectDir);
        var verdict = new BouncerEngine(rules.RuleSet, _fileSystem).Decide(payload, environment);
        verdict = RulesInForce.GuardAgainstBrokenFiles(verdict, rules.Errors, paths);

        var json = JsonLine(writer =>
        {
            writer.WriteNumber("line", number);
            writer.WriteString("tool", Text.Scrub(payload.ToolName ?? ""));
            VerdictJson.WriteProperties(writer, verdict);
            if (logged is not null)
            {
                writer.WriteStartObject("logged");
                writer.WriteString("decision", logged.Decision is null ? null : Text.Scrub(logged.Decision));
                writer.WriteString("rule", logged.Rule is null ? null : Text.Scrub(logged.Rule));
                if (logged.InputTruncated) writer.WriteBoolean("inputTruncated", true);
                writer.WriteEndObject();
            }
        });
        return new LineResult(json, verdict.Decision, false);
    }

    private static LineResult Failure(int number, string message) =>
        new(JsonLine(writer =>
        {
            writer.WriteNumber("line", number);
            writer.WriteString("error", Text.Scrub(message));
        }), null, true);

    private static LineResult Skipped(int number, string why) =>
        new(JsonLine(writer =>
        {
            writer.WriteNumber("line", number);
            writer.WriteString("skipped", Text.Scrub(why));
        }), null, false);

    private static string JsonLine(Action<Utf8JsonWriter> writeProperties)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, Text.Readable))
        {
            writer.WriteStartObject();
            writeProperties(writer);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private void WriteJsonVerdict(Verdict verdict, IReadOnlyList<RuleFileError> rulesErrors) =>
        _output.WriteLine(JsonLine(writer =>
        {
            VerdictJson.WriteProperties(writer, verdict);
            if (rulesErrors.Count == 0) return;
            writer.WriteStartArray("rulesFileErrors");
            foreach (var error in rulesErrors) writer.WriteStringValue(error.ToString());
            writer.WriteEndArray();
        }));

    private void WriteHumanVerdict(Verdict verdict)
    {
        _output.WriteLine($"decision  {verdict.Decision.ToWireString()}");
        _output.WriteLine($"rule      {verdict.RuleId}");
        _output.WriteLine($"reason    {verdict.Reason}");
        if (verdict.Findings.Count == 0)
        {
            _output.WriteLine("findings  none");
            return;
        }
        _output.WriteLine($"findings  {verdict.Findings.Count}");
        foreach (var finding in verdict.Findings)
            _output.WriteLine($"  - {AuditLine.SeverityName(finding.Severity)} {finding.RuleId}: {finding.Reason} (in: {finding.Evidence})");
    }

    private LoadedRules Rules(MstroPaths paths, string projectDir)
    {
        if (_rulesByProject.TryGetValue(projectDir, out var cached)) return cached;
        var rules = RulesInForce.Load(paths, projectDir);
        _rulesByProject[projectDir] = rules;
        foreach (var error in rules.Errors) _error.WriteLine($"mstro check: rules file error: {error}");
        foreach (var warning in rules.Warnings) _error.WriteLine($"mstro check: rules file warning: {warning}");
        return rules;
    }

    private bool TryPaths(out MstroPaths paths)
    {
        try
        {
            paths = MstroPaths.FromEnvironment(_environment);
            return true;
        }
        catch (InvalidOperationException e)
        {
            _error.WriteLine($"mstro check: {e.Message}");
            paths = null!;
            return false;
        }
    }
}
