namespace MlSystems.Features;

/// <summary>A value at its event time: what <see cref="SlidingFold"/> reads, from a cell's points or a ring's entries alike.</summary>
internal interface ITimedValue
{
    /// <summary>The event time, ticks since the Unix epoch.</summary>
    long Ticks { get; }

    /// <summary>The value.</summary>
    double Value { get; }
}
