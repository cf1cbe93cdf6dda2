using System.Buffers;
using System.Runtime.CompilerServices;

namespace Mstro.Bouncer.Shell;

/// <summary>
/// A set of ASCII characters the parser stops at: one character is tested with a bit mask (inlined, where
/// <see cref="SearchValues{T}.Contains"/> is a virtual call), a run is searched with <see cref="SearchValues{T}"/>.
/// </summary>
internal sealed class AsciiSet
{
    private readonly ulong _below64;
    private readonly ulong _from64;
    private readonly SearchValues<char> _searchValues;

    public AsciiSet(string characters)
    {
        foreach (char c in characters)
        {
            if (c < 64) _below64 |= 1UL << c;
            else if (c < 128) _from64 |= 1UL << (c - 64);
            else throw new ArgumentException("only ASCII characters", nameof(characters));
        }

        _searchValues = SearchValues.Create(characters);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Contains(int c) =>
        c < 64 ? c >= 0 && ((_below64 >> c) & 1) != 0 : c < 128 && ((_from64 >> (c - 64)) & 1) != 0;

    /// <summary>The index of the first character of <paramref name="text"/> in the set, or -1.</summary>
    public int IndexOfAny(ReadOnlySpan<char> text) => text.IndexOfAny(_searchValues);
}
