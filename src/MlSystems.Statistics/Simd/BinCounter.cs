using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MlSystems.Statistics.Simd;

/// <summary>
/// Counts values per bin against sorted edges: value x falls in bin j when edge[j-1] ≤ x &lt; edge[j], the
/// first and last bins open to −∞ and +∞.
/// </summary>
/// <remarks>
/// For a few edges the kernel counts, per edge, how many values are ≥ that edge (one compare and one
/// subtract per vector) and takes differences; NaN fails every comparison, so it is counted separately and
/// never lands in a bin. Data are processed in L1-sized blocks, four edges at a time, so the accumulators stay
/// in registers. Past <see cref="MaxEdgesForCompareCounting"/> edges a branch-free binary search is cheaper.
/// </remarks>
internal static class BinCounter
{
    public const int MaxEdgesForCompareCounting = 24;
    private const int BlockLength = 512;

    /// <summary>Adds the per-bin counts to <paramref name="counts"/> (length edges + 1) and returns the NaN count.</summary>
    public static long Count(ReadOnlySpan<double> values, ReadOnlySpan<double> edges, Span<long> counts, VectorWidth width)
    {
        if (edges.IsEmpty || edges.Length > MaxEdgesForCompareCounting || width == VectorWidth.Scalar)
        {
            return CountBySearch(values, edges, counts);
        }

        Span<long> atLeast = stackalloc long[edges.Length];
        atLeast.Clear();
        long nan = 0;
        for (int start = 0; start < values.Length; start += BlockLength)
        {
            ReadOnlySpan<double> block = values.Slice(start, Math.Min(BlockLength, values.Length - start));
            nan += width switch
            {
                VectorWidth.Bits512 => CountBlock512(block, edges, atLeast),
                VectorWidth.Bits256 => CountBlock256(block, edges, atLeast),
                _ => CountBlock128(block, edges, atLeast),
            };
        }

        long valid = values.Length - nan;
        counts[0] += valid - atLeast[0];
        for (int j = 1; j < edges.Length; j++)
        {
            counts[j] += atLeast[j - 1] - atLeast[j];
        }

        counts[edges.Length] += atLeast[^1];
        return nan;
    }

    /// <summary>Scalar reference and many-edge path: the bin index is the number of edges ≤ x.</summary>
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

    private static long CountBlock256(ReadOnlySpan<double> block, ReadOnlySpan<double> edges, Span<long> atLeast)
    {
        ref double source = ref MemoryMarshal.GetReference(block);
        int vectors = block.Length / Vector256<double>.Count;
        int tailStart = vectors * Vector256<double>.Count;
        long nan = 0;
        int j = 0;
        for (; j + 4 <= edges.Length; j += 4)
        {
            Vector256<double> e0 = Vector256.Create(edges[j]), e1 = Vector256.Create(edges[j + 1]);
            Vector256<double> e2 = Vector256.Create(edges[j + 2]), e3 = Vector256.Create(edges[j + 3]);
            Vector256<long> c0 = default, c1 = default, c2 = default, c3 = default, cn = default;
            for (int v = 0; v < vectors; v++)
            {
                Vector256<double> x = Vector256.LoadUnsafe(ref source, (nuint)(v * Vector256<double>.Count));
                c0 += Vector256.GreaterThanOrEqual(x, e0).AsInt64();
                c1 += Vector256.GreaterThanOrEqual(x, e1).AsInt64();
                c2 += Vector256.GreaterThanOrEqual(x, e2).AsInt64();
                c3 += Vector256.GreaterThanOrEqual(x, e3).AsInt64();
                if (j == 0)
                {
                    cn += ~Vector256.Equals(x, x).AsInt64();
                }
            }

            // Compare masks are all ones (−1) for true, hence the negation.
            atLeast[j] -= Vector256.Sum(c0);
            atLeast[j + 1] -= Vector256.Sum(c1);
            atLeast[j + 2] -= Vector256.Sum(c2);
            atLeast[j + 3] -= Vector256.Sum(c3);
            nan -= Vector256.Sum(cn);
        }

        for (; j < edges.Length; j++)
        {
            Vector256<double> e0 = Vector256.Create(edges[j]);
            Vector256<long> c0 = default, cn = default;
            for (int v = 0; v < vectors; v++)
            {
                Vector256<double> x = Vector256.LoadUnsafe(ref source, (nuint)(v * Vector256<double>.Count));
                c0 += Vector256.GreaterThanOrEqual(x, e0).AsInt64();
                if (j == 0)
                {
                    cn += ~Vector256.Equals(x, x).AsInt64();
                }
            }

            atLeast[j] -= Vector256.Sum(c0);
            nan -= Vector256.Sum(cn);
        }

        return nan + CountTail(block[tailStart..], edges, atLeast);
    }

    private static long CountBlock512(ReadOnlySpan<double> block, ReadOnlySpan<double> edges, Span<long> atLeast)
    {
        ref double source = ref MemoryMarshal.GetReference(block);
        int vectors = block.Length / Vector512<double>.Count;
        int tailStart = vectors * Vector512<double>.Count;
        long nan = 0;
        int j = 0;
        for (; j + 4 <= edges.Length; j += 4)
        {
            Vector512<double> e0 = Vector512.Create(edges[j]), e1 = Vector512.Create(edges[j + 1]);
            Vector512<double> e2 = Vector512.Create(edges[j + 2]), e3 = Vector512.Create(edges[j + 3]);
            Vector512<long> c0 = default, c1 = default, c2 = default, c3 = default, cn = default;
            for (int v = 0; v < vectors; v++)
            {
                Vector512<double> x = Vector512.LoadUnsafe(ref source, (nuint)(v * Vector512<double>.Count));
                c0 += Vector512.GreaterThanOrEqual(x, e0).AsInt64();
                c1 += Vector512.GreaterThanOrEqual(x, e1).AsInt64();
                c2 += Vector512.GreaterThanOrEqual(x, e2).AsInt64();
                c3 += Vector512.GreaterThanOrEqual(x, e3).AsInt64();
                if (j == 0)
                {
                    cn += ~Vector512.Equals(x, x).AsInt64();
                }
            }

            atLeast[j] -= Vector512.Sum(c0);
            atLeast[j + 1] -= Vector512.Sum(c1);
            atLeast[j + 2] -= Vector512.Sum(c2);
            atLeast[j + 3] -= Vector512.Sum(c3);
            nan -= Vector512.Sum(cn);
        }

        for (; j < edges.Length; j++)
        {
            Vector512<double> e0 = Vector512.Create(edges[j]);
            Vector512<long> c0 = default, cn = default;
            for (int v = 0; v < vectors; v++)
            {
                Vector512<double> x = Vector512.LoadUnsafe(ref source, (nuint)(v * Vector512<double>.Count));
                c0 += Vector512.GreaterThanOrEqual(x, e0).AsInt64();
                if (j == 0)
                {
                    cn += ~Vector512.Equals(x, x).AsInt64();
                }
            }

            atLeast[j] -= Vector512.Sum(c0);
            nan -= Vector512.Sum(cn);
        }

        return nan + CountTail(block[tailStart..], edges, atLeast);
    }

    private static long CountBlock128(ReadOnlySpan<double> block, ReadOnlySpan<double> edges, Span<long> atLeast)
    {
        ref double source = ref MemoryMarshal.GetReference(block);
        int vectors = block.Length / Vector128<double>.Count;
        int tailStart = vectors * Vector128<double>.Count;
        long nan = 0;
        for (int j = 0; j < edges.Length; j++)
        {
            Vector128<double> e0 = Vector128.Create(edges[j]);
            Vector128<long> c0 = default, cn = default;
            for (int v = 0; v < vectors; v++)
            {
                Vector128<double> x = Vector128.LoadUnsafe(ref source, (nuint)(v * Vector128<double>.Count));
                c0 += Vector128.GreaterThanOrEqual(x, e0).AsInt64();
                if (j == 0)
                {
                    cn += ~Vector128.Equals(x, x).AsInt64();
                }
            }

            atLeast[j] -= Vector128.Sum(c0);
            nan -= Vector128.Sum(cn);
        }

        return nan + CountTail(block[tailStart..], edges, atLeast);
    }

    private static long CountTail(ReadOnlySpan<double> tail, ReadOnlySpan<double> edges, Span<long> atLeast)
    {
        long nan = 0;
        foreach (double x in tail)
        {
            if (double.IsNaN(x))
            {
                nan++;
                continue;
            }

            int upper = UpperBound(edges, x);
            for (int j = 0; j < upper; j++)
            {
                atLeast[j]++;
            }
        }

        return nan;
    }
}
