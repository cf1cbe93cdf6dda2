using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Mstro.Bouncer.Shell;

/// <summary>
/// A stack the parser builds its lists on: a list records where its items start and pops them into an array.
/// Unlike <see cref="List{T}"/> it stores without the covariance check (it made its array, so the array is exactly
/// <c>T[]</c>) and pops without <see cref="Array.Copy(Array, int, Array, int, int)"/>'s type checks (a few items, the
/// common case, without a copy or clear call at all).
/// </summary>
internal sealed class NodeStack<T>
    where T : class
{
    private const int InitialCapacity = 16;
    private const int LargeCapacity = 4096;
    private const int SmallPop = 8;

    private T[] _items = new T[InitialCapacity];
    private int _count;

    public int Count => _count;

    public T this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_count) throw new ArgumentOutOfRangeException(nameof(index));
            return _items[index];
        }
        set
        {
            if ((uint)index >= (uint)_count) throw new ArgumentOutOfRangeException(nameof(index));
            Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_items), index) = value;
        }
    }

    public void Add(T item)
    {
        if (_count == _items.Length) Grow();
        Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_items), _count++) = item;
    }

    public void AddRange(T[] items)
    {
        foreach (var item in items) Add(item);
    }

    /// <summary>The items from <paramref name="start"/> to the top, as an array, removed from the stack.</summary>
    public T[] Pop(int start)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        int count = _count - start;
        if (count <= 0) return [];
        var popped = new T[count];
        if (count <= SmallPop)
        {
            // A few stores beat the bulk copy's call and card-marking setup.
            ref T from = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_items), start);
            ref T to = ref MemoryMarshal.GetArrayDataReference(popped);
            for (int i = 0; i < count; i++)
            {
                ref T slot = ref Unsafe.Add(ref from, i);
                Unsafe.Add(ref to, i) = slot;
                slot = null!;
            }
        }
        else
        {
            var range = _items.AsSpan(start, count);
            range.CopyTo(popped);
            range.Clear();
        }

        _count = start;
        return popped;
    }

    /// <summary>Drops the items above <paramref name="count"/>.</summary>
    public void Truncate(int count)
    {
        count = Math.Max(count, 0);
        if (count >= _count) return;
        _items.AsSpan(count, _count - count).Clear();
        _count = count;
    }

    /// <summary>Empties the stack (after a parse that stopped early) and lets go of a large array.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Reset()
    {
        if (_count != 0 || _items.Length > LargeCapacity) ResetFully();
    }

    private void ResetFully()
    {
        Truncate(0);
        if (_items.Length > LargeCapacity) _items = new T[InitialCapacity];
    }

    private void Grow()
    {
        var larger = new T[_items.Length * 2];
        _items.AsSpan().CopyTo(larger);
        _items = larger;
    }
}
