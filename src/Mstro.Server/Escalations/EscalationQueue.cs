using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mstro.Bouncer;
using Mstro.Protocol;
using Mstro.Protocol.Escalations;
using Mstro.Protocol.Events;
using Mstro.Server.Decisions;
using Mstro.Server.Events;
using Mstro.Server.Remember;

namespace Mstro.Server.Escalations;

/// <summary>Layer 3: calls waiting for a person. Each has its own deadline and its own answer: several sessions can wait
/// at once and answering one never touches another. No answer by the deadline is an <c>ask</c>, never an allow; when
/// mstro stops, every waiting call gets <c>ask</c> at once. Every escalation is published (<c>escalation</c>) and so is
/// its end (<c>escalation-resolved</c>). Bounded: beyond <see cref="ServerOptions.MaxPendingEscalations"/> a call gets
/// <c>ask</c> without waiting.</summary>
public sealed class EscalationQueue : IEscalationAnswerer, IDisposable
{
    private const string IdAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";
    private const int IdLength = 6;
    private const int RecentCapacity = 512;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Pending> _waiting = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _recent = new(StringComparer.Ordinal);
    private readonly Queue<string> _recentOrder = new();
    private readonly EventHub _hub;
    private readonly TimeProvider _time;
    private readonly RememberedRules _rules;
    private readonly ILogger _logger;
    private readonly TimeSpan _timeout;
    private readonly int _capacity;
    private readonly CancellationToken _stopping;
    private readonly CancellationTokenRegistration _onStopping;
    private bool _stopped;

    internal EscalationQueue(ServerOptions options, EventHub hub, TimeProvider time, IHostApplicationLifetime lifetime,
        RememberedRules rules, ILogger<EscalationQueue> logger)
    {
        _hub = hub;
        _time = time;
        _rules = rules;
        _logger = logger;
        _timeout = options.EscalationTimeout;
        _capacity = options.MaxPendingEscalations;
        _stopping = lifetime.ApplicationStopping;
        _onStopping = _stopping.Register(ResolveAllForShutdown);
    }

    public int Count
    {
        get
        {
            lock (_lock) return _waiting.Count;
        }
    }

    /// <summary>Waits for a person's answer to <paramref name="call"/>. Returns allow or deny (layer 3) when a person
    /// answers, ask when the deadline passes or mstro stops. Throws <see cref="OperationCanceledException"/> when the
    /// hook stopped waiting (<paramref name="cancellationToken"/> fired while mstro runs).</summary>
    internal async Task<CallDecision> EscalateAsync(AmbiguousCall call, AiReviewInfo? review, string why, CancellationToken cancellationToken)
    {
        var payload = call.Payload;
        var now = _time.GetUtcNow();
        Pending waiting;
        lock (_lock)
        {
            if (_stopped || _stopping.IsCancellationRequested)
                return Decision(null, Bouncer.Decision.Ask, "human.shutdown",
                    "mstro is stopping, so no one can answer; Claude Code asks instead", review);
            if (_waiting.Count >= _capacity)
                return Decision(null, Bouncer.Decision.Ask, "human.queue-full",
                    $"{_waiting.Count} calls already wait for a person, so Claude Code asks instead. {why}", review);
            var id = NewId();
            var view = new EscalationEventData(
                id,
                payload.SessionId,
                payload.ToolUseId,
                payload.ToolName ?? "",
                payload.Cwd,
                call.ProjectDir ?? payload.Cwd,
                CallSummary.Of(payload),
                WireVerdict.From(call.Layer1),
                review,
                why,
                now,
                now + _timeout);
            waiting = new Pending(view, call);
            _waiting[id] = waiting;
        }

        var published = _hub.Publish(waiting.View);
        _logger.EscalationWaiting(waiting.View.Id, published.Seq, waiting.View.ToolName, (int)_timeout.TotalSeconds);
        _logger.EscalationShown(waiting.View.Id, (int)Math.Ceiling(_timeout.TotalSeconds), TerminalText.Safe(waiting.View.ToolName, 100),
            TerminalText.Safe(waiting.View.Summary, 300), TerminalText.Safe(why, 400));
        using var deadline = _time.CreateTimer(_ => Resolve(waiting.View.Id, EscalationOutcomes.TimedOut), null, _timeout, Timeout.InfiniteTimeSpan);
        using var abandoned = cancellationToken.Register(() =>
            Resolve(waiting.View.Id, _stopping.IsCancellationRequested ? EscalationOutcomes.Shutdown : EscalationOutcomes.Abandoned));
        var decision = await waiting.Completion.Task.ConfigureAwait(false);
        if (decision is null) throw new OperationCanceledException("the hook stopped waiting", cancellationToken);
        return decision;
    }

    public IReadOnlyList<EscalationEventData> Waiting()
    {
        lock (_lock) return [.. _waiting.Values.Select(w => w.View).OrderBy(v => v.CreatedAt)];
    }

    public Task<AnswerResult> AnswerAsync(string id, EscalationAnswer answer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(answer);
        Pending? waiting;
        lock (_lock)
        {
            if (!_waiting.TryGetValue(id, out waiting))
            {
                return Task.FromResult(_recent.TryGetValue(id, out var ended)
                    ? new AnswerResult(AnswerStatus.AlreadyResolved, $"escalation {id} is no longer waiting: {Describe(ended)}")
                    : new AnswerResult(AnswerStatus.NotFound, $"no escalation {id} (mstro escalations lists what waits)"));
            }
            if (waiting.Answering)
                return Task.FromResult(new AnswerResult(AnswerStatus.AlreadyResolved, $"escalation {id} is being answered already"));
            waiting.Answering = true;
        }

        RememberedRuleView? rule = null;
        if (answer.Remember is { } remember)
        {
            var remembered = _rules.Remember(waiting.Call, id, answer.Approve, remember);
            if (remembered.Rule is null)
            {
                lock (_lock) waiting.Answering = false;
                return Task.FromResult(new AnswerResult(AnswerStatus.RememberRefused,
                    $"{remembered.Problem} Nothing was written; escalation {id} still waits (answer without remembering, or fix this first)."));
            }
            rule = remembered.Rule;
        }

        var outcome = answer.Approve ? EscalationOutcomes.Approved : EscalationOutcomes.Denied;
        if (!Resolve(id, outcome, rule))
        {
            string? actual;
            lock (_lock) _recent.TryGetValue(id, out actual);
            var note = rule is null ? "" : $" The rule {rule.Id} was written to {rule.File} all the same: it decides the next identical call.";
            return Task.FromResult(new AnswerResult(AnswerStatus.AlreadyResolved, $"escalation {id} is no longer waiting: {Describe(actual)}.{note}"));
        }
        var decision = answer.Approve ? Bouncer.Decision.Allow : Bouncer.Decision.Deny;
        var message = $"{(answer.Approve ? "approved" : "denied")} escalation {id}" + (rule is null ? "" : rule.Existing
            ? $"; rule {rule.Id} was already in {rule.File}"
            : $"; remembered as rule {rule.Id} in {rule.File}");
        return Task.FromResult(new AnswerResult(AnswerStatus.Answered, message, new AnswerResponse(id, outcome, decision, rule)));
    }

    public void Dispose() => _onStopping.Dispose();

    /// <summary>Ends one escalation, first come first served (a person, the deadline, the hook leaving, shutdown).
    /// False when it had already ended.</summary>
    private bool Resolve(string id, string outcome, RememberedRuleView? rule = null)
    {
        Pending? waiting;
        lock (_lock)
        {
            if (!_waiting.Remove(id, out waiting)) return false;
            Remember(id, outcome);
        }
        var view = waiting.View;
        var decision = outcome switch
        {
            EscalationOutcomes.Approved => Decision(view, Bouncer.Decision.Allow, "human.approve",
                $"a person approved this call (escalation {id})" + (rule is null ? "" : $"; remembered as rule {rule.Id}"), view.Review),
            EscalationOutcomes.Denied => Decision(view, Bouncer.Decision.Deny, "human.deny",
                $"a person denied this call (escalation {id})" + (rule is null ? "" : $"; remembered as rule {rule.Id}"), view.Review),
            EscalationOutcomes.TimedOut => Decision(view, Bouncer.Decision.Ask, "human.timeout",
                $"no one answered within {_timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s (escalation {id}), so Claude Code asks. {view.Reason}", view.Review),
            EscalationOutcomes.Shutdown => Decision(view, Bouncer.Decision.Ask, "human.shutdown",
                $"mstro stopped while this call waited for a person (escalation {id}), so Claude Code asks. {view.Reason}", view.Review),
            _ => null,
        };
        _hub.Publish(new EscalationResolvedEventData(id, view.SessionId, outcome, decision?.Decision ?? Bouncer.Decision.Ask,
            decision?.Reason ?? "the hook stopped waiting (Claude Code ended the call)", rule, _time.GetUtcNow()));
        _logger.EscalationResolved(id, outcome);
        waiting.Completion.TrySetResult(decision);
        return true;
    }

    private void ResolveAllForShutdown()
    {
        List<string> ids;
        lock (_lock)
        {
            _stopped = true;
            ids = [.. _waiting.Keys];
        }
        foreach (var id in ids) Resolve(id, EscalationOutcomes.Shutdown);
    }

    private void Remember(string id, string outcome)
    {
        _recent[id] = outcome;
        _recentOrder.Enqueue(id);
        while (_recentOrder.Count > RecentCapacity) _recent.Remove(_recentOrder.Dequeue());
    }

    private string NewId()
    {
        Span<char> id = stackalloc char[IdLength];
        while (true)
        {
            for (var i = 0; i < IdLength; i++) id[i] = IdAlphabet[RandomNumberGenerator.GetInt32(IdAlphabet.Length)];
            var text = new string(id);
            if (!_waiting.ContainsKey(text) && !_recent.ContainsKey(text)) return text;
        }
    }

    private static CallDecision Decision(EscalationEventData? view, Decision decision, string ruleId, string reason, AiReviewInfo? review) =>
        new(decision, Layer.Human, ruleId, reason) { Review = review, EscalationId = view?.Id };

    private static string Describe(string? outcome) => outcome switch
    {
        EscalationOutcomes.Approved => "a person approved it",
        EscalationOutcomes.Denied => "a person denied it",
        EscalationOutcomes.TimedOut => "no one answered in time, so Claude Code asked",
        EscalationOutcomes.Shutdown => "mstro stopped",
        EscalationOutcomes.Abandoned => "the hook stopped waiting",
        _ => "it ended",
    };

    private sealed class Pending(EscalationEventData view, AmbiguousCall call)
    {
        public EscalationEventData View { get; } = view;
        public AmbiguousCall Call { get; } = call;
        public TaskCompletionSource<CallDecision?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public bool Answering { get; set; }
    }
}
