using System.Buffers;
using MlSystems.Statistics.Simd;
using MlSystems.Statistics.Sorting;

namespace MlSystems.Statistics;

public static partial class SpanStatistics
{
    /// <summary>Sorts <paramref name="values"/> ascending, in place, with a radix sort several times faster than <see cref="Array.Sort{T}(T[])"/>.</summary>
    /// <remarks>
    /// The order is total: −∞ &lt; negative numbers &lt; −0 &lt; +0 &lt; positive numbers &lt; +∞ (unlike
    /// <see cref="Array.Sort{T}(T[])"/>, −0 always precedes +0). The sort is not stable, which cannot be observed for
    /// doubles except through NaN payloads. Scratch space comes from the shared array pool.
    /// </remarks>
    /// <param name="values">The values to sort.</param>
    /// <param name="nanPolicy">
    /// <see cref="NaNPolicy.Reject"/> (default): NaN throws before anything is moved. <see cref="NaNPolicy.Omit"/>: NaN
    /// values are moved to the end, after +∞, and are not counted in the return value.
    /// </param>
    /// <returns>The number of non-NaN values, which occupy the front of <paramref name="values"/> in order.</returns>
    /// <exception cref="ArgumentException"><paramref name="values"/> contains NaN under <see cref="NaNPolicy.Reject"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="nanPolicy"/> is <see cref="NaNPolicy.Propagate"/> (NaN has no rank) or undefined.</exception>
    public static int Sort(Span<double> values, NaNPolicy nanPolicy = NaNPolicy.Reject)
    {
        NaNGuard.Validate(nanPolicy, nameof(nanPolicy));
        int nan = NaNCounter.Count(values, VectorWidths.Resolve(VectorWidths.NaNCounting));
        if (nan > 0 && nanPolicy == NaNPolicy.Reject)
        {
            throw NaNGuard.Rejected(nan, values.Length, nameof(values));
        }

        if (values.Length <= RadixSort.SmallInputThreshold)
        {
            RadixSort.Sort(values, []);
        }
        else
        {
            ulong[] scratch = ArrayPool<ulong>.Shared.Rent(values.Length);
            RadixSort.Sort(values, scratch);
            ArrayPool<ulong>.Shared.Return(scratch);
        }

        return values.Length - nan;
    }
}
