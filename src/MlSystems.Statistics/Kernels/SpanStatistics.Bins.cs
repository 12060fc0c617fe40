using System.Buffers;
using MlSystems.Statistics.Simd;

namespace MlSystems.Statistics;

public static partial class SpanStatistics
{
    private const int StackBinLimit = 256;

    /// <summary>
    /// Counts <paramref name="values"/> into the bins that <paramref name="edges"/> define and adds the counts to
    /// <paramref name="counts"/>, so a histogram can be built chunk by chunk.
    /// </summary>
    /// <remarks>
    /// With k edges there are k + 1 bins: x falls in bin j when edges[j−1] ≤ x &lt; edges[j], bin 0 holds every x below
    /// edges[0] (−∞ included) and bin k every x ≥ edges[k−1] (+∞ included), so no value is lost. Up to
    /// a couple of dozen edges the kernel compares each vector against every edge; with more it uses a branch-free
    /// binary search per value.
    /// </remarks>
    /// <param name="values">The values to count.</param>
    /// <param name="edges">Bin edges in strictly increasing order, none NaN; may be empty (one bin).</param>
    /// <param name="counts">Per-bin counts, length <c>edges.Length + 1</c>; the new counts are added to it.</param>
    /// <param name="nanPolicy">What to do with NaN values; <see cref="NaNPolicy.Reject"/> by default.</param>
    /// <returns>The number of values counted (those that are not NaN).</returns>
    /// <exception cref="ArgumentException">
    /// <paramref name="counts"/> has the wrong length, <paramref name="edges"/> is not strictly increasing or holds NaN,
    /// or <paramref name="values"/> contains NaN under <see cref="NaNPolicy.Reject"/> (then <paramref name="counts"/> is left unchanged).
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="nanPolicy"/> is <see cref="NaNPolicy.Propagate"/> (NaN has no bin) or undefined.</exception>
    public static long CountBins(ReadOnlySpan<double> values, ReadOnlySpan<double> edges, Span<long> counts, NaNPolicy nanPolicy = NaNPolicy.Reject)
    {
        NaNGuard.Validate(nanPolicy, nameof(nanPolicy));
        ValidateEdges(edges, nameof(edges));
        if (counts.Length != edges.Length + 1)
        {
            throw new ArgumentException($"counts must have edges.Length + 1 = {edges.Length + 1} elements, not {counts.Length}.", nameof(counts));
        }

        long[]? rented = null;
        Span<long> local = counts.Length <= StackBinLimit
            ? stackalloc long[counts.Length]
            : (rented = ArrayPool<long>.Shared.Rent(counts.Length)).AsSpan(0, counts.Length);
        try
        {
            local.Clear();
            long nan = BinCounter.Count(values, edges, local, VectorWidths.Resolve(VectorWidths.BinCounting));
            if (nan > 0 && nanPolicy == NaNPolicy.Reject)
            {
                throw NaNGuard.Rejected((int)nan, values.Length, nameof(values));
            }

            for (int j = 0; j < counts.Length; j++)
            {
                counts[j] += local[j];
            }

            return values.Length - nan;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<long>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Throws unless <paramref name="edges"/> is strictly increasing and free of NaN.</summary>
    internal static void ValidateEdges(ReadOnlySpan<double> edges, string paramName)
    {
        for (int j = 0; j < edges.Length; j++)
        {
            if (double.IsNaN(edges[j]))
            {
                throw new ArgumentException($"Bin edge {j} is NaN.", paramName);
            }

            if (j > 0 && !(edges[j - 1] < edges[j]))
            {
                throw new ArgumentException($"Bin edges must be strictly increasing, but edge {j - 1} ({edges[j - 1]:R}) is not below edge {j} ({edges[j]:R}).", paramName);
            }
        }
    }
}
