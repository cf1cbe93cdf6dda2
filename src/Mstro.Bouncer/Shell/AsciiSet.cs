using System.Buffers;
using System.Runtime.CompilerServices;

namespace Mstro.Bouncer.Shell;

/// <summary>
/// A set of ASCII characters the parser stops at: one character is tested with a bit mask (inlined, where
/// <see cref="SearchValues{T}.Contains"/> is a virtual call), a run is searched with <see cref="SearchValues{T}"/>.
/// </summary>
internal sealed class AsciiSet
{
    private readonly AsciiBits _bits;
    private readonly SearchValues<char> _searchValues;

    public AsciiSet(string characters)
    {
        foreach (char c in characters)
            if (!_bits.Add(c)) throw new ArgumentException("only ASCII characters", nameof(characters));

        _searchValues = SearchValues.Create(characters);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Contains(int c) => _bits.Contains(c);

    /// <summary>The index of the first character of <paramref name="text"/> in the set, or -1.</summary>
    public int IndexOfAny(ReadOnlySpan<char> text) => text.IndexOfAny(_searchValues);
}
