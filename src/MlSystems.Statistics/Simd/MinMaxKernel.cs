namespace MlSystems.Statistics.Simd;

/// <summary>
/// Minimum and maximum in one pass with IEEE 754-2019 semantics (NaN propagates, −0 is less than +0),
/// the same as <see cref="Math.Min(double, double)"/>, so every width returns the same bits:
/// <see cref="PairReduction"/> over <see cref="MinMaxOperator"/>.
/// </summary>
internal static class MinMaxKernel
{
    public static (double Min, double Max) Run(ReadOnlySpan<double> values, VectorWidth width) =>
        PairReduction.Run(values, default(MinMaxOperator), width);
}
