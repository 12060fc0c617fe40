namespace MlSystems.Features;

/// <summary>One entity's windows, sketches, last values, newest event time and recent event ids; guarded by its own lock.</summary>
internal sealed class EntityState
{
    public EntityState(IWindowAggregator[] windows, DistinctAggregator[] distincts, LastValues[] lasts)
    {
        Windows = windows;
        Distincts = distincts;
        Lasts = lasts;
    }

    public IWindowAggregator[] Windows { get; }

    public DistinctAggregator[] Distincts { get; }

    public LastValues[] Lasts { get; }

    public long Newest { get; set; } = long.MinValue;

    /// <summary>Recent event ids with their event times, for duplicate detection within the lateness horizon.</summary>
    public Dictionary<string, long>? RecentIds { get; set; }
}
