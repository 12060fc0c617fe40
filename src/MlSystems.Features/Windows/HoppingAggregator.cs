namespace MlSystems.Features;

/// <summary>
/// Hopping and tumbling windows as a ring of per-hop summaries: a read merges the hops of the last completed window,
/// oldest first.
/// </summary>
/// <remarks>
/// A hop's summary is the fold of its events in <see cref="EventTime.Precedes"/> order, so it does not depend on the
/// order they arrived in: events within the lateness of the newest one wait in <see cref="pending"/>, in order, and are
/// folded into their hop once the newest event is a lateness past them, when nothing can arrive before them any more.
/// A read folds a hop's pending events after its summary, exactly as they will be folded. The ring then needs no more
/// than a window's hops and the one in progress. Only events applied beyond the lateness
/// (<see cref="LateEventPolicy.Apply"/>) fold in as they come, out of order.
/// </remarks>
internal sealed class HoppingAggregator
{
    private readonly HopRing ring;
    private readonly AggregateState[] buckets;
    private OrderedBuffer<SlidingPoint> pending = new();

    public HoppingAggregator(FeatureWindow window)
    {
        ring = new HopRing(window);
        buckets = new AggregateState[ring.Slots];
    }

    /// <param name="ticks">The event time.</param>
    /// <param name="value">The value.</param>
    /// <param name="horizon">The entity's newest event time less the allowed lateness, this event included.</param>
    /// <returns>False when the ring no longer holds the event's hop.</returns>
    public bool Add(long ticks, double value, long horizon)
    {
        bool added = true;
        if (ticks >= horizon)
        {
            pending.Add(new SlidingPoint { Ticks = ticks, Value = value });
        }
        else
        {
            added = Fold(ticks, value);
        }

        while (pending.Count > 0 && pending.Held[0].Ticks < horizon)
        {
            SlidingPoint oldest = pending.RemoveOldest();
            Fold(oldest.Ticks, oldest.Value);
        }

        return added;
    }

    public AggregateState Read(long ticks)
    {
        long end = ring.HopOf(ticks);
        AggregateState summary = AggregateState.Empty;
        ReadOnlySpan<SlidingPoint> waiting = pending.Held;
        int next = 0;
        for (long k = end - ring.WindowHops; k < end; k++)
        {
            AggregateState hop = ring.SlotHolding(k) is int slot and >= 0 ? buckets[slot] : AggregateState.Empty;
            for (; next < waiting.Length; next++)
            {
                long waitingHop = ring.HopOf(waiting[next].Ticks);
                if (waitingHop > k)
                {
                    break;
                }

                if (waitingHop == k)
                {
                    hop = AggregateState.Combine(hop, AggregateState.Of(waiting[next].Value));
                }
            }

            summary = AggregateState.Combine(summary, hop);
        }

        return summary;
    }

    /// <summary>Writes the ring's hops, the summary of each slot that has held one, and the values waiting out the lateness.</summary>
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

    /// <summary>Takes what <see cref="Save"/> wrote into a new aggregator of the same window.</summary>
    public void Load(SnapshotReader reader)
    {
        ring.Load(reader);
        for (int slot = 0; slot < buckets.Length; slot++)
        {
            buckets[slot] = ring.Used(slot) ? AggregateState.Load(reader) : AggregateState.Empty;
        }

        foreach (SlidingPoint point in reader.ReadPoints(SnapshotLimits.MaxWindowValues))
        {
            pending.Add(point);
        }
    }

    private bool Fold(long ticks, double value)
    {
        int slot = ring.SlotForAdd(ticks, out bool recycled);
        if (slot < 0)
        {
            return false;
        }

        buckets[slot] = AggregateState.Combine(recycled ? AggregateState.Empty : buckets[slot], AggregateState.Of(value));
        return true;
    }
}
