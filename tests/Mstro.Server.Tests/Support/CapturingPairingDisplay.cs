using System.Collections.Concurrent;
using Mstro.Server.Approvers;

namespace Mstro.Server.Tests.Support;

/// <summary>A "screen" for pairing codes that the test can read, as a person reads mstro serve's terminal.</summary>
public sealed class CapturingPairingDisplay : IPairingDisplay
{
    private readonly ConcurrentQueue<string> _codes = new();
    private readonly ConcurrentQueue<string> _notices = new();

    public bool CanShow => true;

    public string? LatestCode => _codes.LastOrDefault();

    public IReadOnlyList<string> Notices => [.. _notices];

    public void ShowCode(string code, DateTimeOffset expiresAt) => _codes.Enqueue(code);

    public void Notice(string message) => _notices.Enqueue(message);
}
