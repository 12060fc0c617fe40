using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MlSystems.Features;

/// <summary>
/// Timed values kept in <see cref="EventTime.Precedes"/> order in one array from a head index: added at their place
/// (searched from the newest end, where in-order and slightly late events land), removed from the oldest end, the array
/// compacted or doubled when it runs out at the back. The store behind busy sliding windows and the values waiting out
/// the lateness.
/// </summary>
internal struct OrderedBuffer<T>
    where T : struct, ITimedValue
{
    private T[] items;
    private int head;

    public OrderedBuffer() => items = new T[4];

    /// <summary>The values held.</summary>
    public int Count { get; private set; }

    /// <summary>The values held, in order.</summary>
    public readonly Span<T> Held => items.AsSpan(head, Count);

    /// <summary>Adds a value at its place in the order.</summary>
    /// <returns>The index in <see cref="Held"/> it was placed at.</returns>
    public int Add(T item)
    {
        if (head + Count == items.Length)
        {
            T[] target = Count * 2 > items.Length ? new T[items.Length * 2] : items;
            Array.Copy(items, head, target, 0, Count);
            (items, head) = (target, 0);
        }

        Span<T> all = items.AsSpan(head, Count + 1);
        int position = Count;
        for (; position > 0 && EventTime.Precedes(item.Ticks, item.Value, all[position - 1].Ticks, all[position - 1].Value); position--)
        {
            all[position] = all[position - 1];
        }

        all[position] = item;
        Count++;
        return position;
    }

    /// <summary>Removes and returns the oldest value; only with <see cref="Count"/> &gt; 0.</summary>
    public T RemoveOldest()
    {
        T oldest = items[head];
        Count--;
        head = Count == 0 ? 0 : head + 1;
        return oldest;
    }

    /// <summary>Whether the next <see cref="Add"/> must compact or grow the array: the moment to release what is no longer needed.</summary>
    public readonly bool IsFull => head + Count == items.Length;

    /// <summary>Drops the values before <paramref name="floor"/>.</summary>
    public void Evict(long floor)
    {
        // Values are in time order: a search finds the first kept one in a few lines instead of walking every dropped one.
        Span<T> held = Held;
        int lo = 0, hi = held.Length;
        while (lo < hi)
        {
            int m = (int)((uint)(lo + hi) >> 1);
            if (held[m].Ticks < floor)
            {
                lo = m + 1;
            }
            else
            {
                hi = m;
            }
        }

        Count -= lo;
        head = Count == 0 ? 0 : head + lo;
    }

    /// <summary>
    /// Starts loading what an in-order add reads and writes: the two newest values and the slot after them (the newest's
    /// fold is continued, the one before tells whether more than one value is held).
    /// </summary>
    /// <remarks>
    /// Addressed from the array's data without reading its header, which lies a cold line away in a long buffer; a line
    /// past the end is a wasted hint, never a fault.
    /// </remarks>
    public readonly void PrefetchNewest()
    {
        if (Count == 0)
        {
            return;
        }

        ref T next = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(items), head + Count);
        ref byte end = ref Unsafe.Add(ref Unsafe.As<T, byte>(ref next), Unsafe.SizeOf<T>() - 1);
        CachePrefetch.Line(in Unsafe.Subtract(ref next, Math.Min(Count, 2)));
        CachePrefetch.Line(in Unsafe.Subtract(ref next, 1));
        CachePrefetch.Line(in next);
        CachePrefetch.Line(in end);
    }

    /// <summary>Drops every value.</summary>
    public void Clear() => (head, Count) = (0, 0);
}
