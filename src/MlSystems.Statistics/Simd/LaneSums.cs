using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MlSystems.Statistics.Simd;

/// <summary>
/// Floating-point sums whose result does not depend on the register width.
/// </summary>
/// <remarks>
/// Every width accumulates element <c>i</c> of each 32-element block into virtual lane <c>i mod 32</c>,
/// folds the 32 lanes in index order and then adds the tail in order. The same additions happen in the
/// same order at 512, 256, 128 bits and in scalar code, so two hosts with different CPUs produce the same
/// bits — which is what lets summaries from many hosts merge into identical results.
/// </remarks>
internal static class LaneSums
{
    public const int Lanes = 32;

    /// <summary>Σ x over <paramref name="values"/>; NaN and infinities propagate as in IEEE arithmetic.</summary>
    public static double Sum(ReadOnlySpan<double> values, VectorWidth width)
    {
        int blocks = values.Length / Lanes;
        Span<double> lanes = stackalloc double[Lanes];
        ref double source = ref MemoryMarshal.GetReference(values);
        switch (width)
        {
            case VectorWidth.Bits512: Sum512(ref source, blocks, lanes); break;
            case VectorWidth.Bits256: Sum256(ref source, blocks, lanes); break;
            case VectorWidth.Bits128: Sum128(ref source, blocks, lanes); break;
            default: SumScalar(values, blocks, lanes); break;
        }

        double sum = FoldLanes(lanes);
        for (int i = blocks * Lanes; i < values.Length; i++)
        {
            sum += values[i];
        }

        return sum;
    }

    /// <summary>Σ (x − shift) and Σ (x − shift)² in one pass, the squares accumulated with fused multiply-add.</summary>
    public static (double Linear, double Squares) ShiftedSums(ReadOnlySpan<double> values, double shift, VectorWidth width)
    {
        int blocks = values.Length / Lanes;
        Span<double> lanes = stackalloc double[2 * Lanes];
        Span<double> linear = lanes[..Lanes];
        Span<double> squares = lanes[Lanes..];
        ref double source = ref MemoryMarshal.GetReference(values);
        switch (width)
        {
            case VectorWidth.Bits512: Shifted512(ref source, blocks, shift, linear, squares); break;
            case VectorWidth.Bits256: Shifted256(ref source, blocks, shift, linear, squares); break;
            case VectorWidth.Bits128: Shifted128(ref source, blocks, shift, linear, squares); break;
            default: ShiftedScalar(values, blocks, shift, linear, squares); break;
        }

        double s1 = FoldLanes(linear);
        double s2 = FoldLanes(squares);
        for (int i = blocks * Lanes; i < values.Length; i++)
        {
            double d = values[i] - shift;
            s1 += d;
            s2 = Math.FusedMultiplyAdd(d, d, s2);
        }

        return (s1, s2);
    }

    private static double FoldLanes(ReadOnlySpan<double> lanes)
    {
        double sum = 0;
        foreach (double lane in lanes)
        {
            sum += lane;
        }

        return sum;
    }

    private static void SumScalar(ReadOnlySpan<double> values, int blocks, Span<double> lanes)
    {
        lanes.Clear();
        for (int b = 0; b < blocks; b++)
        {
            ReadOnlySpan<double> block = values.Slice(b * Lanes, Lanes);
            for (int v = 0; v < Lanes; v++)
            {
                lanes[v] += block[v];
            }
        }
    }

    private static void Sum128(ref double source, int blocks, Span<double> lanes)
    {
        Span<Vector128<double>> acc = stackalloc Vector128<double>[Lanes / 2];
        acc.Clear();
        for (int b = 0; b < blocks; b++)
        {
            ref double block = ref Unsafe.Add(ref source, b * Lanes);
            for (int k = 0; k < acc.Length; k++)
            {
                acc[k] += Vector128.LoadUnsafe(ref block, (nuint)(2 * k));
            }
        }

        MemoryMarshal.Cast<Vector128<double>, double>(acc).CopyTo(lanes);
    }

    private static void Sum256(ref double source, int blocks, Span<double> lanes)
    {
        Vector256<double> a0 = default, a1 = default, a2 = default, a3 = default;
        Vector256<double> a4 = default, a5 = default, a6 = default, a7 = default;
        for (int b = 0; b < blocks; b++)
        {
            ref double block = ref Unsafe.Add(ref source, b * Lanes);
            a0 += Vector256.LoadUnsafe(ref block, 0);
            a1 += Vector256.LoadUnsafe(ref block, 4);
            a2 += Vector256.LoadUnsafe(ref block, 8);
            a3 += Vector256.LoadUnsafe(ref block, 12);
            a4 += Vector256.LoadUnsafe(ref block, 16);
            a5 += Vector256.LoadUnsafe(ref block, 20);
            a6 += Vector256.LoadUnsafe(ref block, 24);
            a7 += Vector256.LoadUnsafe(ref block, 28);
        }

        ref double l = ref MemoryMarshal.GetReference(lanes);
        a0.StoreUnsafe(ref l, 0);
        a1.StoreUnsafe(ref l, 4);
        a2.StoreUnsafe(ref l, 8);
        a3.StoreUnsafe(ref l, 12);
        a4.StoreUnsafe(ref l, 16);
        a5.StoreUnsafe(ref l, 20);
        a6.StoreUnsafe(ref l, 24);
        a7.StoreUnsafe(ref l, 28);
    }

    private static void Sum512(ref double source, int blocks, Span<double> lanes)
    {
        Vector512<double> a0 = default, a1 = default, a2 = default, a3 = default;
        for (int b = 0; b < blocks; b++)
        {
            ref double block = ref Unsafe.Add(ref source, b * Lanes);
            a0 += Vector512.LoadUnsafe(ref block, 0);
            a1 += Vector512.LoadUnsafe(ref block, 8);
            a2 += Vector512.LoadUnsafe(ref block, 16);
            a3 += Vector512.LoadUnsafe(ref block, 24);
        }

        ref double l = ref MemoryMarshal.GetReference(lanes);
        a0.StoreUnsafe(ref l, 0);
        a1.StoreUnsafe(ref l, 8);
        a2.StoreUnsafe(ref l, 16);
        a3.StoreUnsafe(ref l, 24);
    }

    private static void ShiftedScalar(ReadOnlySpan<double> values, int blocks, double shift, Span<double> linear, Span<double> squares)
    {
        linear.Clear();
        squares.Clear();
        for (int b = 0; b < blocks; b++)
        {
            ReadOnlySpan<double> block = values.Slice(b * Lanes, Lanes);
            for (int v = 0; v < Lanes; v++)
            {
                double d = block[v] - shift;
                linear[v] += d;
                squares[v] = Math.FusedMultiplyAdd(d, d, squares[v]);
            }
        }
    }

    private static void Shifted128(ref double source, int blocks, double shift, Span<double> linear, Span<double> squares)
    {
        Span<Vector128<double>> s1 = stackalloc Vector128<double>[Lanes / 2];
        Span<Vector128<double>> s2 = stackalloc Vector128<double>[Lanes / 2];
        s1.Clear();
        s2.Clear();
        Vector128<double> c = Vector128.Create(shift);
        for (int b = 0; b < blocks; b++)
        {
            ref double block = ref Unsafe.Add(ref source, b * Lanes);
            for (int k = 0; k < s1.Length; k++)
            {
                Vector128<double> d = Vector128.LoadUnsafe(ref block, (nuint)(2 * k)) - c;
                s1[k] += d;
                s2[k] = Vector128.FusedMultiplyAdd(d, d, s2[k]);
            }
        }

        MemoryMarshal.Cast<Vector128<double>, double>(s1).CopyTo(linear);
        MemoryMarshal.Cast<Vector128<double>, double>(s2).CopyTo(squares);
    }

    private static void Shifted256(ref double source, int blocks, double shift, Span<double> linear, Span<double> squares)
    {
        Vector256<double> c = Vector256.Create(shift);
        Vector256<double> l0 = default, l1 = default, l2 = default, l3 = default, l4 = default, l5 = default, l6 = default, l7 = default;
        Vector256<double> q0 = default, q1 = default, q2 = default, q3 = default, q4 = default, q5 = default, q6 = default, q7 = default;
        for (int b = 0; b < blocks; b++)
        {
            ref double block = ref Unsafe.Add(ref source, b * Lanes);
            Vector256<double> d0 = Vector256.LoadUnsafe(ref block, 0) - c;
            Vector256<double> d1 = Vector256.LoadUnsafe(ref block, 4) - c;
            Vector256<double> d2 = Vector256.LoadUnsafe(ref block, 8) - c;
            Vector256<double> d3 = Vector256.LoadUnsafe(ref block, 12) - c;
            l0 += d0;
            l1 += d1;
            l2 += d2;
            l3 += d3;
            q0 = Vector256.FusedMultiplyAdd(d0, d0, q0);
            q1 = Vector256.FusedMultiplyAdd(d1, d1, q1);
            q2 = Vector256.FusedMultiplyAdd(d2, d2, q2);
            q3 = Vector256.FusedMultiplyAdd(d3, d3, q3);
            Vector256<double> d4 = Vector256.LoadUnsafe(ref block, 16) - c;
            Vector256<double> d5 = Vector256.LoadUnsafe(ref block, 20) - c;
            Vector256<double> d6 = Vector256.LoadUnsafe(ref block, 24) - c;
            Vector256<double> d7 = Vector256.LoadUnsafe(ref block, 28) - c;
            l4 += d4;
            l5 += d5;
            l6 += d6;
            l7 += d7;
            q4 = Vector256.FusedMultiplyAdd(d4, d4, q4);
            q5 = Vector256.FusedMultiplyAdd(d5, d5, q5);
            q6 = Vector256.FusedMultiplyAdd(d6, d6, q6);
            q7 = Vector256.FusedMultiplyAdd(d7, d7, q7);
        }

        ref double lin = ref MemoryMarshal.GetReference(linear);
        ref double sq = ref MemoryMarshal.GetReference(squares);
        l0.StoreUnsafe(ref lin, 0);
        l1.StoreUnsafe(ref lin, 4);
        l2.StoreUnsafe(ref lin, 8);
        l3.StoreUnsafe(ref lin, 12);
        l4.StoreUnsafe(ref lin, 16);
        l5.StoreUnsafe(ref lin, 20);
        l6.StoreUnsafe(ref lin, 24);
        l7.StoreUnsafe(ref lin, 28);
        q0.StoreUnsafe(ref sq, 0);
        q1.StoreUnsafe(ref sq, 4);
        q2.StoreUnsafe(ref sq, 8);
        q3.StoreUnsafe(ref sq, 12);
        q4.StoreUnsafe(ref sq, 16);
        q5.StoreUnsafe(ref sq, 20);
        q6.StoreUnsafe(ref sq, 24);
        q7.StoreUnsafe(ref sq, 28);
    }

    private static void Shifted512(ref double source, int blocks, double shift, Span<double> linear, Span<double> squares)
    {
        Vector512<double> c = Vector512.Create(shift);
        Vector512<double> l0 = default, l1 = default, l2 = default, l3 = default;
        Vector512<double> q0 = default, q1 = default, q2 = default, q3 = default;
        for (int b = 0; b < blocks; b++)
        {
            ref double block = ref Unsafe.Add(ref source, b * Lanes);
            Vector512<double> d0 = Vector512.LoadUnsafe(ref block, 0) - c;
            Vector512<double> d1 = Vector512.LoadUnsafe(ref block, 8) - c;
            Vector512<double> d2 = Vector512.LoadUnsafe(ref block, 16) - c;
            Vector512<double> d3 = Vector512.LoadUnsafe(ref block, 24) - c;
            l0 += d0;
            l1 += d1;
            l2 += d2;
            l3 += d3;
            q0 = Vector512.FusedMultiplyAdd(d0, d0, q0);
            q1 = Vector512.FusedMultiplyAdd(d1, d1, q1);
            q2 = Vector512.FusedMultiplyAdd(d2, d2, q2);
            q3 = Vector512.FusedMultiplyAdd(d3, d3, q3);
        }

        ref double lin = ref MemoryMarshal.GetReference(linear);
        ref double sq = ref MemoryMarshal.GetReference(squares);
        l0.StoreUnsafe(ref lin, 0);
        l1.StoreUnsafe(ref lin, 8);
        l2.StoreUnsafe(ref lin, 16);
        l3.StoreUnsafe(ref lin, 24);
        q0.StoreUnsafe(ref sq, 0);
        q1.StoreUnsafe(ref sq, 8);
        q2.StoreUnsafe(ref sq, 16);
        q3.StoreUnsafe(ref sq, 24);
    }
}
