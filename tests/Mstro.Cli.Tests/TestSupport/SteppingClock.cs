namespace Mstro.Cli.Tests.TestSupport;

/// <summary>A clock at a fixed wall time whose monotonic timestamp advances by <paramref name="step"/> at every
/// reading, so a measured duration is exactly one step.</summary>
public sealed class SteppingClock(DateTimeOffset now, TimeSpan step) : TimeProvider
{
    private long _ticks;

    public static SteppingClock Default() => new(new DateTimeOffset(2026, 8, 22, 10, 11, 12, 345, TimeSpan.Zero), TimeSpan.FromMicroseconds(250));

    public override DateTimeOffset GetUtcNow() => now;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Add(ref _ticks, step.Ticks) - step.Ticks;
}
