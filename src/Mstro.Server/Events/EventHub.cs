using Mstro.Protocol.Events;

namespace Mstro.Server.Events;

/// <summary>In-process publish/subscribe for the feed: the WebSocket clients subscribe here, and so does the console
/// directly (no socket). Every event gets the next sequence number and goes into a bounded replay buffer;
/// publishing never blocks on a subscriber.</summary>
public sealed class EventHub
{
    private readonly Lock _lock = new();
    private readonly ServerEvent[] _ring;
    private readonly TimeProvider _time;
    private int _count;
    private int _next;
    private long _latestSeq;
    private EventSubscription[] _subscribers = [];

    public EventHub(int replayCapacity, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replayCapacity, 1);
        _ring = new ServerEvent[replayCapacity];
        _time = time;
        StartedAt = time.GetUtcNow();
    }

    public DateTimeOffset StartedAt { get; }

    public long LatestSeq
    {
        get { lock (_lock) return _latestSeq; }
    }

    /// <summary>The oldest sequence number still in the replay buffer (latest + 1 when it is empty).</summary>
    public long OldestSeq
    {
        get { lock (_lock) return _latestSeq - _count + 1; }
    }

    public int SubscriberCount => Volatile.Read(ref _subscribers).Length;

    public ServerEvent Publish(EventData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        lock (_lock)
        {
            var seq = _latestSeq + 1;
            var time = _time.GetUtcNow();
            var serverEvent = new ServerEvent(seq, time, data, EventJson.Envelope(seq, time, data));
            _latestSeq = seq;
            _ring[_next] = serverEvent;
            _next = (_next + 1) % _ring.Length;
            if (_count < _ring.Length) _count++;
            // Under the lock so that every subscriber sees events in sequence order; TryWrite never waits.
            foreach (var subscriber in _subscribers) subscriber.Offer(serverEvent);
            return serverEvent;
        }
    }

    /// <summary>Subscribes. With <paramref name="afterSeq"/>, the subscription's replay holds every buffered event after
    /// it (and a gap when some are gone); live events follow without loss or duplicate.</summary>
    public EventSubscription Subscribe(int queueCapacity, long? afterSeq = null)
    {
        var subscription = new EventSubscription(this, queueCapacity);
        lock (_lock)
        {
            subscription.StartSeq = _latestSeq;
            if (afterSeq is { } after) FillReplay(subscription, after);
            _subscribers = [.. _subscribers, subscription];
        }
        return subscription;
    }

    internal void Unsubscribe(EventSubscription subscription)
    {
        lock (_lock)
        {
            var index = Array.IndexOf(_subscribers, subscription);
            if (index < 0) return;
            _subscribers = [.. _subscribers.AsSpan(0, index), .. _subscribers.AsSpan(index + 1)];
        }
    }

    private void FillReplay(EventSubscription subscription, long afterSeq)
    {
        var oldest = _latestSeq - _count + 1;
        // Events after afterSeq are gone when they are older than the buffer, or when afterSeq came from an earlier
        // server (it is ahead of this one's numbering).
        if (afterSeq + 1 < oldest || afterSeq > _latestSeq)
        {
            subscription.Gap = new ReplayGap(afterSeq, oldest);
            afterSeq = oldest - 1;
        }
        var first = afterSeq + 1;
        var replay = new ServerEvent[_latestSeq - first + 1];
        for (var seq = first; seq <= _latestSeq; seq++)
        {
            var age = (int)(_latestSeq - seq); // 0 for the newest
            var index = ((_next - 1 - age) % _ring.Length + _ring.Length) % _ring.Length;
            replay[seq - first] = _ring[index];
        }
        subscription.Replay = replay;
    }
}
