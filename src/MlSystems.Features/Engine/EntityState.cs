namespace MlSystems.Features;

/// <summary>One entity's windows, newest event time and recent event ids; guarded by its own lock.</summary>
internal sealed class EntityState
{
    public EntityState(IWindowAggregator[] windows) => Windows = windows;

    public IWindowAggregator[] Windows { get; }

    public long Newest { get; set; } = long.MinValue;

    /// <summary>Recent event ids with their event times, for duplicate detection within the lateness horizon.</summary>
    public Dictionary<string, long>? RecentIds { get; set; }
}
