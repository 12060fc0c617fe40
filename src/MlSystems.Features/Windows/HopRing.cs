namespace MlSystems.Features;

/// <summary>
/// The bookkeeping shared by hop-bucketed windows: which hop a time falls in, which ring slot holds that hop, and
/// whether a slot must be recycled for a newer hop or refuses an older one.
/// </summary>
internal sealed class HopRing
{
    private readonly long hop;
    private readonly long[] hopOf;

    /// <remarks>
    /// A window's hops and the one in progress: the users fold an event into its hop only once it is a lateness behind
    /// the newest event, so the newest hop folded is never after the one a read within the lateness ends at.
    /// </remarks>
    public HopRing(FeatureWindow window)
    {
        hop = window.Hop.Ticks;
        WindowHops = (int)(window.Length.Ticks / hop);
        hopOf = new long[WindowHops + 1];
        hopOf.AsSpan().Fill(long.MinValue);
    }

    public int WindowHops { get; }

    public int Slots => hopOf.Length;

    /// <summary>The slot for an event at <paramref name="ticks"/>, or −1 when the ring no longer holds its hop.</summary>
    /// <param name="ticks">The event time.</param>
    /// <param name="recycled">True when the slot held an older hop and must be cleared before use.</param>
    public int SlotForAdd(long ticks, out bool recycled)
    {
        long k = HopOf(ticks);
        int slot = Slot(k);
        recycled = hopOf[slot] < k;
        if (hopOf[slot] > k)
        {
            return -1;
        }

        hopOf[slot] = k;
        return slot;
    }

    /// <summary>The hop holding <paramref name="ticks"/>: the last completed window ends where it starts.</summary>
    public long HopOf(long ticks) => EventTime.PeriodOf(ticks, hop);

    /// <summary>The slot of hop <paramref name="k"/> if it still holds that hop, else −1.</summary>
    public int SlotHolding(long k)
    {
        int slot = Slot(k);
        return hopOf[slot] == k ? slot : -1;
    }

    /// <summary>Whether the slot has held a hop (one that never has holds nothing worth saving).</summary>
    public bool Used(int slot) => hopOf[slot] != long.MinValue;

    /// <summary>Writes which hop each slot holds.</summary>
    public void Save(SnapshotWriter writer)
    {
        writer.WriteInt32(hopOf.Length);
        foreach (long k in hopOf)
        {
            writer.WriteInt64(k);
        }
    }

    /// <summary>Takes what <see cref="Save"/> wrote for a ring of the same window.</summary>
    public void Load(SnapshotReader reader)
    {
        int slots = reader.ReadInt32();
        if (slots != hopOf.Length)
        {
            throw SnapshotReader.Corrupt($"a hop ring has {slots} slots where its window has {hopOf.Length}");
        }

        for (int slot = 0; slot < hopOf.Length; slot++)
        {
            long k = reader.ReadInt64();
            if (k != long.MinValue && Slot(k) != slot)
            {
                throw SnapshotReader.Corrupt($"hop {k} is in slot {slot} of a ring that keeps it in slot {Slot(k)}");
            }

            hopOf[slot] = k;
        }
    }

    private int Slot(long k) => (int)(((k % hopOf.Length) + hopOf.Length) % hopOf.Length);
}
