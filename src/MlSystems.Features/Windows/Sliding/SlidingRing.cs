using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MlSystems.Features;

/// <summary>
/// A busy entity's sliding window: its events in <see cref="EventTime.Precedes"/> order, each with the prefix and suffix
/// folds of its pane (<see cref="SlidingFold"/>), so a read combines at most two stored folds. A view over the spilled
/// cell (floor and <see cref="SlidingRingHeader"/>) and the entity's entry array, made for each call.
/// </summary>
/// <remarks>
/// <para>An in-order event is appended with its prefix (O(1)); suffixes are computed for a pane the first time a read
/// needs them, which in time order is once, when the pane becomes the older of a window's two. An out-of-order event is
/// inserted at its place and refolds what follows it in its pane (O(pane)).</para>
/// <para>The cell's floor is the eviction: entries before it are no longer held, though they leave the array only when
/// it fills (compacted, or doubled when more than half is held), so an add touches the newest end alone, not the oldest
/// entry a window away. What remains of a pane keeps its suffixes, and its prefixes, which may chain through released
/// entries, are never read again (a pane is the newer part only of reads at times in it, and the floor stays a window
/// and the lateness behind the newest event).</para>
/// <para>The entries are one span in order from <see cref="SlidingRingHeader.Head"/>, so a read binary-searches it. They
/// are addressed from the array's data and the header's capacity, never through the array's own length, whose line is
/// a cold one in a long array.</para>
/// </remarks>
internal readonly ref struct SlidingRing<TOperator, TState>
    where TOperator : struct, IWindowOperator<TState>
    where TState : struct
{
    private const int InitialCapacity = 8;

    private readonly ref SlidingCell cell;
    private readonly ref SlidingEntry<TState>[]? store;
    private readonly long length;

    /// <summary>A view of the ring of a spilled cell (or one about to spill: see <see cref="Load"/>).</summary>
    /// <param name="cell">The window's cell, whose floor and header the ring uses.</param>
    /// <param name="store">Where the entity's entry array is kept; kept while the window is quiet, for its next burst.</param>
    /// <param name="length">The window's length in ticks.</param>
    public SlidingRing(ref SlidingCell cell, ref SlidingEntry<TState>[]? store, long length)
    {
        this.cell = ref cell;
        this.store = ref store;
        this.length = length;
    }

    /// <summary>The values held.</summary>
    public int Count => Held.Length;

    /// <summary>Whether more than one value is held, from the newest end alone.</summary>
    public bool HoldsMoreThanOne
    {
        get
        {
            ref SlidingRingHeader header = ref cell.Ring;
            return header.Length > 1 && Unsafe.Add(ref Data, header.Head + header.Length - 2).Ticks >= cell.Floor;
        }
    }

    /// <summary>The first entry of the array.</summary>
    private ref SlidingEntry<TState> Data => ref MemoryMarshal.GetArrayDataReference(store!);

    /// <summary>Every entry in the array from the head, released ones included.</summary>
    private Span<SlidingEntry<TState>> All => MemoryMarshal.CreateSpan(ref Unsafe.Add(ref Data, cell.Ring.Head), cell.Ring.Length);

    /// <summary>The entries held, in order: those at or after the floor.</summary>
    private Span<SlidingEntry<TState>> Held
    {
        get
        {
            Span<SlidingEntry<TState>> all = All;
            return all[FirstAtOrAfter(all, cell.Floor)..];
        }
    }

    /// <summary>Takes over a small window's values (in order), which the caller copied out of the cell first: the header overwrites them.</summary>
    public void Load(ReadOnlySpan<SlidingPoint> points)
    {
        store ??= new SlidingEntry<TState>[InitialCapacity];
        cell.Ring = new SlidingRingHeader { Capacity = store.Length, StaleFrom = long.MaxValue };
        foreach (SlidingPoint point in points)
        {
            Add(point.Ticks, point.Value);
        }
    }

    /// <summary>Writes the values held, in order, when they fit a small window again; returns how many.</summary>
    public int CopyTo(Span<SlidingPoint> points)
    {
        Span<SlidingEntry<TState>> held = Held;
        for (int k = 0; k < held.Length; k++)
        {
            points[k] = new SlidingPoint { Ticks = held[k].Ticks, Value = held[k].Value };
        }

        return held.Length;
    }

    /// <summary>Adds a value at its place in the order.</summary>
    public void Add(long ticks, double value)
    {
        ref SlidingRingHeader header = ref cell.Ring;
        if (header.Head + header.Length == header.Capacity)
        {
            MakeRoom();
        }

        Span<SlidingEntry<TState>> all = MemoryMarshal.CreateSpan(ref Unsafe.Add(ref Data, header.Head), header.Length + 1);
        int position = header.Length;
        for (; position > 0 && EventTime.Precedes(ticks, value, all[position - 1].Ticks, all[position - 1].Value); position--)
        {
            all[position] = all[position - 1];
        }

        all[position] = new SlidingEntry<TState> { Ticks = ticks, Value = value };
        header.Length++;

        // Most events fall in the newest entry's pane: the division that finds a pane is paid once per pane, not per event.
        long pane = header.NewestKnown && ticks >= header.NewestPaneStart && ticks - header.NewestPaneStart < length ? header.NewestPane : EventTime.PeriodOf(ticks, length);
        header.StaleFrom = Math.Min(header.StaleFrom, pane);
        if (position == all.Length - 1)
        {
            long previousPane = position == 0 ? long.MinValue : header.NewestKnown ? header.NewestPane : EventTime.PeriodOf(all[position - 1].Ticks, length);
            FoldPrefix(all, position, continuesPane: position > 0 && previousPane == pane);

            if (!header.NewestKnown || pane != header.NewestPane)
            {
                // A pane start that saturated (times near the start of the representable range) is not cached.
                long start = SlidingFold.PaneStart(ticks, length);
                (header.NewestPane, header.NewestPaneStart, header.NewestKnown) = (pane, start, start != long.MinValue);
            }

            return;
        }

        // Out of order: refold the prefixes from the new entry to the end of its pane.
        for (int k = position; k < all.Length && (k == position || EventTime.PeriodOf(all[k].Ticks, length) == pane); k++)
        {
            FoldPrefix(all, k, continuesPane: k > 0 && EventTime.PeriodOf(all[k - 1].Ticks, length) == pane);
        }
    }

    /// <summary>
    /// Starts loading the lines an in-order add reads and writes, all at the newest end: the two newest entries (the
    /// newest's fold is continued, the one before tells whether more than one value is held) and the next slot.
    /// </summary>
    /// <remarks>A line past the array's end is a wasted hint, never a fault.</remarks>
    public void Prefetch()
    {
        ref SlidingRingHeader header = ref cell.Ring;
        ref SlidingEntry<TState> next = ref Unsafe.Add(ref Data, header.Head + header.Length);
        CachePrefetch.Line(in Unsafe.Subtract(ref next, Math.Min(header.Length, 2)));
        CachePrefetch.Line(in Unsafe.Subtract(ref next, Math.Min(header.Length, 1)));
        CachePrefetch.Line(in next);
        CachePrefetch.Line(in Unsafe.Add(ref Unsafe.As<SlidingEntry<TState>, byte>(ref next), Unsafe.SizeOf<SlidingEntry<TState>>() - 1));
    }

    /// <summary>The window's value at <paramref name="ticks"/>.</summary>
    /// <param name="ticks">The time read at.</param>
    /// <param name="empty">The value of an empty window where the aggregation has one.</param>
    /// <param name="cached">
    /// Whether the time is within the lateness of the newest event, where the stored folds are current; otherwise the
    /// window is folded from what is still held.
    /// </param>
    public double Read(long ticks, double empty, bool cached)
    {
        Span<SlidingEntry<TState>> held = Held;
        if (!cached)
        {
            return SlidingFold.Read<TOperator, TState, SlidingEntry<TState>>(held, ticks, length, empty);
        }

        int lo = FirstAtOrAfter(held, EventTime.Before(ticks, length));
        int hi = FirstAtOrAfter(held, ticks);
        if (lo == hi)
        {
            return TOperator.Value(default, 0, empty);
        }

        // The newer part: the entries of the pane holding the read time, which start the pane (nothing of it is released).
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

    /// <summary>
    /// Drops the released entries from a full array, then moves the rest to its start, or into one twice the size when
    /// more than half of it is held: each entry is moved O(1) times on average.
    /// </summary>
    private void MakeRoom()
    {
        ref SlidingRingHeader header = ref cell.Ring;
        Span<SlidingEntry<TState>> held = Held;
        SlidingEntry<TState>[] target = held.Length * 2 > header.Capacity ? new SlidingEntry<TState>[header.Capacity * 2] : store!;
        held.CopyTo(target);
        store = target;
        (header.Head, header.Length, header.Capacity) = (0, held.Length, target.Length);
        Debug.Assert(header.Length < header.Capacity, "An add always finds a free slot after making room.");
    }

    /// <summary>Computes the suffixes of every stale pane up to <paramref name="pane"/>, whose last entry is before <paramref name="end"/>.</summary>
    private void RefreshSuffixes(Span<SlidingEntry<TState>> held, long pane, int end)
    {
        ref SlidingRingHeader header = ref cell.Ring;
        if (pane < header.StaleFrom)
        {
            return;
        }

        long current = long.MinValue;
        int inPane = 0;
        for (int k = end - 1; k >= 0; k--)
        {
            ref SlidingEntry<TState> entry = ref held[k];
            long entryPane = EventTime.PeriodOf(entry.Ticks, length);
            if (entryPane < header.StaleFrom)
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

        header.StaleFrom = pane + 1;
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
