namespace MlSystems.Features;

/// <summary>
/// A busy entity's sliding window as a two-stack queue in a ring of its events in time order. The oldest
/// <see cref="front"/> entries carry suffix summaries; the rest are summarised by <see cref="back"/>. Push onto the
/// back, pop from the front, flip the back into the front (computing suffixes) when the front runs out: every event is
/// pushed, flipped and popped once, so updates and reads are O(1) amortised, and min and max stay exact as events
/// leave (a running minimum cannot be "un-added"; a suffix summary needs no un-adding).
/// </summary>
internal sealed class SlidingRing<TOperator, TState>
    where TOperator : struct, IWindowOperator<TState>
    where TState : struct
{
    private SlidingEntry<TState>[] entries = new SlidingEntry<TState>[8];
    private int head;
    private int front;
    private TState back;

    /// <summary>The values held.</summary>
    public int Count { get; private set; }

    /// <summary>The time of the newest value; only with <see cref="Count"/> &gt; 0.</summary>
    public long NewestTicks => entries[(head + Count - 1) & (entries.Length - 1)].Ticks;

    /// <summary>Takes over a small window's values (oldest first), all in the back part.</summary>
    public void Load(ReadOnlySpan<SlidingPoint> points)
    {
        (head, Count, front) = (0, 0, 0);
        foreach (SlidingPoint point in points)
        {
            Push(point.Ticks, point.Value);
        }
    }

    /// <summary>Writes the values, oldest first, when they fit a small window again.</summary>
    public void CopyTo(Span<SlidingPoint> points)
    {
        int mask = entries.Length - 1;
        for (int k = 0; k < Count; k++)
        {
            ref SlidingEntry<TState> entry = ref entries[(head + k) & mask];
            points[k] = new SlidingPoint { Ticks = entry.Ticks, Value = entry.Value };
        }
    }

    /// <summary>Appends a value no older than the newest held.</summary>
    public void Push(long ticks, double value)
    {
        if (Count == entries.Length)
        {
            Grow();
        }

        ref SlidingEntry<TState> entry = ref entries[(head + Count) & (entries.Length - 1)];
        entry.Ticks = ticks;
        entry.Value = value;
        int backCount = Count - front;
        TState one = TOperator.Of(value);
        back = backCount == 0 ? one : TOperator.Combine(back, backCount, one, 1);
        Count++;
    }

    /// <summary>Drops the values at or before <paramref name="cutoff"/>, raising <paramref name="evictedUpTo"/> to the newest dropped.</summary>
    public void Evict(long cutoff, ref long evictedUpTo)
    {
        int mask = entries.Length - 1;
        while (Count > 0 && entries[head].Ticks <= cutoff)
        {
            if (front == 0)
            {
                Flip();
            }

            evictedUpTo = Math.Max(evictedUpTo, entries[head].Ticks);
            head = (head + 1) & mask;
            Count--;
            front--;
        }
    }

    /// <summary>Places a value older than the newest held at its time and rebuilds the summaries (O(window)).</summary>
    public void Insert(long ticks, double value)
    {
        if (Count == entries.Length)
        {
            Grow();
        }

        int mask = entries.Length - 1;
        int position = Count;
        while (position > 0 && entries[(head + position - 1) & mask].Ticks > ticks)
        {
            entries[(head + position) & mask] = entries[(head + position - 1) & mask];
            position--;
        }

        entries[(head + position) & mask] = new SlidingEntry<TState> { Ticks = ticks, Value = value };
        Count++;
        TState summary = TOperator.Of(entries[head].Value);
        for (int k = 1; k < Count; k++)
        {
            summary = TOperator.Combine(summary, k, TOperator.Of(entries[(head + k) & mask].Value), 1);
        }

        front = 0;
        back = summary;
    }

    /// <summary>The feature's value over everything held.</summary>
    public double Value(double empty)
    {
        int backCount = Count - front;
        if (front == 0)
        {
            return TOperator.Value(back, backCount, empty);
        }

        ref readonly TState suffix = ref entries[head].Suffix;
        TState summary = backCount == 0 ? suffix : TOperator.Combine(suffix, front, back, backCount);
        return TOperator.Value(summary, Count, empty);
    }

    /// <summary>Moves every entry into the front part, each summarising itself and everything newer.</summary>
    private void Flip()
    {
        int mask = entries.Length - 1;
        TState suffix = default;
        for (int k = Count - 1; k >= 0; k--)
        {
            ref SlidingEntry<TState> entry = ref entries[(head + k) & mask];
            TState one = TOperator.Of(entry.Value);
            int newer = Count - 1 - k;
            suffix = newer == 0 ? one : TOperator.Combine(one, 1, suffix, newer);
            entry.Suffix = suffix;
        }

        front = Count;
        back = default;
    }

    private void Grow()
    {
        var grown = new SlidingEntry<TState>[entries.Length * 2];
        int mask = entries.Length - 1;
        for (int k = 0; k < Count; k++)
        {
            grown[k] = entries[(head + k) & mask];
        }

        head = 0;
        entries = grown;
    }
}
