namespace MlSystems.Features;

/// <summary>
/// A sliding window for every entity of a shard: one cache-line <see cref="SlidingCell"/> per entity in the shard's
/// <see cref="SlidingCellStore"/>, and the entries of a <see cref="SlidingRing{TOperator, TState}"/> for the entities whose
/// window outgrows it.
/// </summary>
/// <remarks>
/// <para>At time t the window holds t − length ≤ timestamp &lt; t, and its value is <see cref="SlidingFold"/>'s, whichever
/// representation holds it. Values are kept a window and the allowed lateness behind the entity's newest event, so a read
/// at any time within the lateness (a request that arrived late) sees exactly the window as of that time; an add
/// releases what is older, so an entity that is written but never read keeps a bounded history.</para>
/// <para>The ingest path is bound by memory latency, not arithmetic: one cache line per entity and window, prefetched
/// ahead of use, is what keeps it fast with many entities.</para>
/// </remarks>
internal sealed class SlidingColumn<TOperator, TState>(long length, double empty, SlidingCellStore cells, int window) : WindowColumn
    where TOperator : struct, IWindowOperator<TState>
    where TState : struct
{
    // Per entity, the entries of its ring; kept while the window is quiet again, for its next burst.
    private SlidingEntry<TState>[]?[] stores = [];
    private int busy;

    /// <remarks>The cells themselves are resized by their <see cref="SlidingCellStore"/>, once for all sliding windows.</remarks>
    public override void Resize(int capacity) => Array.Resize(ref stores, capacity);

    /// <summary>Entities whose window is in its ring now.</summary>
    public override int Busy => busy;

    /// <remarks>Called before the shard empties the cells, so a spilled window is still counted out.</remarks>
    public override void Reset(int entity)
    {
        busy -= Cell(entity).Spilled ? 1 : 0;
        stores[entity] = null;
    }

    public override bool Add(int entity, long ticks, double value, long horizon)
    {
        ref SlidingCell cell = ref Cell(entity);
        cell.Floor = Math.Max(cell.Floor, EventTime.Before(horizon, length));
        if (ticks < cell.Floor)
        {
            return false;
        }

        if (cell.Spilled)
        {
            var ring = new SlidingRing<TOperator, TState>(ref cell, ref stores[entity], length);
            if (ring.HoldsMoreThanOne)
            {
                ring.Add(ticks, value);
                return true;
            }

            // Quiet again: back into the cell (the points overwrite the ring's header, so they are gathered first).
            SlidingPoints quiet = default;
            int kept = ring.CopyTo(quiet);
            (cell.Points, cell.Spilled, cell.Count) = (quiet, false, kept);
            busy--;
        }

        int count = EvictPoints(ref cell);
        if (count == SlidingPoints.Capacity)
        {
            // The ring's header takes the points' bytes: they are copied out first.
            SlidingPoints full = cell.Points;
            var ring = new SlidingRing<TOperator, TState>(ref cell, ref stores[entity], length);
            ring.Load(full);
            ring.Add(ticks, value);
            (cell.Spilled, cell.Count) = (true, 0);
            busy++;
            return true;
        }

        Span<SlidingPoint> points = cell.Points;
        int position = count;
        for (; position > 0 && EventTime.Precedes(ticks, value, points[position - 1].Ticks, points[position - 1].Value); position--)
        {
            points[position] = points[position - 1];
        }

        points[position] = new SlidingPoint { Ticks = ticks, Value = value };
        cell.Count = count + 1;
        return true;
    }

    /// <remarks>
    /// A busy window's values live in its entry array, whose address is one load from an entity-indexed array away and
    /// whose offsets are in the cell: asked for here, ahead of the add, with no object in between to wait for.
    /// </remarks>
    public override void Prefetch(int entity)
    {
        ref SlidingCell cell = ref Cell(entity);
        if (cell.Spilled)
        {
            new SlidingRing<TOperator, TState>(ref cell, ref stores[entity], length).Prefetch();
        }
    }

    public override double Read(int entity, long ticks, bool withinLateness)
    {
        ref SlidingCell cell = ref Cell(entity);
        return cell.Spilled
            ? new SlidingRing<TOperator, TState>(ref cell, ref stores[entity], length).Read(ticks, empty, withinLateness)
            : SlidingFold.Read<TOperator, TState, SlidingPoint>(((ReadOnlySpan<SlidingPoint>)cell.Points)[..cell.Count], ticks, length, empty);
    }

    /// <remarks>
    /// The floor, whether the window is spilled and the values held; the folds are left out, since the ring rebuilds
    /// them from the values bit for bit. A cell may still hold values below a floor raised by a refused event, and they
    /// are kept, as the cell keeps them.
    /// </remarks>
    public override void Save(int entity, SnapshotWriter writer)
    {
        ref SlidingCell cell = ref Cell(entity);
        writer.WriteInt64(cell.Floor);
        writer.WriteBoolean(cell.Spilled);
        if (!cell.Spilled)
        {
            writer.WritePoints(((ReadOnlySpan<SlidingPoint>)cell.Points)[..cell.Count]);
            return;
        }

        var ring = new SlidingRing<TOperator, TState>(ref cell, ref stores[entity], length);
        var held = new SlidingPoint[ring.Count];
        ring.CopyTo(held);
        writer.WritePoints(held);
    }

    public override void Load(int entity, SnapshotReader reader)
    {
        ref SlidingCell cell = ref Cell(entity);
        long floor = reader.ReadInt64();
        bool spilled = reader.ReadBoolean();
        SlidingPoint[] points = reader.ReadPoints(SnapshotLimits.MaxWindowValues);
        cell.Floor = floor;
        if (!spilled)
        {
            if (points.Length > SlidingPoints.Capacity)
            {
                throw SnapshotReader.Corrupt($"a window held in its cell has {points.Length} values, more than {SlidingPoints.Capacity}");
            }

            points.CopyTo(cell.Points);
            cell.Count = points.Length;
            return;
        }

        if (points.Length > 0 && points[0].Ticks < floor)
        {
            throw SnapshotReader.Corrupt("a window holds a value below its floor");
        }

        new SlidingRing<TOperator, TState>(ref cell, ref stores[entity], length).Load(points);
        (cell.Spilled, cell.Count) = (true, 0);
        busy++;
    }

    private ref SlidingCell Cell(int entity) => ref cells.Cell(entity, window);

    /// <summary>Drops the cell's values before its floor; returns how many remain.</summary>
    private static int EvictPoints(ref SlidingCell cell)
    {
        Span<SlidingPoint> points = cell.Points;
        int count = cell.Count, dropped = 0;
        while (dropped < count && points[dropped].Ticks < cell.Floor)
        {
            dropped++;
        }

        if (dropped > 0)
        {
            // At most two values move: a loop beats a call to a general copy.
            for (int k = dropped; k < count; k++)
            {
                points[k - dropped] = points[k];
            }

            cell.Count = count -= dropped;
        }

        return count;
    }
}
