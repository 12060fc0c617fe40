using System.Runtime.CompilerServices;
namespace MlSystems.Statistics.Simd;

/// <summary>Counts NaN values; a NaN is the only value that is not equal to itself.</summary>
internal static class NaNCounter
{
    /// <summary>The number of NaN values: those that fail x ≥ −∞ (<see cref="MaskCounting"/> over <see cref="AtLeastOperator"/>).</summary>
    public static int Count(ReadOnlySpan<double> values, VectorWidth width) =>
        values.Length - (int)MaskCounting.Count(values, new AtLeastOperator(double.NegativeInfinity), width);

    /// <summary>Copies the non-NaN values of <paramref name="values"/> into <paramref name="destination"/>, in order.</summary>
    /// <returns>The number of values copied.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int CopyNonNaN(ReadOnlySpan<double> values, Span<double> destination)
    {
        int k = 0;
        foreach (double x in values)
        {
            if (!double.IsNaN(x))
            {
                destination[k++] = x;
            }
        }

        return k;
    }
}
