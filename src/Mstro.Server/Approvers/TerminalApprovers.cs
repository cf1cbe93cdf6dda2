using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Mstro.Server.Security;

namespace Mstro.Server.Approvers;

/// <summary>The terminal sessions a person paired (by typing the code mstro showed on its console), in memory only.
/// A request over the approver socket is an approver's when the kernel says its process is in one of them: no token
/// exists that a file, an environment variable or another process could hold. A pairing ends when its session ends
/// (its leader exits), after <see cref="ServerOptions.ApproverSessionLifetime"/>, or when mstro stops.</summary>
public sealed class TerminalApprovers : IApproverCheck
{
    private const int MaxSessions = 16;

    private readonly Lock _lock = new();
    private readonly List<(TerminalSession Session, DateTimeOffset ExpiresAt)> _sessions = [];
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;

    public TerminalApprovers(TimeProvider time, IOptions<ServerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time;
        _lifetime = options.Value.ApproverSessionLifetime;
    }

    /// <summary>Pairs <paramref name="session"/> (again); returns when the pairing lapses.</summary>
    public DateTimeOffset Pair(TerminalSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var expiresAt = _time.GetUtcNow() + _lifetime;
        lock (_lock)
        {
            _sessions.RemoveAll(s => s.Session.SessionId == session.SessionId);
            if (_sessions.Count >= MaxSessions) _sessions.RemoveAt(0);
            _sessions.Add((session, expiresAt));
        }
        return expiresAt;
    }

    /// <summary>True when at least one paired session still lives (someone can answer).</summary>
    public bool AnyAlive()
    {
        Prune();
        lock (_lock) return _sessions.Count > 0;
    }

    public bool IsApprover(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return IsPaired(TerminalSession.OfPeer(context.Features.Get<IConnectionSocketFeature>()?.Socket, out _));
    }

    /// <summary>True when <paramref name="session"/> is paired and its pairing has not lapsed.</summary>
    public bool IsPaired(TerminalSession? session)
    {
        if (session is null) return false;
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            foreach (var (paired, expiresAt) in _sessions)
            {
                if (paired == session && now < expiresAt) return true;
            }
        }
        return false;
    }

    private void Prune()
    {
        List<(TerminalSession, DateTimeOffset)> sessions;
        lock (_lock) sessions = [.. _sessions];
        var now = _time.GetUtcNow();
        var gone = sessions.Where(s => now >= s.Item2 || !s.Item1.IsAlive()).Select(s => s.Item1).ToHashSet();
        if (gone.Count == 0) return;
        lock (_lock) _sessions.RemoveAll(s => gone.Contains(s.Session));
    }
}
