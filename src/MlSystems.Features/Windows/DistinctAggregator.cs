namespace MlSystems.Features;

/// <summary>
/// Distinct counts over hopping or tumbling windows: one HyperLogLog per hop, merged over the window on read. A sketch
/// is the same whatever order its values came in, so late events need no more than the hops a late read asks for.
/// </summary>
internal sealed class DistinctAggregator
{
    private readonly HopRing ring;
    private readonly HyperLogLog[] buckets;
    private readonly byte[] merged;

    public DistinctAggregator(FeatureWindow window, long lateness, int precision)
    {
        ring = new HopRing(window, lateness);
        buckets = [.. Enumerable.Range(0, ring.Slots).Select(_ => new HyperLogLog(precision))];
        merged = new byte[1 << precision];
    }

    public bool Add(long ticks, ulong hash)
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

        return Math.Round(HyperLogLog.Estimate(merged));
    }
}
