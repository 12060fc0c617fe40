using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MlSystems.Statistics.Simd;

/// <summary>
/// The loop shape of counting, over one block, the values that pass each of five <see cref="IMaskOperator"/> tests (one
/// load per vector shared by the five, five counters that stay in registers), or of one test over a whole span. The vectors' part only: the caller
/// counts the values past the returned index, which are fewer than one vector.
/// </summary>
internal static class MaskCounting
{
    /// <summary>Adds to <paramref name="counts"/>[k] the values of <paramref name="block"/>'s whole vectors that pass test k.</summary>
    /// <returns>The index of the first value not counted.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int CountFive<TOperator>(ReadOnlySpan<double> block, TOperator t0, TOperator t1, TOperator t2, TOperator t3, TOperator t4, VectorWidth width, Span<long> counts)
        where TOperator : struct, IMaskOperator
    {
        ref double source = ref MemoryMarshal.GetReference(block);
        switch (width)
        {
            case VectorWidth.Bits512:
            {
                int vectors = block.Length / Vector512<double>.Count;
                Vector512<long> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default;
                for (int v = 0; v < vectors; v++)
                {
                    Vector512<double> x = Vector512.LoadUnsafe(ref source, (nuint)(v * Vector512<double>.Count));
                    c0 += t0.Invoke(x).AsInt64();
                    c1 += t1.Invoke(x).AsInt64();
                    c2 += t2.Invoke(x).AsInt64();
                    c3 += t3.Invoke(x).AsInt64();
                    c4 += t4.Invoke(x).AsInt64();
                }

                // A passing lane is all ones, −1 as an integer: hence the negation.
                Add(counts, -Vector512.Sum(c0), -Vector512.Sum(c1), -Vector512.Sum(c2), -Vector512.Sum(c3), -Vector512.Sum(c4));
                return vectors * Vector512<double>.Count;
            }

            case VectorWidth.Bits256:
            {
                int vectors = block.Length / Vector256<double>.Count;
                Vector256<long> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default;
                for (int v = 0; v < vectors; v++)
                {
                    Vector256<double> x = Vector256.LoadUnsafe(ref source, (nuint)(v * Vector256<double>.Count));
                    c0 += t0.Invoke(x).AsInt64();
                    c1 += t1.Invoke(x).AsInt64();
                    c2 += t2.Invoke(x).AsInt64();
                    c3 += t3.Invoke(x).AsInt64();
                    c4 += t4.Invoke(x).AsInt64();
                }

                Add(counts, -Vector256.Sum(c0), -Vector256.Sum(c1), -Vector256.Sum(c2), -Vector256.Sum(c3), -Vector256.Sum(c4));
                return vectors * Vector256<double>.Count;
            }

            case VectorWidth.Bits128:
            {
                int vectors = block.Length / Vector128<double>.Count;
                Vector128<long> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default;
                for (int v = 0; v < vectors; v++)
                {
                    Vector128<double> x = Vector128.LoadUnsafe(ref source, (nuint)(v * Vector128<double>.Count));
                    c0 += t0.Invoke(x).AsInt64();
                    c1 += t1.Invoke(x).AsInt64();
                    c2 += t2.Invoke(x).AsInt64();
                    c3 += t3.Invoke(x).AsInt64();
                    c4 += t4.Invoke(x).AsInt64();
                }

                Add(counts, -Vector128.Sum(c0), -Vector128.Sum(c1), -Vector128.Sum(c2), -Vector128.Sum(c3), -Vector128.Sum(c4));
                return vectors * Vector128<double>.Count;
            }

            default:
                // The scalar width has no whole vectors: every value is the caller's tail.
                return 0;
        }
    }

    /// <summary>The values of <paramref name="values"/> that pass <paramref name="test"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long Count<TOperator>(ReadOnlySpan<double> values, TOperator test, VectorWidth width)
        where TOperator : struct, IMaskOperator
    {
        ref double source = ref MemoryMarshal.GetReference(values);
        int n = values.Length;
        int i = 0;
        long count = 0;
        if (width == VectorWidth.Bits512 && n >= Vector512<double>.Count)
        {
            Vector512<long> c = default;
            for (; i <= n - Vector512<double>.Count; i += Vector512<double>.Count)
            {
                c += test.Invoke(Vector512.LoadUnsafe(ref source, (nuint)i)).AsInt64();
            }

            count = -Vector512.Sum(c);
        }
        else if (width >= VectorWidth.Bits256 && n >= Vector256<double>.Count)
        {
            Vector256<long> c = default;
            for (; i <= n - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                c += test.Invoke(Vector256.LoadUnsafe(ref source, (nuint)i)).AsInt64();
            }

            count = -Vector256.Sum(c);
        }
        else if (width >= VectorWidth.Bits128 && n >= Vector128<double>.Count)
        {
            Vector128<long> c = default;
            for (; i <= n - Vector128<double>.Count; i += Vector128<double>.Count)
            {
                c += test.Invoke(Vector128.LoadUnsafe(ref source, (nuint)i)).AsInt64();
            }

            count = -Vector128.Sum(c);
        }

        for (; i < n; i++)
        {
            count += test.Invoke(values[i]) ? 1 : 0;
        }

        return count;
    }

    private static void Add(Span<long> counts, long n0, long n1, long n2, long n3, long n4)
    {
        counts[0] += n0;
        counts[1] += n1;
        counts[2] += n2;
        counts[3] += n3;
        counts[4] += n4;
    }
}
