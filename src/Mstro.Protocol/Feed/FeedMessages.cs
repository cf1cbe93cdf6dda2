namespace Mstro.Protocol.Feed;

/// <summary>The <c>type</c> of the feed's control messages (events use <see cref="Events.EventTypes"/>).</summary>
public static class FeedMessageTypes
{
    /// <summary>Client → server, first message: <c>{"type":"auth","token":"…"}</c>, optionally with <c>"afterSeq":N</c>
    /// to receive the buffered events after N first (a resume done atomically with the subscription).</summary>
    public const string Auth = "auth";
    /// <summary>Client → server: <c>{"type":"resume","afterSeq":N}</c>: send every buffered event after N, in order.</summary>
    public const string Resume = "resume";
    /// <summary>Server → client after a good auth: <c>{"type":"authenticated","latestSeq":N,"oldestSeq":M}</c>.</summary>
    public const string Authenticated = "authenticated";
    /// <summary>Server → client: the events a resume asked for are older than the replay buffer (or from an
    /// earlier server): <c>{"type":"gap","afterSeq":N,"nextSeq":M}</c>; the stream goes on at M.</summary>
    public const string Gap = "gap";
    /// <summary>Server → client: the replay a resume asked for is complete: <c>{"type":"replay-end","lastSeq":N}</c>.</summary>
    public const string ReplayEnd = "replay-end";
    /// <summary>Server → client: the client read too slowly and <c>count</c> events were dropped before the next one.</summary>
    public const string Dropped = "dropped";
    /// <summary>Server → client: a message the server could not use; the connection stays open.</summary>
    public const string Error = "error";
}

/// <summary>A message from a feed client (auth or resume). Unknown fields are ignored.</summary>
public sealed record FeedClientMessage
{
    public string? Type { get; init; }
    public string? Token { get; init; }
    public long? AfterSeq { get; init; }
}

public sealed record FeedAuthenticated(string Type, long LatestSeq, long OldestSeq, DateTimeOffset ServerStartedAt);

public sealed record FeedGap(string Type, long AfterSeq, long NextSeq);

public sealed record FeedReplayEnd(string Type, long LastSeq);

public sealed record FeedDropped(string Type, long Count);

public sealed record FeedError(string Type, string Message);

/// <summary>What a client needs to read from any feed message to follow the stream: its type and, for events, seq.</summary>
public sealed record FeedMessageHeader
{
    public string? Type { get; init; }
    public long? Seq { get; init; }
}
