namespace MlSystems.Features;

/// <summary>One entity's state for one window: values added by event time, read as of a moment.</summary>
internal interface IWindowAggregator
{
    /// <summary>Adds a value at <paramref name="ticks"/> (event time, ticks since the Unix epoch).</summary>
    /// <returns>False when the event is older than anything the window still holds and so can no longer count.</returns>
    bool Add(long ticks, double value);

    /// <summary>The summary of the window as of <paramref name="ticks"/>.</summary>
    AggregateState Read(long ticks);
}
