namespace MlSystems.Features.Tests.Support;

/// <summary>The window features of <see cref="Payments.Features"/> recomputed from the raw values in the window.</summary>
internal static class BruteForceWindow
{
    /// <summary>Whether a vector's count, min and max equal those of <paramref name="values"/> exactly, and its sum, mean and variance within 1e-9 relative.</summary>
    public static bool Matches(FeatureSet<Payment> features, double[] vector, double[] values)
    {
        double mean = values.Length > 0 ? values.Average() : 0;
        double variance = values.Length > 1 ? values.Sum(x => (x - mean) * (x - mean)) / (values.Length - 1) : 0;
        return vector[features.IndexOf("count")] == values.Length
            && vector[features.IndexOf("min")] == (values.Length > 0 ? values.Min() : 0)
            && vector[features.IndexOf("max")] == (values.Length > 0 ? values.Max() : 0)
            && Close(vector[features.IndexOf("sum")], values.Sum())
            && Close(vector[features.IndexOf("mean")], mean)
            && Close(vector[features.IndexOf("variance")], variance);
    }

    private static bool Close(double a, double b) => Math.Abs(a - b) <= 1e-9 * Math.Max(1, Math.Abs(b));
}
