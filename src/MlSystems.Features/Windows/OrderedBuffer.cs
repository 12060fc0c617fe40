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

    /// <summary>Drops the values before <paramref name="floor"/>.</summary>
    public void Evict(long floor)
    {
        while (Count > 0 && items[head].Ticks < floor)
        {
            RemoveOldest();
        }
    }

    /// <summary>
    /// Starts loading the oldest value and the slot after the newest, which an in-order add reads and writes; the second
    /// only while that slot is inside the array (an add that finds none compacts or grows it instead).
    /// </summary>
    public readonly void PrefetchEnds()
    {
        if (Count == 0)
        {
            return;
        }

        CachePrefetch.Line(in items[head]);
        if (head + Count < items.Length)
        {
            CachePrefetch.Line(in items[head + Count]);
        }
    }

    /// <summary>Drops every value.</summary>
    public void Clear() => (head, Count) = (0, 0);
}
