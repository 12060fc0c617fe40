namespace MlSystems.Statistics.Sorting;

/// <summary>
/// A monotone map from values to buckets for <see cref="BucketSelect"/>: x ≤ y implies bucket(x) ≤ bucket(y), so the
/// buckets partition the sorted order into consecutive runs.
/// </summary>
internal interface IBucketing
{
    /// <summary>The number of buckets; every bucket index is below it.</summary>
    static abstract int Count { get; }

    /// <summary>Writes the bucket of each non-NaN value to <paramref name="destination"/> (same length).</summary>
    void Map(ReadOnlySpan<double> values, Span<int> destination);
}
