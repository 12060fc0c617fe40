namespace MlSystems.Features;

/// <summary>
/// Hopping and tumbling windows as a ring of per-hop summaries: an event adds to its hop's bucket (O(1)); a read
/// merges the buckets of the last completed window, oldest first. Out-of-order events land in their own bucket as long
/// as the ring still holds it.
/// </summary>
internal sealed class HoppingAggregator : IWindowAggregator
{
    private readonly long hop;
    private readonly int windowHops;
    private readonly long[] bucketOf;
    private readonly AggregateState[] buckets;

    public HoppingAggregator(FeatureWindow window)
    {
        hop = window.Hop.Ticks;
        windowHops = (int)(window.Length.Ticks / hop);

        // One bucket more than a window: the hop in progress, which no read includes yet.
        bucketOf = new long[windowHops + 1];
        bucketOf.AsSpan().Fill(long.MinValue);
        buckets = new AggregateState[windowHops + 1];
    }

    public bool Add(long ticks, double value)
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
            buckets[slot] = AggregateState.Empty;
        }

        buckets[slot] = AggregateState.Combine(buckets[slot], AggregateState.Of(value));
        return true;
    }

    public AggregateState Read(long ticks)
    {
        // The last completed window ends at the start of the hop holding `ticks`.
        long end = FloorDivide(ticks, hop);
        AggregateState summary = AggregateState.Empty;
        for (long k = end - windowHops; k < end; k++)
        {
            int slot = Slot(k);
            if (bucketOf[slot] == k)
            {
                summary = AggregateState.Combine(summary, buckets[slot]);
            }
        }

        return summary;
    }

    private int Slot(long k) => (int)(((k % buckets.Length) + buckets.Length) % buckets.Length);

    private static long FloorDivide(long a, long b) => a >= 0 ? a / b : ((a + 1) / b) - 1;
}
