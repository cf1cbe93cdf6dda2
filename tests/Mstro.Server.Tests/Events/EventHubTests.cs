using Mstro.Protocol.Events;
using Mstro.Server.Events;

namespace Mstro.Server.Tests.Events;

/// <summary>The in-process hub alone (the console subscribes here directly).</summary>
public sealed class EventHubTests
{
    [Fact]
    public void EventsGetConsecutiveSequenceNumbersAndOneSerialization()
    {
        var hub = new EventHub(8, TimeProvider.System);

        var first = hub.Publish(Data("a"));
        var second = hub.Publish(Data("b"));

        Assert.Equal(1, first.Seq);
        Assert.Equal(2, second.Seq);
        var json = System.Text.Json.JsonDocument.Parse(second.Json).RootElement;
        Assert.Equal(2, json.GetProperty("seq").GetInt64());
        Assert.Equal("session", json.GetProperty("type").GetString());
        Assert.Equal("b", json.GetProperty("data").GetProperty("detail").GetString());
    }

    [Fact]
    public void EventJsonEscapesTerminalControlAndBidiCharacters()
    {
        var hub = new EventHub(8, TimeProvider.System);

        // An agent-chosen command must not drive the terminal of whoever reads `mstro feed` (colours, cursor moves,
        // right-to-left overrides that show a different command than the one that ran).
        var published = hub.Publish(Data("rm -rf \u001b[2J\u009b31m \u202Egnp.exe"));

        var text = System.Text.Encoding.UTF8.GetString(published.Json.Span);
        Assert.DoesNotContain('\u001b', text);
        Assert.DoesNotContain('\u009b', text);
        Assert.DoesNotContain('\u202E', text);
        Assert.Contains("\\u001B[2J", text, StringComparison.Ordinal);
        Assert.Contains("\\u202E", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ASubscriptionReplaysWhatItAskedForAndThenGetsOnlyNewEvents()
    {
        var hub = new EventHub(8, TimeProvider.System);
        for (var i = 1; i <= 5; i++) hub.Publish(Data($"{i}"));

        using var subscription = hub.Subscribe(16, afterSeq: 3);
        hub.Publish(Data("6"));

        Assert.Null(subscription.Gap);
        Assert.Equal([4L, 5L], subscription.Replay.Select(e => e.Seq));
        Assert.Equal(5, subscription.StartSeq);
        Assert.True(subscription.Live.TryRead(out var live));
        Assert.Equal(6, live.Seq);
        Assert.False(subscription.Live.TryRead(out _));
    }

    [Theory]
    [InlineData(1, 1, 7)] // older than the buffer
    [InlineData(50, 50, 7)] // from an earlier server: ahead of this one
    public void WhatTheBufferNoLongerHoldsIsAGap(long afterSeq, long gapAfter, long gapNext)
    {
        var hub = new EventHub(4, TimeProvider.System);
        for (var i = 1; i <= 10; i++) hub.Publish(Data($"{i}"));

        using var subscription = hub.Subscribe(16, afterSeq);

        Assert.Equal(new ReplayGap(gapAfter, gapNext), subscription.Gap);
        Assert.Equal([7L, 8L, 9L, 10L], subscription.Replay.Select(e => e.Seq));
    }

    [Fact]
    public void ASubscriberThatDoesNotReadLosesTheOldestAndIsToldHowMany()
    {
        var hub = new EventHub(8, TimeProvider.System);
        using var subscription = hub.Subscribe(4);

        for (var i = 1; i <= 10; i++) hub.Publish(Data($"{i}"));

        Assert.Equal(6, subscription.TakeDroppedCount());
        Assert.Equal(0, subscription.TakeDroppedCount());
        var kept = new List<long>();
        while (subscription.Live.TryRead(out var e)) kept.Add(e.Seq);
        Assert.Equal([7L, 8L, 9L, 10L], kept);
    }

    [Fact]
    public void ADisposedSubscriptionCompletesAndNoLongerReceives()
    {
        var hub = new EventHub(8, TimeProvider.System);
        var subscription = hub.Subscribe(4);

        subscription.Dispose();
        hub.Publish(Data("after"));

        Assert.Equal(0, hub.SubscriberCount);
        Assert.True(subscription.Live.Completion.IsCompleted);
    }

    [Fact]
    public async Task ConcurrentPublishersKeepEverySubscribersOrder()
    {
        var hub = new EventHub(64, TimeProvider.System);
        using var subscription = hub.Subscribe(100_000);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 5000; i++) hub.Publish(Data("x"));
        })));

        long previous = 0;
        while (subscription.Live.TryRead(out var e))
        {
            Assert.Equal(previous + 1, e.Seq);
            previous = e.Seq;
        }
        Assert.Equal(20_000, previous);
    }

    private static SessionEventData Data(string detail) => new("s", "Notification", "waiting", null, null, null, detail);
}
