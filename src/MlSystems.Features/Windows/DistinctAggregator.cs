namespace MlSystems.Features;

/// <summary>Distinct counts over hopping or tumbling windows: one HyperLogLog per hop, merged over the window on read.</summary>
internal sealed class DistinctAggregator
{
    private readonly long hop;
    private readonly int windowHops;
    private readonly long[] bucketOf;
    private readonly HyperLogLog[] buckets;
    private readonly byte[] merged;

    public DistinctAggregator(FeatureWindow window, int precision)
    {
        hop = window.Hop.Ticks;
        windowHops = (int)(window.Length.Ticks / hop);
        bucketOf = new long[windowHops + 1];
        bucketOf.AsSpan().Fill(long.MinValue);
        buckets = [.. Enumerable.Range(0, windowHops + 1).Select(_ => new HyperLogLog(precision))];
        merged = new byte[1 << precision];
    }

    public bool Add(long ticks, ulong hash)
    {
        long k = FloorDivide(ticks, hop);
        int slot = Slot(k);
        if (bucketOf[slot] > k)
        {
            return false;
        }

        if (bucketOf[slot] < k)
        {
            bucketOf[slot] = k;
            buckets[slot].Clear();
        }

        buckets[slot].Add(hash);
        return true;
    }

    public double Read(long ticks)
    {
        long end = FloorDivide(ticks, hop);
        Array.Clear(merged);
        for (long k = end - windowHops; k < end; k++)
        {
            int slot = Slot(k);
            if (bucketOf[slot] == k)
            {
                buckets[slot].MergeInto(merged);
            }
        }

        return Math.Round(HyperLogLog.Estimate(merged));
    }

    private int Slot(long k) => (int)(((k % buckets.Length) + buckets.Length) % buckets.Length);

    private static long FloorDivide(long a, long b) => a >= 0 ? a / b : ((a + 1) / b) - 1;
}
