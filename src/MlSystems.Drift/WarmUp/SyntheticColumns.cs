namespace MlSystems.Drift;

/// <summary>
/// Columns that look like a profile's reference: values drawn, in a seeded random order, from what the profile holds
/// (its exact sample, else its sketch's quantiles, else its histogram's edges). They exist to send a report down the
/// paths real data takes, not to be statistically faithful.
/// </summary>
internal static class SyntheticColumns
{
    private const int SketchPoints = 1024;
    private static readonly double[] Fallback = [0, 1];

    /// <summary>A column of <paramref name="rowCount"/> values shaped like <paramref name="profile"/>'s reference.</summary>
    public static FeatureColumn Like(FeatureProfile profile, int rowCount, Random random)
    {
        if (profile.Kind == FeatureKind.Categorical)
        {
            string[] categories = profile.Categories is { DistinctCount: > 0 } counts ? [.. counts.Entries.Select(e => e.Key)] : ["a", "b"];
            return FeatureColumn.Categorical(profile.Name, Enumerable.Range(0, rowCount).Select(_ => categories[random.Next(categories.Length)]));
        }

        ReadOnlySpan<double> source = NumericSource(profile);
        double[] values = new double[rowCount];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = source[random.Next(source.Length)];
        }

        return FeatureColumn.Numeric(profile.Name, values);
    }

    /// <summary>A standard normal sample by Box–Muller; deterministic for a seeded <paramref name="random"/>.</summary>
    public static double[] Normal(Random random, int length, double shift)
    {
        double[] values = new double[length];
        for (int i = 0; i < values.Length; i++)
        {
            double u = 1 - random.NextDouble();
            values[i] = shift + (Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * random.NextDouble()));
        }

        return values;
    }

    private static ReadOnlySpan<double> NumericSource(FeatureProfile profile)
    {
        if (profile.HasExactSample && !profile.SortedSample.IsEmpty)
        {
            return profile.SortedSample;
        }

        if (profile.Sketch is { Count: > 0 } sketch)
        {
            return Enumerable.Range(0, SketchPoints).Select(i => sketch.Quantile((i + 0.5) / SketchPoints)).ToArray();
        }

        if (profile.Histogram is { } histogram && histogram.Edges.Length > 0)
        {
            return histogram.Edges;
        }

        return Fallback;
    }
}
