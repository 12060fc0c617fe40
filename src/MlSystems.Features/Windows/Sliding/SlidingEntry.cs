namespace MlSystems.Features;

/// <summary>One value in a sliding window's ring; <see cref="Suffix"/> is set while the entry is in the front part.</summary>
internal struct SlidingEntry<TState>
    where TState : struct
{
    public long Ticks;
    public double Value;

    /// <summary>The summary of this entry and every newer one in the front part.</summary>
    public TState Suffix;
}
