namespace MlSystems.Features;

/// <summary>
/// One aggregation over a sliding window as a monoid on a small state: the state of one value, the merge of an older
/// and a newer part, and the feature's value. Counts travel beside the state (the ring knows them), so a state carries
/// only what its aggregation needs: one double for sum, min and max, two for mean and variance.
/// </summary>
/// <typeparam name="TState">The per-part summary.</typeparam>
internal interface IWindowOperator<TState>
    where TState : struct
{
    /// <summary>The summary of one value.</summary>
    static abstract TState Of(double value);

    /// <summary>The summary of <paramref name="older"/> followed by <paramref name="newer"/>; both parts hold at least one value.</summary>
    static abstract TState Combine(in TState older, int olderCount, in TState newer, int newerCount);

    /// <summary>The feature's value for a window of <paramref name="count"/> values (<paramref name="empty"/> where the aggregation says so when the window is empty).</summary>
    static abstract double Value(in TState state, int count, double empty);
}
