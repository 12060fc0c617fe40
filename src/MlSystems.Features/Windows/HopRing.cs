namespace MlSystems.Features;

/// <summary>
/// The bookkeeping shared by hop-bucketed windows: which hop a time falls in, which ring slot holds that hop, and
/// whether a slot must be recycled for a newer hop or refuses an older one.
/// </summary>
internal sealed class HopRing
{
    private readonly long hop;
    private readonly long[] hopOf;

    /// <param name="window">The window.</param>
    /// <param name="lateness">The allowed lateness in ticks: the ring also keeps the hops a read that late needs.</param>
    public HopRing(FeatureWindow window, long lateness)
    {
        hop = window.Hop.Ticks;
        WindowHops = (int)(window.Length.Ticks / hop);

        hopOf = new long[SlotsFor(window, lateness)];
        hopOf.AsSpan().Fill(long.MinValue);
    }

    /// <summary>The most slots one entity's ring may have: its memory is this many summaries per entity.</summary>
    public const int MaxSlots = 1 << 16;

    /// <summary>
    /// The slots a window needs: its hops, the hop in progress (which no read includes yet), and the hops a read up to
    /// the lateness behind the newest event can still ask for; more than <see cref="MaxSlots"/> when that is too many.
    /// </summary>
    public static long SlotsFor(FeatureWindow window, long lateness)
    {
        long hop = window.Hop.Ticks;
        long lateHops = (lateness / hop) + 1;
        return Math.Min((window.Length.Ticks / hop) + 1 + lateHops, MaxSlots + 1L);
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

    private int Slot(long k) => (int)(((k % hopOf.Length) + hopOf.Length) % hopOf.Length);
}
