namespace MlSystems.Features;

/// <summary>
/// A sliding window for every entity of a shard: one cache-line <see cref="SlidingCell"/> per entity in the shard's
/// <see cref="SlidingCellStore"/>, and a <see cref="SlidingRing{TOperator, TState}"/> for the entities whose window
/// outgrows it.
/// </summary>
/// <remarks>
/// <para>At time t the window holds t − length &lt; timestamp ≤ t. Every add also evicts what has left the window as of
/// the newest event, so an entity that is written but never read keeps only a window's worth of events. Updates are O(1)
/// amortised; a read aggregates at most <see cref="SlidingPoints.Capacity"/> values or reads the ring's summaries. An
/// event older than the entity's newest is inserted in place (O(window), out-of-order events only).</para>
/// <para>The ingest path is bound by memory latency, not arithmetic: one cache line per entity and window, prefetched
/// ahead of use, is what keeps it fast with many entities. Small windows are aggregated oldest first, spilled ones by the
/// two-stack summaries; both are deterministic, so every execution of the same events and reads gives the same bits.</para>
/// </remarks>
internal sealed class SlidingColumn<TOperator, TState>(long length, double empty, SlidingCellStore cells, int window) : WindowColumn
    where TOperator : struct, IWindowOperator<TState>
    where TState : struct
{
    private SlidingRing<TOperator, TState>?[] rings = [];

    /// <remarks>The cells themselves are resized by their <see cref="SlidingCellStore"/>, once for all sliding windows.</remarks>
    public override void Resize(int capacity) => Array.Resize(ref rings, capacity);

    public override bool Add(int entity, long ticks, double value)
    {
        ref SlidingCell cell = ref Cell(entity);
        if (ticks <= cell.EvictedUpTo)
        {
            return false;
        }

        if (cell.Spilled)
        {
            AddToRing(ref cell, entity, ticks, value);
            return true;
        }

        Span<SlidingPoint> points = cell.Points;
        int count = cell.Count;
        if (count > 0 && ticks < points[count - 1].Ticks)
        {
            if (count == SlidingPoints.Capacity)
            {
                Spill(ref cell, entity).Insert(ticks, value);
                return true;
            }

            int position = count;
            for (; position > 0 && points[position - 1].Ticks > ticks; position--)
            {
                points[position] = points[position - 1];
            }

            points[position] = new SlidingPoint { Ticks = ticks, Value = value };
            cell.Count = count + 1;
            return true;
        }

        count = EvictPoints(ref cell, ticks - length);
        if (count == SlidingPoints.Capacity)
        {
            Spill(ref cell, entity).Push(ticks, value);
            return true;
        }

        points[count] = new SlidingPoint { Ticks = ticks, Value = value };
        cell.Count = count + 1;
        return true;
    }

    public override double Read(int entity, long ticks)
    {
        ref SlidingCell cell = ref Cell(entity);
        long cutoff = ticks - length;
        if (cell.Spilled)
        {
            SlidingRing<TOperator, TState> ring = rings[entity]!;
            ring.Evict(cutoff, ref cell.EvictedUpTo);
            if (ring.Count > 1)
            {
                return ring.Value(empty);
            }

            Unspill(ref cell, ring);
        }

        int count = EvictPoints(ref cell, cutoff);
        if (count == 0)
        {
            return TOperator.Value(default, 0, empty);
        }

        // Oldest first, the order a spilled window's back part is summarised in.
        Span<SlidingPoint> points = cell.Points;
        TState summary = TOperator.Of(points[0].Value);
        for (int k = 1; k < count; k++)
        {
            summary = TOperator.Combine(summary, k, TOperator.Of(points[k].Value), 1);
        }

        return TOperator.Value(summary, count, empty);
    }

    private ref SlidingCell Cell(int entity) => ref cells.Cell(entity, window);

    /// <summary>Drops the cell's values at or before <paramref name="cutoff"/>; returns how many remain.</summary>
    private static int EvictPoints(ref SlidingCell cell, long cutoff)
    {
        Span<SlidingPoint> points = cell.Points;
        int count = cell.Count, dropped = 0;
        while (dropped < count && points[dropped].Ticks <= cutoff)
        {
            dropped++;
        }

        if (dropped > 0)
        {
            cell.EvictedUpTo = Math.Max(cell.EvictedUpTo, points[dropped - 1].Ticks);

            // At most two values move: a loop beats a call to a general copy.
            for (int k = dropped; k < count; k++)
            {
                points[k - dropped] = points[k];
            }

            cell.Count = count -= dropped;
        }

        return count;
    }

    private void AddToRing(ref SlidingCell cell, int entity, long ticks, double value)
    {
        SlidingRing<TOperator, TState> ring = rings[entity]!;
        if (ring.Count > 0 && ticks < ring.NewestTicks)
        {
            ring.Insert(ticks, value);
            return;
        }

        ring.Evict(ticks - length, ref cell.EvictedUpTo);
        if (ring.Count > 1)
        {
            ring.Push(ticks, value);
            return;
        }

        // Quiet again: back into the cell, keeping the ring for the entity's next burst.
        Unspill(ref cell, ring);
        cell.Points[cell.Count++] = new SlidingPoint { Ticks = ticks, Value = value };
    }

    private SlidingRing<TOperator, TState> Spill(ref SlidingCell cell, int entity)
    {
        SlidingRing<TOperator, TState> ring = rings[entity] ??= new SlidingRing<TOperator, TState>();
        ring.Load(((Span<SlidingPoint>)cell.Points)[..cell.Count]);
        (cell.Spilled, cell.Count) = (true, 0);
        return ring;
    }

    private static void Unspill(ref SlidingCell cell, SlidingRing<TOperator, TState> ring)
    {
        ring.CopyTo(cell.Points);
        (cell.Spilled, cell.Count) = (false, ring.Count);
    }
}
