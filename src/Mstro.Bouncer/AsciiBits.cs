using System.Runtime.CompilerServices;

namespace Mstro.Bouncer;

/// <summary>A set of ASCII characters as two 64-bit masks: a membership test is a shift and an and, inlined where
/// <see cref="System.Buffers.SearchValues{T}.Contains"/> is a virtual call.</summary>
internal struct AsciiBits
{
    private ulong _below64;
    private ulong _from64;

    /// <summary>Adds <paramref name="c"/>; false (and nothing added) when it is not ASCII.</summary>
    public bool Add(char c)
    {
        if (c < 64) _below64 |= 1UL << c;
        else if (c < 128) _from64 |= 1UL << (c - 64);
        else return false;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly bool Contains(int c) =>
        c < 64 ? c >= 0 && ((_below64 >> c) & 1) != 0 : c < 128 && ((_from64 >> (c - 64)) & 1) != 0;
}
