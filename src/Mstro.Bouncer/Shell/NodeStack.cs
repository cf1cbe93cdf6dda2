using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Mstro.Bouncer.Shell;

/// <summary>
/// A stack the parser builds its lists on: a list records where its items start and pops them into an array.
/// Unlike <see cref="List{T}"/> it stores without the covariance check (it made its array, so the array is exactly
/// <c>T[]</c>), copies a popped range without <see cref="Array.Copy(Array, int, Array, int, int)"/>'s type checks, and
/// leaves popped slots to be overwritten (they are cleared once per parse, in <see cref="Reset"/>).
/// </summary>
internal sealed class NodeStack<T>
    where T : class
{
    private const int InitialCapacity = 16;
    private const int LargeCapacity = 4096;

    private T[] _items = new T[InitialCapacity];
    private int _count;
    // The highest count since the last reset: the slots below it may still hold popped items.
    private int _used;

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
        int count = _count - start;
        if (count <= 0) return [];
        var popped = new T[count];
        if (count == 1) MemoryMarshal.GetArrayDataReference(popped) = _items[start];
        else _items.AsSpan(start, count).CopyTo(popped);
        Truncate(start);
        return popped;
    }

    /// <summary>Drops the items above <paramref name="count"/>.</summary>
    public void Truncate(int count)
    {
        if (count >= _count) return;
        if (_count > _used) _used = _count;
        _count = Math.Max(count, 0);
    }

    /// <summary>Empties the stack and lets go of every item it held (and of a large array).</summary>
    public void Reset()
    {
        if (_count > _used) _used = _count;
        if (_used == 0) return;
        if (_items.Length > LargeCapacity) _items = new T[InitialCapacity];
        else _items.AsSpan(0, _used).Clear();
        _count = _used = 0;
    }

    private void Grow()
    {
        var larger = new T[_items.Length * 2];
        _items.AsSpan().CopyTo(larger);
        _items = larger;
    }
}
