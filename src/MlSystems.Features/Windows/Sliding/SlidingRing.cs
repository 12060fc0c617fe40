namespace MlSystems.Features;

/// <summary>
/// A busy entity's sliding window: its events in <see cref="EventTime.Precedes"/> order, each with the prefix and suffix
/// folds of its pane (<see cref="SlidingFold"/>), so a read combines at most two stored folds.
/// </summary>
/// <remarks>
/// <para>An in-order event is appended with its prefix (O(1)); suffixes are computed for a pane the first time a read
/// needs them, which in time order is once, when the pane becomes the older of a window's two. An out-of-order event is
/// inserted at its place and refolds what follows it in its pane (O(pane)). Eviction raises a floor: entries before it
/// are no longer held, though their memory is released only when the buffer next fills (so an add touches the newest end
/// alone, not the oldest entry, a line last seen a window ago). What remains of a pane keeps its suffixes, and its
/// prefixes, which may chain through released entries, are never read again (a pane is the newer part only of reads at
/// times in it, and the floor stays a window and the lateness behind the newest event).</para>
/// <para>The entries live in an <see cref="OrderedBuffer{T}"/>, one span in order, so a read binary-searches it.</para>
/// </remarks>
internal sealed class SlidingRing<TOperator, TState>(long length)
    where TOperator : struct, IWindowOperator<TState>
    where TState : struct
{
    private OrderedBuffer<SlidingEntry<TState>> entries = new();

    // Entries before it are released; they leave the buffer when it fills.
    private long floor = long.MinValue;

    // Panes from this one on may have stale suffixes; those before it are current.
    private long staleFrom = long.MaxValue;

    // The pane of the newest entry and where it starts, while any entry is held.
    private bool newestKnown;
    private long newestPane;
    private long newestPaneStart;

    /// <summary>The values held.</summary>
    public int Count => Held.Length;

    /// <summary>Whether more than one value is held, from the newest end alone.</summary>
    public bool HoldsMoreThanOne
    {
        get
        {
            Span<SlidingEntry<TState>> all = entries.Held;
            return all.Length > 1 && all[^2].Ticks >= floor;
        }
    }

    /// <summary>The entries held, in order: those at or after the floor.</summary>
    private Span<SlidingEntry<TState>> Held
    {
        get
        {
            Span<SlidingEntry<TState>> all = entries.Held;
            return all[FirstAtOrAfter(all, floor)..];
        }
    }

    /// <summary>Takes over a small window's values (in order).</summary>
    public void Load(ReadOnlySpan<SlidingPoint> points)
    {
        entries.Clear();
        staleFrom = long.MaxValue;
        newestKnown = false;
        foreach (SlidingPoint point in points)
        {
            Add(point.Ticks, point.Value);
        }
    }

    /// <summary>Writes the values, in order, when they fit a small window again.</summary>
    public void CopyTo(Span<SlidingPoint> points)
    {
        Span<SlidingEntry<TState>> held = Held;
        for (int k = 0; k < held.Length; k++)
        {
            points[k] = new SlidingPoint { Ticks = held[k].Ticks, Value = held[k].Value };
        }
    }

    /// <summary>Adds a value at its place in the order.</summary>
    public void Add(long ticks, double value)
    {
        if (entries.IsFull)
        {
            entries.Evict(floor);
        }

        int position = entries.Add(new SlidingEntry<TState> { Ticks = ticks, Value = value });
        Span<SlidingEntry<TState>> all = entries.Held;

        // Most events fall in the newest entry's pane: the division that finds a pane is paid once per pane, not per event.
        long pane = newestKnown && ticks >= newestPaneStart && ticks - newestPaneStart < length ? newestPane : EventTime.PeriodOf(ticks, length);
        staleFrom = Math.Min(staleFrom, pane);
        if (position == all.Length - 1)
        {
            long previousPane = position == 0 ? long.MinValue : newestKnown ? newestPane : EventTime.PeriodOf(all[position - 1].Ticks, length);
            FoldPrefix(all, position, continuesPane: position > 0 && previousPane == pane);

            if (!newestKnown || pane != newestPane)
            {
                // A pane start that saturated (times near the start of the representable range) is not cached.
                long start = SlidingFold.PaneStart(ticks, length);
                (newestPane, newestPaneStart, newestKnown) = (pane, start, start != long.MinValue);
            }

            return;
        }

        // Out of order: refold the prefixes from the new entry to the end of its pane.
        for (int k = position; k < all.Length && (k == position || EventTime.PeriodOf(all[k].Ticks, length) == pane); k++)
        {
            FoldPrefix(all, k, continuesPane: k > 0 && EventTime.PeriodOf(all[k - 1].Ticks, length) == pane);
        }
    }

    /// <summary>Entry <paramref name="k"/>'s prefix: its own value, or the one before's prefix followed by it when both share a pane.</summary>
    private static void FoldPrefix(Span<SlidingEntry<TState>> all, int k, bool continuesPane)
    {
        ref SlidingEntry<TState> entry = ref all[k];
        if (continuesPane)
        {
            ref SlidingEntry<TState> previous = ref all[k - 1];
            entry.InPane = previous.InPane + 1;
            entry.Prefix = TOperator.Combine(previous.Prefix, entry.InPane, TOperator.Of(entry.Value), 1);
        }
        else
        {
            entry.InPane = 0;
            entry.Prefix = TOperator.Of(entry.Value);
        }
    }

    /// <summary>Drops the values before <paramref name="floor"/>.</summary>
    /// <remarks>Only the floor moves here; the entries leave the buffer when it next fills.</remarks>
    public void Evict(long floor) => this.floor = Math.Max(this.floor, floor);

    /// <summary>Starts loading the lines an in-order add reads and writes, all at the newest end.</summary>
    public void Prefetch() => entries.PrefetchNewest();

    /// <summary>The window's value at <paramref name="ticks"/>.</summary>
    /// <param name="ticks">The time read at.</param>
    /// <param name="empty">The value of an empty window where the aggregation has one.</param>
    /// <param name="cached">
    /// Whether the time is within the lateness of the newest event, where the stored folds are current; otherwise the
    /// window is folded from what is still held.
    /// </param>
    public double Read(long ticks, double empty, bool cached)
    {
        if (!cached)
        {
            return SlidingFold.Read<TOperator, TState, SlidingEntry<TState>>(Held, ticks, length, empty);
        }

        Span<SlidingEntry<TState>> held = Held;
        int lo = FirstAtOrAfter(held, EventTime.Before(ticks, length));
        int hi = FirstAtOrAfter(held, ticks);
        if (lo == hi)
        {
            return TOperator.Value(default, 0, empty);
        }

        // The newer part: the entries of the pane holding the read time, which start the pane (nothing of it is evicted).
        long boundary = SlidingFold.PaneStart(ticks, length);
        ref SlidingEntry<TState> last = ref held[hi - 1];
        int newerCount = last.Ticks >= boundary ? last.InPane + 1 : 0;
        int mid = hi - newerCount;
        int olderCount = mid - lo;
        if (olderCount > 0)
        {
            RefreshSuffixes(held, EventTime.PeriodOf(held[mid - 1].Ticks, length), mid);
        }

        TState older = olderCount > 0 ? held[lo].Suffix : default;
        TState newer = newerCount > 0 ? last.Prefix : default;
        return SlidingFold.Value<TOperator, TState>(older, olderCount, newer, newerCount, empty);
    }

    /// <summary>Computes the suffixes of every stale pane up to <paramref name="pane"/>, whose last entry is before <paramref name="end"/>.</summary>
    private void RefreshSuffixes(Span<SlidingEntry<TState>> held, long pane, int end)
    {
        if (pane < staleFrom)
        {
            return;
        }

        long current = long.MinValue;
        int inPane = 0;
        for (int k = end - 1; k >= 0; k--)
        {
            ref SlidingEntry<TState> entry = ref held[k];
            long entryPane = EventTime.PeriodOf(entry.Ticks, length);
            if (entryPane < staleFrom)
            {
                break;
            }

            if (entryPane != current)
            {
                (current, inPane) = (entryPane, 0);
                entry.Suffix = TOperator.Of(entry.Value);
            }
            else
            {
                entry.Suffix = TOperator.Combine(TOperator.Of(entry.Value), 1, held[k + 1].Suffix, inPane);
            }

            inPane++;
        }

        staleFrom = pane + 1;
    }

    /// <summary>The index of the first entry at or after <paramref name="ticks"/>.</summary>
    private static int FirstAtOrAfter(Span<SlidingEntry<TState>> held, long ticks)
    {
        int lo = 0, hi = held.Length;
        while (lo < hi)
        {
            int m = (int)((uint)(lo + hi) >> 1);
            if (held[m].Ticks < ticks)
            {
                lo = m + 1;
            }
            else
            {
                hi = m;
            }
        }

        return lo;
    }
}
