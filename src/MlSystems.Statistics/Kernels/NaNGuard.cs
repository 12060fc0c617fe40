using System.Buffers;
using MlSystems.Statistics.Simd;

namespace MlSystems.Statistics;

/// <summary>Applies a <see cref="NaNPolicy"/> at the public boundary once a kernel has seen a NaN.</summary>
internal static class NaNGuard
{
    public static ArgumentException Rejected(int nanCount, int length, string paramName) =>
        new($"{nanCount} of {length} values are NaN. Pass NaNPolicy.Omit to leave them out.", paramName);

    /// <summary>Throws for an undefined policy, and for <see cref="NaNPolicy.Propagate"/> where the result is not a number.</summary>
    public static void Validate(NaNPolicy policy, string paramName, bool allowPropagate = false)
    {
        if (policy is not (NaNPolicy.Reject or NaNPolicy.Omit or NaNPolicy.Propagate))
        {
            throw new ArgumentOutOfRangeException(paramName, policy, "Unknown NaN policy.");
        }

        if (policy == NaNPolicy.Propagate && !allowPropagate)
        {
            throw new ArgumentOutOfRangeException(paramName, policy, "NaNPolicy.Propagate applies where the result is a number; counts, orders and summaries cannot hold NaN, so use Reject or Omit.");
        }
    }

    /// <summary>
    /// Counts the NaN in <paramref name="values"/>. Under <see cref="NaNPolicy.Reject"/> any NaN throws; under
    /// <see cref="NaNPolicy.Omit"/> the remaining values are copied to a pooled array (returned in
    /// <paramref name="rented"/>, to be given back by the caller) and returned.
    /// </summary>
    public static ReadOnlySpan<double> WithoutNaN(ReadOnlySpan<double> values, NaNPolicy policy, string paramName, out double[]? rented)
    {
        rented = null;
        int nan = NaNCounter.Count(values, VectorWidths.Resolve(VectorWidths.NaNCounting));
        if (nan == 0)
        {
            return values;
        }

        if (policy == NaNPolicy.Reject)
        {
            throw Rejected(nan, values.Length, paramName);
        }

        rented = ArrayPool<double>.Shared.Rent(values.Length - nan);
        int kept = NaNCounter.CopyNonNaN(values, rented);
        return rented.AsSpan(0, kept);
    }

    public static void Return(double[]? rented)
    {
        if (rented is not null)
        {
            ArrayPool<double>.Shared.Return(rented);
        }
    }
}
