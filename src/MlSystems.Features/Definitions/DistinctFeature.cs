namespace MlSystems.Features;

/// <summary>A distinct-count feature: the category it counts and its window.</summary>
internal sealed class DistinctFeature<TEvent>
{
    public required int Index { get; init; }

    public required Func<TEvent, string?> Value { get; init; }

    public required FeatureWindow Window { get; init; }

    public required int Precision { get; init; }
}
