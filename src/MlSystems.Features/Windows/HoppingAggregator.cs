namespace MlSystems.Features;

/// <summary>
/// Hopping and tumbling windows as a ring of per-hop summaries: an event adds to its hop's bucket (O(1)); a read
/// merges the buckets of the last completed window, oldest first. Out-of-order events land in their own bucket as long
/// as the ring still holds it.
/// </summary>
internal sealed class HoppingAggregator
{
    private readonly HopRing ring;
    private readonly AggregateState[] buckets;

    public HoppingAggregator(FeatureWindow window)
    {
        ring = new HopRing(window);
        buckets = new AggregateState[ring.Slots];
    }

    public bool Add(long ticks, double value)
    {
        int slot = ring.SlotForAdd(ticks, out bool recycled);
        if (slot < 0)
        {
            return false;
        }

        buckets[slot] = AggregateState.Combine(recycled ? AggregateState.Empty : buckets[slot], AggregateState.Of(value));
        return true;
    }

    public AggregateState Read(long ticks)
    {
        long end = ring.HopOf(ticks);
        AggregateState summary = AggregateState.Empty;
        for (long k = end - ring.WindowHops; k < end; k++)
        {
            if (ring.SlotHolding(k) is int slot and >= 0)
            {
                summary = AggregateState.Combine(summary, buckets[slot]);
            }
        }

        return summary;
    }
}
