using System.Buffers;
using System.Runtime.CompilerServices;
using MlSystems.Statistics;

namespace MlSystems.Drift;

/// <summary>Validates a sample at the public boundary of a drift test and applies the NaN policy.</summary>
internal static class SampleGuard
{
    /// <summary>
    /// Returns the sample's values to test: the input itself when it is clean, or its non-NaN values in a pooled array
    /// (<paramref name="rented"/>, to be returned with <see cref="Return"/>) under <see cref="NaNPolicy.Omit"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The sample is empty (after omitting NaN), holds ±∞, or holds NaN under <see cref="NaNPolicy.Reject"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ReadOnlySpan<double> Finite(ReadOnlySpan<double> values, string paramName, NaNPolicy nanPolicy, out double[]? rented)
    {
        rented = null;
        if (values.IsEmpty)
        {
            throw new ArgumentException($"The {paramName} sample is empty.", paramName);
        }

        NonFiniteCounts counts = SpanStatistics.CountNonFinite(values);
        if (counts.Infinite > 0)
        {
            throw new ArgumentException($"{counts.Infinite} of {values.Length} {paramName} values are infinite.", paramName);
        }

        if (counts.NaN == 0)
        {
            return values;
        }

        if (nanPolicy is not (NaNPolicy.Omit or NaNPolicy.Propagate))
        {
            throw new ArgumentException($"{counts.NaN} of {values.Length} {paramName} values are NaN. Set the NaN policy to Omit to leave them out.", paramName);
        }

        if (counts.NaN == values.Length)
        {
            throw new ArgumentException($"Every {paramName} value is NaN.", paramName);
        }

        rented = ArrayPool<double>.Shared.Rent(values.Length - counts.NaN);
        int k = 0;
        foreach (double x in values)
        {
            if (!double.IsNaN(x))
            {
                rented[k++] = x;
            }
        }

        return rented.AsSpan(0, k);
    }

    /// <summary>
    /// True when <paramref name="policy"/> is <see cref="NaNPolicy.Propagate"/> and the sample holds NaN or ±∞: the
    /// caller then returns a NaN result instead of testing.
    /// </summary>
    public static bool Propagates(ReadOnlySpan<double> values, NaNPolicy policy) =>
        policy == NaNPolicy.Propagate && !SpanStatistics.CountNonFinite(values).AllFinite;

    /// <summary>A pooled, sorted copy of <paramref name="values"/> (returned with <see cref="Return"/>).</summary>
    public static ReadOnlySpan<double> SortedCopy(ReadOnlySpan<double> values, out double[] rented)
    {
        rented = ArrayPool<double>.Shared.Rent(values.Length);
        Span<double> copy = rented.AsSpan(0, values.Length);
        values.CopyTo(copy);
        SpanStatistics.Sort(copy);
        return copy;
    }

    public static void Return(double[]? rented)
    {
        if (rented is not null)
        {
            ArrayPool<double>.Shared.Return(rented);
        }
    }
}
