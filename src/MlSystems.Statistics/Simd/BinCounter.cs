using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MlSystems.Statistics.Simd;

/// <summary>
/// Counts values per bin against sorted edges: value x falls in bin j when edge[j-1] ≤ x &lt; edge[j], the
/// first and last bins open to −∞ and +∞.
/// </summary>
/// <remarks>
/// For a few edges the kernel counts, per threshold, how many values are ≥ it, and takes differences. The thresholds are
/// −∞ (every value but NaN, which fails every comparison: so NaN is counted and never lands in a bin) and the edges,
/// five at a time through <see cref="MaskCounting"/> over <see cref="AtLeastOperator"/> (so the usual nine edges of ten
/// bins take two passes), the last group filled with NaN thresholds that count nothing. Data are processed in L1-sized
/// blocks, so each group re-reads the block from L1 and its five counters stay in registers. Past <see cref="MaxEdgesForCompareCounting"/> edges a branch-free binary search
/// is cheaper.
/// </remarks>
internal static class BinCounter
{
    public const int MaxEdgesForCompareCounting = 24;
    private const int BlockLength = 512;

    /// <summary>Adds the per-bin counts to <paramref name="counts"/> (length edges + 1) and returns the NaN count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long Count(ReadOnlySpan<double> values, ReadOnlySpan<double> edges, Span<long> counts, VectorWidth width)
    {
        if (edges.IsEmpty || edges.Length > MaxEdgesForCompareCounting || width == VectorWidth.Scalar)
        {
            return CountBySearch(values, edges, counts);
        }

        // atLeast[0] counts the values ≥ −∞ (all but NaN), atLeast[j + 1] those ≥ edges[j]; each test is built once.
        int groups = (edges.Length + 1 + 4) / 5;
        Span<AtLeastOperator> tests = stackalloc AtLeastOperator[5 * groups];
        tests[0] = new AtLeastOperator(double.NegativeInfinity);
        for (int k = 1; k < tests.Length; k++)
        {
            tests[k] = new AtLeastOperator(k <= edges.Length ? edges[k - 1] : double.NaN);
        }

        Span<long> atLeast = stackalloc long[tests.Length];
        atLeast.Clear();
        for (int start = 0; start < values.Length; start += BlockLength)
        {
            ReadOnlySpan<double> block = values.Slice(start, Math.Min(BlockLength, values.Length - start));
            int tail = block.Length;
            for (int g = 0; g < tests.Length; g += 5)
            {
                tail = MaskCounting.CountFive(block, tests[g], tests[g + 1], tests[g + 2], tests[g + 3], tests[g + 4], width, atLeast.Slice(g, 5));
            }

            CountTail(block[tail..], edges, atLeast);
        }

        long valid = atLeast[0];
        for (int j = 0; j < edges.Length; j++)
        {
            counts[j] += atLeast[j] - atLeast[j + 1];
        }

        counts[edges.Length] += atLeast[edges.Length];
        return values.Length - valid;
    }

    /// <summary>Scalar reference and many-edge path: the bin index is the number of edges ≤ x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long CountBySearch(ReadOnlySpan<double> values, ReadOnlySpan<double> edges, Span<long> counts)
    {
        long nan = 0;
        foreach (double x in values)
        {
            if (double.IsNaN(x))
            {
                nan++;
                continue;
            }

            counts[UpperBound(edges, x)]++;
        }

        return nan;
    }

    /// <summary>The number of edges ≤ <paramref name="x"/>, found without data-dependent branches.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int UpperBound(ReadOnlySpan<double> edges, double x)
    {
        if (edges.IsEmpty)
        {
            return 0;
        }

        ref double e = ref MemoryMarshal.GetReference(edges);
        int basePos = 0;
        int length = edges.Length;
        while (length > 1)
        {
            int half = length >> 1;
            // A conditional move rather than a branch: the comparison outcome is unpredictable.
            basePos = Unsafe.Add(ref e, basePos + half) <= x ? basePos + half : basePos;
            length -= half;
        }

        return basePos + (Unsafe.Add(ref e, basePos) <= x ? 1 : 0);
    }

    /// <summary>The values past the last whole vector, counted one by one into the same thresholds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CountTail(ReadOnlySpan<double> tail, ReadOnlySpan<double> edges, Span<long> atLeast)
    {
        foreach (double x in tail)
        {
            if (double.IsNaN(x))
            {
                continue;
            }

            int upper = UpperBound(edges, x);
            for (int j = 0; j <= upper; j++)
            {
                atLeast[j]++;
            }
        }
    }
}
