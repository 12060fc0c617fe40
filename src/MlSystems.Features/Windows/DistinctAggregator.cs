namespace MlSystems.Features;

/// <summary>
/// Distinct counts over hopping or tumbling windows: one HyperLogLog per hop, merged over the window on read. Hashes
/// within the lateness of the newest event wait in <see cref="pending"/> and join their hop's sketch once the newest
/// event is a lateness past them, as <see cref="HoppingAggregator"/> does with values: the ring then never holds more
/// than a window's hops, and a read within the lateness adds the waiting hashes of its hops to a merged copy.
/// </summary>
internal sealed class DistinctAggregator
{
    private readonly HopRing ring;
    private readonly HyperLogLog[] buckets;
    private readonly byte[] merged;
    private readonly int precision;

    // A hash rides in a value's bits: the order of hashes at one instant is irrelevant to a sketch.
    private OrderedBuffer<SlidingPoint> pending = new();

    public DistinctAggregator(FeatureWindow window, int precision)
    {
        ring = new HopRing(window);
        buckets = [.. Enumerable.Range(0, ring.Slots).Select(_ => new HyperLogLog(precision))];
        merged = new byte[1 << precision];
        this.precision = precision;
    }

    /// <param name="ticks">The event time.</param>
    /// <param name="hash">The category's hash.</param>
    /// <param name="horizon">The entity's newest event time less the allowed lateness, this event included.</param>
    /// <returns>False when the ring no longer holds the event's hop.</returns>
    public bool Add(long ticks, ulong hash, long horizon)
    {
        bool added = true;
        if (ticks >= horizon)
        {
            pending.Add(new SlidingPoint { Ticks = ticks, Value = BitConverter.UInt64BitsToDouble(hash) });
        }
        else
        {
            added = Fold(ticks, hash);
        }

        while (pending.Count > 0 && pending.Held[0].Ticks < horizon)
        {
            SlidingPoint oldest = pending.RemoveOldest();
            Fold(oldest.Ticks, BitConverter.DoubleToUInt64Bits(oldest.Value));
        }

        return added;
    }

    public double Read(long ticks)
    {
        long end = ring.HopOf(ticks);
        Array.Clear(merged);
        for (long k = end - ring.WindowHops; k < end; k++)
        {
            if (ring.SlotHolding(k) is int slot and >= 0)
            {
                buckets[slot].MergeInto(merged);
            }
        }

        // In time order: the hashes after the window's end are all at the back.
        foreach (SlidingPoint waiting in pending.Held)
        {
            long k = ring.HopOf(waiting.Ticks);
            if (k >= end)
            {
                break;
            }

            if (k >= end - ring.WindowHops)
            {
                HyperLogLog.AddTo(merged, precision, BitConverter.DoubleToUInt64Bits(waiting.Value));
            }
        }

        return Math.Round(HyperLogLog.Estimate(merged));
    }

    /// <summary>Writes the ring's hops, the sketch of each slot that has held one, and the hashes waiting out the lateness.</summary>
    public void Save(SnapshotWriter writer)
    {
        ring.Save(writer);
        for (int slot = 0; slot < buckets.Length; slot++)
        {
            if (ring.Used(slot))
            {
                buckets[slot].Save(writer);
            }
        }

        writer.WritePoints(pending.Held);
    }

    /// <summary>Takes what <see cref="Save"/> wrote into a new aggregator of the same window and precision.</summary>
    public void Load(SnapshotReader reader)
    {
        ring.Load(reader);
        for (int slot = 0; slot < buckets.Length; slot++)
        {
            if (ring.Used(slot))
            {
                buckets[slot].Load(reader);
            }
        }

        foreach (SlidingPoint point in reader.ReadPoints(SnapshotLimits.MaxWindowValues))
        {
            pending.Add(point);
        }
    }

    private bool Fold(long ticks, ulong hash)
    {
        int slot = ring.SlotForAdd(ticks, out bool recycled);
        if (slot < 0)
        {
            return false;
        }

        if (recycled)
        {
            buckets[slot].Clear();
        }

        buckets[slot].Add(hash);
        return true;
    }
}
