using MlSystems.Statistics.Simd;

namespace MlSystems.Statistics;

/// <summary>
/// SIMD kernels over spans of doubles: sums, moments, extremes, bin counts, sorting, quantiles and ECDF distances.
/// </summary>
/// <remarks>
/// <para>Every kernel picks its register width at run time (512, 256 or 128 bits, or scalar), the default per kernel
/// chosen by benchmark, and returns the same bits at every width: floating-point sums use a fixed 32-lane
/// accumulation order, so results do not depend on the CPU they ran on.</para>
/// <para>NaN handling follows <see cref="NaNPolicy"/>: rejected with an <see cref="ArgumentException"/> that gives the
/// count, or omitted on request. Kernels allocate nothing in steady state (scratch buffers come from
/// <see cref="System.Buffers.ArrayPool{T}.Shared"/>).</para>
/// </remarks>
public static partial class SpanStatistics
{
    /// <summary>The sum of <paramref name="values"/>.</summary>
    /// <param name="values">The values; empty sums to 0.</param>
    /// <param name="nanPolicy">What to do with NaN values; <see cref="NaNPolicy.Reject"/> by default.</param>
    /// <returns>The sum. As in IEEE arithmetic, ±∞ in the input give ±∞, and both +∞ and −∞ give NaN.</returns>
    /// <exception cref="ArgumentException"><paramref name="values"/> contains NaN and <paramref name="nanPolicy"/> is <see cref="NaNPolicy.Reject"/>.</exception>
    /// <remarks>Under <see cref="NaNPolicy.Propagate"/> a NaN in the input makes the sum NaN.</remarks>
    public static double Sum(ReadOnlySpan<double> values, NaNPolicy nanPolicy = NaNPolicy.Reject)
    {
        NaNGuard.Validate(nanPolicy, nameof(nanPolicy), allowPropagate: true);
        double sum = LaneSums.Sum(values, VectorWidths.Resolve(VectorWidths.Aggregation));
        if (!double.IsNaN(sum) || nanPolicy == NaNPolicy.Propagate)
        {
            return sum;
        }

        ReadOnlySpan<double> clean = NaNGuard.WithoutNaN(values, nanPolicy, nameof(values), out double[]? rented);
        try
        {
            return clean.Length == values.Length ? sum : LaneSums.Sum(clean, VectorWidths.Resolve(VectorWidths.Aggregation));
        }
        finally
        {
            NaNGuard.Return(rented);
        }
    }

    /// <summary>The mean and the sum of squared deviations of <paramref name="values"/>, in one numerically stable pass.</summary>
    /// <param name="values">The values; must hold at least one value after NaN handling, and no infinities.</param>
    /// <param name="nanPolicy">What to do with NaN values; <see cref="NaNPolicy.Reject"/> by default.</param>
    /// <returns>Count, mean and Σ(x − mean)², from which the population and sample variances follow.</returns>
    /// <exception cref="ArgumentException">
    /// <paramref name="values"/> is empty, contains ±∞ (moments are undefined), or contains NaN under <see cref="NaNPolicy.Reject"/>.
    /// </exception>
    /// <remarks>Under <see cref="NaNPolicy.Propagate"/> a NaN or ±∞ in the input makes the mean and Σ(x − mean)² NaN.</remarks>
    public static MeanVarianceResult MeanVariance(ReadOnlySpan<double> values, NaNPolicy nanPolicy = NaNPolicy.Reject)
    {
        NaNGuard.Validate(nanPolicy, nameof(nanPolicy), allowPropagate: true);
        (long count, double mean, double m2) = MomentsKernel.Run(values, VectorWidths.Resolve(VectorWidths.Moments));
        if (count > 0 && double.IsFinite(mean) && double.IsFinite(m2))
        {
            return new MeanVarianceResult(count, mean, m2);
        }

        if (nanPolicy == NaNPolicy.Propagate && count > 0 && !CountNonFinite(values).AllFinite)
        {
            return new MeanVarianceResult(count, double.NaN, double.NaN);
        }

        ReadOnlySpan<double> clean = NaNGuard.WithoutNaN(values, nanPolicy, nameof(values), out double[]? rented);
        try
        {
            if (clean.IsEmpty)
            {
                throw new ArgumentException(values.IsEmpty ? "The sample is empty." : "Every value is NaN.", nameof(values));
            }

            (count, mean, m2) = MomentsKernel.Run(clean, VectorWidths.Resolve(VectorWidths.Moments));
            if (!double.IsFinite(mean) || !double.IsFinite(m2))
            {
                throw InfiniteOrOverflow(clean, nameof(values));
            }

            return new MeanVarianceResult(count, mean, m2);
        }
        finally
        {
            NaNGuard.Return(rented);
        }
    }

    /// <summary>The smallest and largest of <paramref name="values"/> in one pass.</summary>
    /// <param name="values">The values; must hold at least one value after NaN handling. ±∞ are ordinary values here.</param>
    /// <param name="nanPolicy">What to do with NaN values; <see cref="NaNPolicy.Reject"/> by default.</param>
    /// <exception cref="ArgumentException"><paramref name="values"/> is empty, all NaN, or contains NaN under <see cref="NaNPolicy.Reject"/>.</exception>
    /// <remarks>Under <see cref="NaNPolicy.Propagate"/> a NaN in the input makes both results NaN.</remarks>
    public static MinMaxResult MinMax(ReadOnlySpan<double> values, NaNPolicy nanPolicy = NaNPolicy.Reject)
    {
        NaNGuard.Validate(nanPolicy, nameof(nanPolicy), allowPropagate: true);
        if (values.IsEmpty)
        {
            throw new ArgumentException("The sample is empty.", nameof(values));
        }

        (double min, double max) = MinMaxKernel.Run(values, VectorWidths.Resolve(VectorWidths.Aggregation));
        if (!double.IsNaN(min) || nanPolicy == NaNPolicy.Propagate)
        {
            return new MinMaxResult(min, max);
        }

        ReadOnlySpan<double> clean = NaNGuard.WithoutNaN(values, nanPolicy, nameof(values), out double[]? rented);
        try
        {
            if (clean.IsEmpty)
            {
                throw new ArgumentException("Every value is NaN.", nameof(values));
            }

            (min, max) = MinMaxKernel.Run(clean, VectorWidths.Resolve(VectorWidths.Aggregation));
            return new MinMaxResult(min, max);
        }
        finally
        {
            NaNGuard.Return(rented);
        }
    }

    private static ArgumentException InfiniteOrOverflow(ReadOnlySpan<double> values, string paramName)
    {
        int infinite = 0;
        foreach (double x in values)
        {
            if (double.IsInfinity(x))
            {
                infinite++;
            }
        }

        return infinite > 0
            ? new ArgumentException($"{infinite} of {values.Length} values are infinite; moments are undefined.", paramName)
            : new ArgumentException("The values are too large: the sum of squared deviations overflows a double.", paramName);
    }
}
