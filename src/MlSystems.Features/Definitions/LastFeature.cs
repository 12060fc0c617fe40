namespace MlSystems.Features;

/// <summary>A last-N feature: the value it keeps, how many, and what fills the columns not yet seen.</summary>
internal sealed class LastFeature<TEvent>
{
    public required int Index { get; init; }

    public required Func<TEvent, double> Value { get; init; }

    public required int Count { get; init; }

    public double EmptyValue { get; init; }
}
