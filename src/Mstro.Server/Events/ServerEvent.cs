using Mstro.Protocol.Events;

namespace Mstro.Server.Events;

/// <summary>One published event: its sequence number, time and data, and its JSON envelope serialized once for
/// every subscriber.</summary>
public sealed record ServerEvent(long Seq, DateTimeOffset Time, EventData Data, ReadOnlyMemory<byte> Json)
{
    public string Type => Data.Type;
}

/// <summary>What a resume could not give back: the events after <see cref="AfterSeq"/> up to
/// <see cref="NextSeq"/> (exclusive) are gone (older than the replay buffer, or from an earlier server).</summary>
public sealed record ReplayGap(long AfterSeq, long NextSeq);
