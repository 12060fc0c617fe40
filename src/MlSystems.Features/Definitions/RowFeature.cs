namespace MlSystems.Features;

/// <summary>A row feature or categorical encoding: where it writes and how.</summary>
internal sealed class RowFeature<TEvent>
{
    public required string Name { get; init; }

    public required int Index { get; init; }

    public Func<TEvent, double>? Numeric { get; init; }

    public RowTransform Transform { get; init; } = RowTransform.Identity;

    public Func<TEvent, string?>? Category { get; init; }

    /// <summary>One-hot categories (the last column is "other"), or null for hashing.</summary>
    public Dictionary<string, int>? Categories { get; init; }

    public int Width { get; init; } = 1;

    public double MissingValue { get; init; }
}
