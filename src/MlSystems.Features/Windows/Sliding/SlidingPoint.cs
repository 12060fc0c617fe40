namespace MlSystems.Features;

/// <summary>One value of a small sliding window at its event time.</summary>
internal struct SlidingPoint : ITimedValue
{
    public long Ticks;
    public double Value;

    readonly long ITimedValue.Ticks => Ticks;

    readonly double ITimedValue.Value => Value;
}
