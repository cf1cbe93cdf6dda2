using System.Text;
using Mstro.Bouncer;
using Mstro.Bouncer.Analysis;
using Mstro.Bouncer.Hook;
using Mstro.Hook.Audit;
using Mstro.Hook.Hosting;
using Mstro.Hook.Logging;
using Mstro.Hook.Rules;

namespace Mstro.Hook;

/// <summary>One run of <c>mstro hook</c>: one payload in on stdin, Claude Code's hook JSON out on stdout, always exit 0.
/// <para>It never crashes into Claude Code's fail-open path and never answers allow by accident: a malformed payload
/// or an internal error is answered with ask, the reason carrying an error id under which the full error is in the
/// error log. Events other than PreToolUse get no answer. Every PreToolUse answer is appended to the audit log; a
/// log that cannot be written never changes the answer.</para></summary>
public sealed class HookRunner
{
    public const int MaxPayloadBytes = 4 * 1024 * 1024;
    public const string BadPayloadRuleId = "mstro.bad-payload";
    public const string InternalErrorRuleId = "mstro.internal-error";

    private readonly Func<string, string?> _environment;
    private readonly TimeProvider _clock;
    private readonly IHookBridge? _bridge;
    private readonly IFileSystemView? _fileSystem;
    private readonly int _maxPayloadBytes;

    /// <param name="environment">The process environment (HOME, CLAUDE_CONFIG_DIR, CLAUDE_PROJECT_DIR, TMPDIR...).</param>
    /// <param name="clock">Time of the audit line and the call's duration.</param>
    /// <param name="bridge">A running mstro server, when there is one (null: Layer 1 alone).</param>
    /// <param name="fileSystem">Symlink resolution (null: the real disk).</param>
    /// <param name="maxPayloadBytes">The largest payload accepted.</param>
    public HookRunner(Func<string, string?> environment, TimeProvider clock, IHookBridge? bridge = null,
        IFileSystemView? fileSystem = null, int maxPayloadBytes = MaxPayloadBytes)
    {
        _environment = environment;
        _clock = clock;
        _bridge = bridge;
        _fileSystem = fileSystem;
        _maxPayloadBytes = maxPayloadBytes;
    }

    /// <summary>Runs the hook once. Always returns 0: Claude Code reads the decision from stdout.</summary>
    public int Run(Stream stdin, Stream stdout, Stream stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        var started = _clock.GetTimestamp();
        var startedAt = _clock.GetUtcNow();
        MstroPaths? paths = null;
        Exception? pathsError = null;
        try
        {
            paths = MstroPaths.FromEnvironment(_environment);
        }
        catch (InvalidOperationException e)
        {
            pathsError = e;
        }
        var errors = new ErrorLog(() => paths?.ErrorLog, stderr, _clock);

        Outcome outcome;
        try
        {
            outcome = Decide(stdin, paths, pathsError, errors);
        }
#pragma warning disable CA1031 // The hook answers whatever went wrong; anything escaping here would fail open.
        catch (Exception e)
#pragma warning restore CA1031
        {
            outcome = InternalError(e, paths, errors, PayloadFields.None, null);
        }
        if (outcome.Verdict is null) return 0;

        byte[] answer;
        try
        {
            answer = HookOutput.PreToolUse(outcome.Verdict.Decision, HookReason.Format(outcome.Verdict));
        }
#pragma warning disable CA1031 // Even a verdict that cannot be written is answered, with ask.
        catch (Exception e)
#pragma warning restore CA1031
        {
            outcome = InternalError(e, paths, errors, outcome.Fields, outcome.Project);
            answer = HookOutput.PreToolUse(Decision.Ask, HookReason.Format(outcome.Verdict!));
        }
        var durationUs = _clock.GetElapsedTime(started).Ticks / TimeSpan.TicksPerMicrosecond;

        try
        {
            stdout.Write(answer);
            stdout.Flush();
        }
        catch (IOException e)
        {
            errors.Write(ErrorId.New(), "output", "could not write the answer to stdout", e);
        }

        if (paths is not null) AppendAudit(paths, outcome, startedAt, durationUs, errors);
        return 0;
    }

    private Outcome Decide(Stream stdin, MstroPaths? paths, Exception? pathsError, ErrorLog errors)
    {
        var input = PayloadReader.Read(stdin, _maxPayloadBytes);
        if (input.TooLarge)
            return BadPayload($"the hook payload is larger than the {_maxPayloadBytes / (1024 * 1024.0):0.#} MB mstro accepts",
                null, input, errors, PayloadFields.None);
        if (IsBlank(input.Span))
            return BadPayload("stdin was empty", null, input, errors, PayloadFields.None);

        var invalidByte = Utf8Check.FirstInvalidByte(input.Span);
        if (invalidByte >= 0)
            return BadPayload($"the hook payload is not valid UTF-8 (byte {invalidByte + 1})", null, input, errors, PayloadFields.None);

        HookPayload payload;
        try
        {
            payload = HookPayload.Parse(input.Span);
        }
        catch (HookPayloadException e)
        {
            var fields = PayloadFields.Read(input.Span);
            if (fields.EventName is not null && fields.EventName != HookPayload.PreToolUse)
            {
                // A malformed event of another kind: there is no tool call to decide, so nothing to answer.
                errors.Write(ErrorId.New(), "bad-payload", e.Message, e, Context(fields, input));
                return Outcome.NoAnswer;
            }
            return BadPayload(e.Message, e, input, errors, fields);
        }
        catch (InvalidOperationException e)
        {
            // System.Text.Json cannot turn a lone surrogate escape ("\ud800") into a string.
            return BadPayload("the hook payload has a string that is not valid Unicode (a lone surrogate escape)", e, input,
                errors, PayloadFields.Read(input.Span));
        }

        if (!payload.IsPreToolUse)
        {
            NotifyBridge(payload, input, errors);
            return Outcome.NoAnswer;
        }
        if (PayloadChecks.Problem(payload) is { } problem)
            return BadPayload(problem, null, input, errors, PayloadFields.Read(input.Span));

        var known = new PayloadFields(payload.HookEventName, payload.SessionId, payload.Cwd, payload.ToolName,
            payload.ToolUseId, payload.ToolInput);
        if (paths is null) return InternalError(pathsError!, null, errors, known, null);
        return DecideCall(payload, input, known, paths, errors);
    }

    /// <summary>Layer 1 on a well-formed PreToolUse call, the guard against broken rules files, then the bridge.</summary>
    private Outcome DecideCall(HookPayload payload, PayloadReader.Payload input, PayloadFields known, MstroPaths paths, ErrorLog errors)
    {
        string? project = null;
        try
        {
            var environment = CallEnvironment.For(paths, payload.Cwd!, _environment("CLAUDE_PROJECT_DIR"), _environment);
            project = environment.ProjectDir;
            var rules = RulesInForce.Load(paths, environment.ProjectDir);
            Verdict verdict;
            try
            {
                verdict = new BouncerEngine(rules.RuleSet, _fileSystem).Decide(payload, environment);
            }
            catch (HookPayloadException e)
            {
                return BadPayload(e.Message, e, input, errors, known) with { Project = environment.ProjectDir };
            }

            string? errorId = null;
            if (rules.Errors.Count > 0)
            {
                errorId = ErrorId.New();
                errors.Write(errorId, "rules-file", RulesInForce.Describe(rules.Errors, paths), null,
                    [new("errors", string.Join("\n", rules.Errors))]);
                var guarded = RulesInForce.GuardAgainstBrokenFiles(verdict, rules.Errors, paths);
                if (ReferenceEquals(guarded, verdict)) errorId = null;
                verdict = guarded;
            }

            verdict = ReviewWithBridge(payload, input, verdict, errors);
            return new Outcome(verdict, errorId, known, environment.ProjectDir);
        }
#pragma warning disable CA1031 // Same as in Run, but the payload's fields are known here, for the log.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return InternalError(e, paths, errors, known, project);
        }
    }

    private Verdict ReviewWithBridge(HookPayload payload, PayloadReader.Payload input, Verdict local, ErrorLog errors)
    {
        if (_bridge is null) return local;
        try
        {
            var reviewed = _bridge.Review(payload, input.Memory, local);
            // Layer 1's deny is final: nothing later may loosen it.
            return local.Decision == Decision.Deny && reviewed.Decision != Decision.Deny ? local : reviewed;
        }
#pragma warning disable CA1031 // A broken bridge never blocks or loosens: the local verdict stands.
        catch (Exception e)
#pragma warning restore CA1031
        {
            errors.Write(ErrorId.New(), "bridge", "the mstro server bridge failed; the local verdict stands", e);
            return local;
        }
    }

    private void NotifyBridge(HookPayload payload, PayloadReader.Payload input, ErrorLog errors)
    {
        if (_bridge is null) return;
        try
        {
            _bridge.Notify(payload, input.Memory);
        }
#pragma warning disable CA1031 // Notifications are best effort.
        catch (Exception e)
#pragma warning restore CA1031
        {
            errors.Write(ErrorId.New(), "bridge", "the mstro server bridge failed to take an event", e);
        }
    }

    private static Outcome BadPayload(string message, Exception? exception, PayloadReader.Payload input, ErrorLog errors,
        PayloadFields fields)
    {
        var id = ErrorId.New();
        errors.Write(id, "bad-payload", message, exception, Context(fields, input));
        var verdict = new Verdict(Decision.Ask, Severity.Ambiguous, BadPayloadRuleId,
            $"could not read the hook payload: {message} (error id {id}), so it asks", Layer.Rules, []);
        return new Outcome(verdict, id, fields, null);
    }

    private static Outcome InternalError(Exception exception, MstroPaths? paths, ErrorLog errors, PayloadFields fields,
        string? project)
    {
        var id = ErrorId.New();
        errors.Write(id, "internal", exception.Message, exception, Context(fields, null));
        var where = paths is null ? "stderr" : paths.ForDisplay(paths.ErrorLog);
        var verdict = new Verdict(Decision.Ask, Severity.Ambiguous, InternalErrorRuleId,
            $"hit an internal error and could not check this call (error id {id}; details in {where}), so it asks",
            Layer.Rules, []);
        return new Outcome(verdict, id, fields, project);
    }

    private static void AppendAudit(MstroPaths paths, Outcome outcome, DateTimeOffset startedAt, long durationUs, ErrorLog errors)
    {
        try
        {
            var (input, truncated) = InputSummary.From(outcome.Fields.ToolInput);
            var record = new AuditRecord(startedAt, outcome.Fields.Session, outcome.Fields.Cwd, outcome.Project,
                outcome.Fields.Tool, outcome.Fields.ToolUseId, input, truncated, outcome.Verdict!, outcome.ErrorId, durationUs);
            new AuditLog(paths.AuditLog).Append(record);
        }
#pragma warning disable CA1031 // A full disk or an unwritable log never changes the answer; it is reported instead.
        catch (Exception e)
#pragma warning restore CA1031
        {
            errors.Write(ErrorId.New(), "audit-log", $"could not append to the audit log {paths.AuditLog}: {e.Message}", e);
        }
    }

    private static List<KeyValuePair<string, string?>> Context(PayloadFields fields, PayloadReader.Payload? input)
    {
        var context = new List<KeyValuePair<string, string?>>
        {
            new("event", fields.EventName),
            new("session", fields.Session),
            new("tool", fields.Tool),
            new("toolUseId", fields.ToolUseId),
        };
        if (input is { } payload)
        {
            // The start of the payload as text (redacted): enough to see what arrived, bounded.
            var head = payload.Span[..Math.Min(payload.Length, 512)];
            context.Add(new("payloadBytes", payload.TooLarge ? $"more than {payload.Length}" : payload.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            context.Add(new("payloadStart", Encoding.UTF8.GetString(head)));
        }
        return context;
    }

    private static bool IsBlank(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) return false;
        return true;
    }

    /// <summary>What the run decided: the verdict (null when nothing is answered) and what the audit line records.</summary>
    private sealed record Outcome(Verdict? Verdict, string? ErrorId, PayloadFields Fields, string? Project)
    {
        public static readonly Outcome NoAnswer = new(null, null, PayloadFields.None, null);
    }
}
