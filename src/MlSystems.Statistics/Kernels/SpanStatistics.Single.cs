using System.Buffers;
using MlSystems.Statistics.Simd;

namespace MlSystems.Statistics;

public static partial class SpanStatistics
{
    /// <summary>
    /// <see cref="MeanVariance(ReadOnlySpan{double}, NaNPolicy)"/> over single-precision values (ML.NET's feature
    /// type), computed in double precision: the result equals the double overload applied to the widened values.
    /// </summary>
    /// <param name="values">The values; must hold at least one value after NaN handling, and no infinities.</param>
    /// <param name="nanPolicy">What to do with NaN values; <see cref="NaNPolicy.Reject"/> by default.</param>
    /// <exception cref="ArgumentException">
    /// <paramref name="values"/> is empty, contains ±∞, or contains NaN under <see cref="NaNPolicy.Reject"/>.
    /// </exception>
    public static MeanVarianceResult MeanVariance(ReadOnlySpan<float> values, NaNPolicy nanPolicy = NaNPolicy.Reject)
    {
        double[] widened = ArrayPool<double>.Shared.Rent(values.Length);
        try
        {
            FloatWidening.Widen(values, widened);
            return MeanVariance(widened.AsSpan(0, values.Length), nanPolicy);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(widened);
        }
    }

    /// <summary>
    /// <see cref="CountBins(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{long}, NaNPolicy)"/> over single-precision
    /// values, compared with the double edges exactly (each float is widened, never an edge narrowed).
    /// </summary>
    /// <param name="values">The values to count.</param>
    /// <param name="edges">Bin edges in strictly increasing order, none NaN.</param>
    /// <param name="counts">Per-bin counts, length <c>edges.Length + 1</c>; the new counts are added to it.</param>
    /// <param name="nanPolicy">What to do with NaN values; <see cref="NaNPolicy.Reject"/> by default.</param>
    /// <returns>The number of values counted (those that are not NaN).</returns>
    /// <exception cref="ArgumentException">As for the double overload.</exception>
    public static long CountBins(ReadOnlySpan<float> values, ReadOnlySpan<double> edges, Span<long> counts, NaNPolicy nanPolicy = NaNPolicy.Reject)
    {
        const int Block = 4096;
        NaNGuard.Validate(nanPolicy, nameof(nanPolicy));
        ValidateEdges(edges, nameof(edges));
        if (counts.Length != edges.Length + 1)
        {
            throw new ArgumentException($"counts must have edges.Length + 1 = {edges.Length + 1} elements, not {counts.Length}.", nameof(counts));
        }

        // Count into a scratch histogram first so that a rejected NaN leaves the caller's counts untouched.
        long[] local = ArrayPool<long>.Shared.Rent(counts.Length);
        double[] widened = ArrayPool<double>.Shared.Rent(Math.Min(Block, values.Length));
        try
        {
            Span<long> scratch = local.AsSpan(0, counts.Length);
            scratch.Clear();
            long nan = 0;
            for (int start = 0; start < values.Length; start += Block)
            {
                ReadOnlySpan<float> block = values.Slice(start, Math.Min(Block, values.Length - start));
                Span<double> wide = widened.AsSpan(0, block.Length);
                FloatWidening.Widen(block, wide);
                nan += BinCounter.Count(wide, edges, scratch, VectorWidths.Resolve(VectorWidths.BinCounting));
            }

            if (nan > 0 && nanPolicy == NaNPolicy.Reject)
            {
                throw NaNGuard.Rejected((int)nan, values.Length, nameof(values));
            }

            for (int j = 0; j < counts.Length; j++)
            {
                counts[j] += scratch[j];
            }

            return values.Length - nan;
        }
        finally
        {
            ArrayPool<double>.Shared.Return(widened);
            ArrayPool<long>.Shared.Return(local);
        }
    }
}
