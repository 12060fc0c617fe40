namespace MlSystems.Features;

/// <summary>A window feature: the value it aggregates, how, over which window.</summary>
internal sealed class WindowFeature<TEvent>
{
    public required string Name { get; init; }

    public required int Index { get; init; }

    public required Func<TEvent, double> Value { get; init; }

    public required Aggregation Aggregation { get; init; }

    public required FeatureWindow Window { get; init; }

    public double EmptyValue { get; init; }
}
