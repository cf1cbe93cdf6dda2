namespace Mstro.Review.Caching;

/// <summary>
/// The model's recent verdicts by call fingerprint: bounded (least recently used leave first) and short-lived
/// (an entry expires after the window). Only valid verdicts go in; failures are never cached.
/// </summary>
internal sealed class VerdictCache
{
    private readonly int _capacity;
    private readonly TimeSpan _window;
    private readonly TimeProvider _clock;
    private readonly Dictionary<string, LinkedListNode<Entry>> _index = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recency = new();
    private readonly Lock _gate = new();

    public VerdictCache(int capacity, TimeSpan window, TimeProvider clock)
    {
        _capacity = capacity;
        _window = window;
        _clock = clock;
    }

    public bool Enabled => _capacity > 0 && _window > TimeSpan.Zero;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _index.Count;
            }
        }
    }

    public bool TryGet(string fingerprint, out ModelVerdict verdict)
    {
        verdict = null!;
        if (!Enabled)
        {
            return false;
        }

        lock (_gate)
        {
            if (!_index.TryGetValue(fingerprint, out var node))
            {
                return false;
            }

            if (_clock.GetUtcNow() >= node.Value.ExpiresAt)
            {
                _recency.Remove(node);
                _index.Remove(fingerprint);
                return false;
            }

            _recency.Remove(node);
            _recency.AddFirst(node);
            verdict = node.Value.Verdict;
            return true;
        }
    }

    public void Set(string fingerprint, ModelVerdict verdict)
    {
        if (!Enabled)
        {
            return;
        }

        var entry = new Entry(fingerprint, verdict, _clock.GetUtcNow() + _window);
        lock (_gate)
        {
            if (_index.TryGetValue(fingerprint, out var existing))
            {
                _recency.Remove(existing);
            }
            else if (_index.Count >= _capacity && _recency.Last is { } leastRecent)
            {
                _recency.RemoveLast();
                _index.Remove(leastRecent.Value.Fingerprint);
            }

            _index[fingerprint] = _recency.AddFirst(entry);
        }
    }

    private sealed record Entry(string Fingerprint, ModelVerdict Verdict, DateTimeOffset ExpiresAt);
}
