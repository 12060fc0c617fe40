namespace MlSystems.Features;

/// <summary>A transform of one numeric value, the same in training and serving.</summary>
public sealed class RowTransform
{
    private readonly Func<double, double> apply;

    private RowTransform(string description, Func<double, double> apply, string? canonical = null)
    {
        Description = description;
        Canonical = canonical ?? description;
        this.apply = apply;
    }

    /// <summary>The value unchanged.</summary>
    public static RowTransform Identity { get; } = new("identity", x => x);

    /// <summary>What the transform does, for logs and lineage.</summary>
    public string Description { get; }

    /// <summary>(x − mean) / standard deviation, with the training data's mean and deviation.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The mean is not finite or the deviation is not positive and finite.</exception>
    public static RowTransform Standardize(double mean, double standardDeviation)
    {
        if (!double.IsFinite(mean))
        {
            throw new ArgumentOutOfRangeException(nameof(mean), mean, "The mean must be finite.");
        }

        if (!(standardDeviation > 0) || !double.IsFinite(standardDeviation))
        {
            throw new ArgumentOutOfRangeException(nameof(standardDeviation), standardDeviation, "The deviation must be positive and finite.");
        }

        return new RowTransform(FormattableString.Invariant($"standardize({mean:R}, {standardDeviation:R})"), x => (x - mean) / standardDeviation, $"standardize:{Bits([mean, standardDeviation])}");
    }

    /// <summary>(x − min) / (max − min), not clipped.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The bounds are not finite or max ≤ min.</exception>
    public static RowTransform MinMax(double min, double max)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || !(max > min))
        {
            throw new ArgumentOutOfRangeException(nameof(max), max, $"Need finite bounds with max > min; got [{min}, {max}].");
        }

        return new RowTransform(FormattableString.Invariant($"minmax({min:R}, {max:R})"), x => (x - min) / (max - min), $"minmax:{Bits([min, max])}");
    }

    /// <summary>The bucket index: the number of edges ≤ x (0 … edges.Count), as the drift bins count.</summary>
    /// <exception cref="ArgumentException">The edges are empty, not finite or not strictly increasing.</exception>
    public static RowTransform Bucketize(IReadOnlyList<double> edges)
    {
        ArgumentNullException.ThrowIfNull(edges);
        double[] sorted = [.. edges];
        if (sorted.Length == 0 || sorted.Any(e => !double.IsFinite(e)) || sorted.Zip(sorted.Skip(1)).Any(p => !(p.First < p.Second)))
        {
            throw new ArgumentException("Bucket edges must be finite and strictly increasing.", nameof(edges));
        }

        return new RowTransform(
            $"bucketize({sorted.Length} edges)",
            x =>
            {
                int index = Array.BinarySearch(sorted, x);
                return index >= 0 ? index + 1 : ~index;
            },
            $"bucketize:{Bits(sorted)}");
    }

    /// <summary>A custom transform; it must be pure (the same input always gives the same output) for training and serving to agree.</summary>
    public static RowTransform Custom(string description, Func<double, double> transform)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        ArgumentNullException.ThrowIfNull(transform);
        return new RowTransform(description, transform, "custom:" + description);
    }

    /// <summary>The transform's parameters in a culture-free, exact form (every double by its bits), for the schema fingerprint.</summary>
    internal string Canonical { get; }

    internal double Apply(double value) => apply(value);

    private static string Bits(IEnumerable<double> values) =>
        string.Join(',', values.Select(v => BitConverter.DoubleToInt64Bits(v).ToString("x16", System.Globalization.CultureInfo.InvariantCulture)));
}
