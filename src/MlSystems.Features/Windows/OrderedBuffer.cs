namespace MlSystems.Features;

/// <summary>
/// Timed values kept in <see cref="EventTime.Precedes"/> order in one array from a head index: added at their place
/// (searched from the newest end, where in-order and slightly late events land), removed from the oldest end, the array
/// compacted or doubled when it runs out at the back. The values hopping and distinct windows hold while they wait out
/// the lateness, and the last values of an entity.
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
}
