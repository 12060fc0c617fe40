namespace MlSystems.Features;

/// <summary>
/// The one definition of a sliding window's value, which every representation of the window reproduces bit for bit.
/// </summary>
/// <remarks>
/// <para>At time t a window of length L holds the events with t − L ≤ time &lt; t: events at t itself are not yet known
/// (pandas' <c>closed='left'</c>, the half-open intervals of Flink's windows, the inclusive lower bound of Feast's
/// point-in-time join).</para>
/// <para>Floating-point sums depend on the order values are combined in, so that order is fixed by the events alone:
/// time is cut into panes of length L from the epoch, and a window at t covers the tail of pane ⌊t/L⌋ − 1 and the head
/// of pane ⌊t/L⌋. The tail is folded right to left, the head left to right, then the two are combined. A ring keeps
/// exactly these folds per entry (suffixes and prefixes within a pane), so its read (two binary searches and two stored
/// folds; a pane's suffixes are refreshed once after it changes) equals this O(n) fold, and
/// serving (events in arrival order, late ones inserted), batch replay and training sets (events in time order) give the
/// same bits.</para>
/// </remarks>
internal static class SlidingFold
{
    /// <summary>The value at <paramref name="ticks"/> of a window of <paramref name="length"/> ticks over <paramref name="sorted"/> (in <see cref="EventTime.Precedes"/> order).</summary>
    public static double Read<TOperator, TState, TPoint>(ReadOnlySpan<TPoint> sorted, long ticks, long length, double empty)
        where TOperator : struct, IWindowOperator<TState>
        where TState : struct
        where TPoint : struct, ITimedValue
    {
        long from = EventTime.Before(ticks, length);
        long boundary = PaneStart(ticks, length);
        int lo = 0;
        while (lo < sorted.Length && sorted[lo].Ticks < from)
        {
            lo++;
        }

        int mid = lo;
        while (mid < sorted.Length && sorted[mid].Ticks < boundary)
        {
            mid++;
        }

        int hi = mid;
        while (hi < sorted.Length && sorted[hi].Ticks < ticks)
        {
            hi++;
        }

        TState older = default, newer = default;
        if (mid > lo)
        {
            older = TOperator.Of(sorted[mid - 1].Value);
            for (int k = mid - 2; k >= lo; k--)
            {
                older = TOperator.Combine(TOperator.Of(sorted[k].Value), 1, older, mid - 1 - k);
            }
        }

        if (hi > mid)
        {
            newer = TOperator.Of(sorted[mid].Value);
            for (int k = mid + 1; k < hi; k++)
            {
                newer = TOperator.Combine(newer, k - mid, TOperator.Of(sorted[k].Value), 1);
            }
        }

        return Value<TOperator, TState>(older, mid - lo, newer, hi - mid, empty);
    }

    /// <summary>The window's value from its two parts: the tail of the older pane and the head of the newer one.</summary>
    public static double Value<TOperator, TState>(in TState older, int olderCount, in TState newer, int newerCount, double empty)
        where TOperator : struct, IWindowOperator<TState>
        where TState : struct
    {
        if (olderCount == 0)
        {
            return TOperator.Value(newer, newerCount, empty);
        }

        if (newerCount == 0)
        {
            return TOperator.Value(older, olderCount, empty);
        }

        return TOperator.Value(TOperator.Combine(older, olderCount, newer, newerCount), olderCount + newerCount, empty);
    }

    /// <summary>Where the pane holding <paramref name="ticks"/> starts: the boundary between a window's two parts at that time.</summary>
    public static long PaneStart(long ticks, long length)
    {
        long pane = EventTime.PeriodOf(ticks, length);
        return pane < long.MinValue / length ? long.MinValue : pane * length;
    }
}
