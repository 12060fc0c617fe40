namespace MlSystems.Features;

/// <summary>One value of a small sliding window at its event time.</summary>
internal struct SlidingPoint
{
    public long Ticks;
    public double Value;
}
