namespace MlSystems.Features;

/// <summary>One value in a sliding window's ring with the folds of its pane that <see cref="SlidingFold"/> defines.</summary>
internal struct SlidingEntry<TState> : ITimedValue
    where TState : struct
{
    public long Ticks;
    public double Value;

    /// <summary>The left fold of its pane's entries from the pane's first up to this one.</summary>
    public TState Prefix;

    /// <summary>The right fold of its pane's entries from this one to the pane's last; valid once computed for the pane.</summary>
    public TState Suffix;

    /// <summary>How many entries of its pane come before it.</summary>
    public int InPane;

    readonly long ITimedValue.Ticks => Ticks;

    readonly double ITimedValue.Value => Value;
}
