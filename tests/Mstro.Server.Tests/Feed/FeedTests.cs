using System.Net.WebSockets;
using System.Text.Json;
using Mstro.Protocol.Events;
using Mstro.Server.Tests.Support;

namespace Mstro.Server.Tests.Feed;

/// <summary>/ws: authenticated by its first message, then events in sequence order, resumable, bounded per client.</summary>
public sealed class FeedTests
{
    private static readonly TimeSpan ShortAuthTimeout = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task WithoutAnAuthMessageTheSocketIsClosedWithPolicyViolation()
    {
        await using var server = await RunningServer.StartAsync(options => options.WebSocketAuthTimeout = ShortAuthTimeout);
        await using var client = await FeedClient.ConnectAsync(server.WebSocketUri);

        var status = await client.WaitForCloseAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, status);
        Assert.Equal("authentication timed out", client.Socket.CloseStatusDescription);
    }

    [Theory]
    [InlineData("""{"type":"auth","token":"wrong"}""")]
    [InlineData("""{"type":"auth"}""")]
    [InlineData("""{"type":"resume","afterSeq":0}""")]
    [InlineData("not json")]
    [InlineData("""{"type":"auth","token":"x","afterSeq":-1}""")]
    public async Task AWrongFirstMessageIsClosedWithPolicyViolation(string first)
    {
        await using var server = await RunningServer.StartAsync();
        await using var client = await FeedClient.ConnectAsync(server.WebSocketUri);

        await client.SendAsync(first);
        var status = await client.WaitForCloseAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, status);
    }

    [Fact]
    public async Task ATokenInTheUrlDoesNotAuthenticate()
    {
        await using var server = await RunningServer.StartAsync(options => options.WebSocketAuthTimeout = ShortAuthTimeout);
        await using var client = await FeedClient.ConnectAsync(new Uri($"{server.WebSocketUri}?token={server.Runtime.Token}"));

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, await client.WaitForCloseAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task AnAuthenticatedClientReceivesVerdictEventsWithIncreasingSeq()
    {
        await using var server = await RunningServer.StartAsync();
        await using var feed = await FeedClient.ConnectAuthenticatedAsync(server);
        using var http = server.AuthorizedClient();

        foreach (var command in new[] { "ls", "npm test", "git status" })
            await http.PostAsync("/api/hook", RunningServer.Json(Payloads.HookRequest(Payloads.PreToolUse(command))));

        var seqs = new List<long>();
        foreach (var command in new[] { "ls", "npm test", "git status" })
        {
            var message = await feed.ReceiveAsync();
            Assert.Equal("verdict", message.GetProperty("type").GetString());
            Assert.Equal(command, message.GetProperty("data").GetProperty("summary").GetString());
            Assert.True(message.GetProperty("time").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-1));
            seqs.Add(message.GetProperty("seq").GetInt64());
        }
        Assert.Equal([1, 2, 3], seqs);
    }

    [Fact]
    public async Task AResumeAfterReconnectingGetsTheMissedEventsThenLiveOnes()
    {
        await using var server = await RunningServer.StartAsync();
        var hub = server.Server.Events;
        long lastSeen;
        await using (var first = await FeedClient.ConnectAuthenticatedAsync(server))
        {
            Publish(hub, "one");
            Publish(hub, "two");
            await first.ReceiveAsync();
            lastSeen = (await first.ReceiveAsync()).GetProperty("seq").GetInt64();
        }
        Publish(hub, "three");
        Publish(hub, "four");

        await using var second = await FeedClient.ConnectAuthenticatedAsync(server);
        await second.SendAsync($$"""{"type":"resume","afterSeq":{{lastSeen}}}""");
        var missed = new[] { await second.ReceiveAsync(), await second.ReceiveAsync() };
        var end = await second.ReceiveAsync();
        Publish(hub, "five");
        var live = await second.ReceiveAsync();

        Assert.Equal(2, lastSeen);
        Assert.Equal([3L, 4L], missed.Select(m => m.GetProperty("seq").GetInt64()));
        Assert.Equal(["three", "four"], missed.Select(m => m.GetProperty("data").GetProperty("detail").GetString()));
        Assert.Equal("replay-end", end.GetProperty("type").GetString());
        Assert.Equal(4, end.GetProperty("lastSeq").GetInt64());
        Assert.Equal(5, live.GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task AnAuthMessageWithAfterSeqReplaysThenStreamsWithoutDuplicates()
    {
        await using var server = await RunningServer.StartAsync();
        var hub = server.Server.Events;
        for (var i = 1; i <= 3; i++) Publish(hub, $"{i}");
        await using var feed = await FeedClient.ConnectAsync(server.WebSocketUri);

        await feed.SendAsync($$"""{"type":"auth","token":"{{server.Runtime.Token}}","afterSeq":1}""");
        Publish(hub, "4"); // published while the server handles the auth message: before or after, it comes once
        var messages = new List<JsonElement>();
        for (var i = 0; i < 5; i++) messages.Add(await feed.ReceiveAsync());

        Assert.Equal("authenticated", messages[0].GetProperty("type").GetString());
        var seqs = messages.Where(m => m.TryGetProperty("seq", out _)).Select(m => m.GetProperty("seq").GetInt64()).ToList();
        Assert.Equal([2L, 3L, 4L], seqs);
        Assert.Single(messages, m => m.GetProperty("type").GetString() == "replay-end");
    }

    [Fact]
    public async Task AResumeOlderThanTheReplayBufferGetsAGapMarker()
    {
        await using var server = await RunningServer.StartAsync(options => options.ReplayBufferSize = 4);
        for (var i = 1; i <= 10; i++) Publish(server.Server.Events, $"event {i}");
        await using var feed = await FeedClient.ConnectAuthenticatedAsync(server);

        await feed.SendAsync("""{"type":"resume","afterSeq":1}""");

        var gap = await feed.ReceiveAsync();
        Assert.Equal("gap", gap.GetProperty("type").GetString());
        Assert.Equal(1, gap.GetProperty("afterSeq").GetInt64());
        Assert.Equal(7, gap.GetProperty("nextSeq").GetInt64());
        for (var seq = 7; seq <= 10; seq++) Assert.Equal(seq, (await feed.ReceiveAsync()).GetProperty("seq").GetInt64());
        Assert.Equal("replay-end", (await feed.ReceiveAsync()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task AnUnknownMessageAfterAuthGetsAnErrorAndTheConnectionStays()
    {
        await using var server = await RunningServer.StartAsync();
        await using var feed = await FeedClient.ConnectAuthenticatedAsync(server);

        await feed.SendAsync("""{"type":"approve","id":"1"}""");
        var error = await feed.ReceiveAsync();
        Publish(server.Server.Events, "after");

        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Equal(1, (await feed.ReceiveAsync()).GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task AMessageOverTheLimitClosesWithMessageTooBig()
    {
        await using var server = await RunningServer.StartAsync(options => options.MaxClientMessageBytes = 256);
        await using var feed = await FeedClient.ConnectAuthenticatedAsync(server);

        await feed.SendAsync($$"""{"type":"resume","afterSeq":0,"padding":"{{new string('x', 1000)}}"}""");

        Assert.Equal(WebSocketCloseStatus.MessageTooBig, await feed.WaitForCloseAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task ASlowClientDoesNotBlockPublishingAndLaterGetsADroppedMarker()
    {
        await using var server = await RunningServer.StartAsync(options => options.ClientQueueCapacity = 16);
        await using var slow = await FeedClient.ConnectAuthenticatedAsync(server);
        var hub = server.Server.Events;
        var bulky = new string('x', 2000);
        const int Count = 20_000; // ~40 MB: far more than the socket buffers hold while the client reads nothing

        var publishing = Task.Run(() =>
        {
            for (var i = 0; i < Count; i++) Publish(hub, bulky);
        });
        await publishing.WaitAsync(TimeSpan.FromSeconds(30)); // it finishes although nobody reads

        long previous = 0;
        var dropped = 0L;
        while (previous < Count)
        {
            var message = await slow.ReceiveAsync();
            if (message.GetProperty("type").GetString() == "dropped")
            {
                dropped += message.GetProperty("count").GetInt64();
                continue;
            }
            var seq = message.GetProperty("seq").GetInt64();
            Assert.True(seq > previous, $"seq {seq} after {previous}");
            previous = seq;
        }
        Assert.True(dropped > 0, "a client that read nothing while 40 MB were published must have lost events");
        Assert.Equal(Count, previous);
    }

    [Fact]
    public async Task StoppingTheServerClosesFeedsWithGoingAway()
    {
        var server = await RunningServer.StartAsync();
        await using var feed = await FeedClient.ConnectAuthenticatedAsync(server);

        var closing = feed.WaitForCloseAsync(TimeSpan.FromSeconds(10));
        await server.DisposeAsync();

        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, await closing);
    }

    [Fact]
    public async Task APlainHttpRequestToTheFeedIs401()
    {
        await using var server = await RunningServer.StartAsync();
        using var client = server.AuthorizedClient();

        using var response = await client.GetAsync("/ws");

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("first message", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static void Publish(Mstro.Server.Events.EventHub hub, string detail) =>
        hub.Publish(new SessionEventData("s", "Notification", "waiting", "/p", null, null, detail));
}
