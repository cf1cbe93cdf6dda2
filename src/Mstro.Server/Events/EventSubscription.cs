using System.Threading.Channels;

namespace Mstro.Server.Events;

/// <summary>One subscriber's view of the hub: the replay it asked for, then the live events in order. The live queue
/// is bounded and drops the oldest when the subscriber falls behind (<see cref="TakeDroppedCount"/> says how many),
/// so a slow subscriber never grows memory and never slows a publisher.</summary>
public sealed class EventSubscription : IDisposable
{
    private readonly EventHub _hub;
    private readonly Channel<ServerEvent> _live;
    private long _dropped;

    internal EventSubscription(EventHub hub, int capacity)
    {
        _hub = hub;
        _live = Channel.CreateBounded<ServerEvent>(
            new BoundedChannelOptions(capacity)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleReader = true,
                SingleWriter = false,
                AllowSynchronousContinuations = false,
            },
            _ => Interlocked.Increment(ref _dropped));
    }

    /// <summary>The buffered events the subscriber asked for (empty for a live-only subscription).</summary>
    public IReadOnlyList<ServerEvent> Replay { get; internal set; } = [];

    /// <summary>Set when the replay could not start right after the requested sequence number.</summary>
    public ReplayGap? Gap { get; internal set; }

    /// <summary>The newest sequence number when the subscription started: the replay ends there, live events follow it.</summary>
    public long StartSeq { get; internal set; }

    /// <summary>Live events, in sequence order, after <see cref="StartSeq"/>. Completes when disposed.</summary>
    public ChannelReader<ServerEvent> Live => _live.Reader;

    /// <summary>How many live events were dropped since the last call (the next event read comes after them).</summary>
    public long TakeDroppedCount() => Interlocked.Exchange(ref _dropped, 0);

    internal void Offer(ServerEvent serverEvent) => _live.Writer.TryWrite(serverEvent);

    public void Dispose()
    {
        _hub.Unsubscribe(this);
        _live.Writer.TryComplete();
    }
}
