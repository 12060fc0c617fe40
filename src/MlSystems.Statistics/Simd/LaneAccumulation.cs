using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MlSystems.Statistics.Simd;

/// <summary>
/// The loop shape of floating-point sums whose bits do not depend on the register width, run for any
/// <see cref="ILaneOperator"/>.
/// </summary>
/// <remarks>
/// Element <c>i</c> of each block of <see cref="Lanes"/> values goes into virtual lane <c>i mod 32</c> of both
/// accumulators; the 32 lanes are then folded in index order, and the tail is added in order. The same operations happen
/// in the same order at 512, 256 and 128 bits and in scalar code, so hosts with different CPUs produce the same bits,
/// which is what lets summaries from many hosts merge into identical results. NaN and infinities propagate as the
/// operator's IEEE arithmetic makes them.
/// </remarks>
internal static class LaneAccumulation
{
    public const int Lanes = 32;

    /// <summary>Runs <paramref name="op"/> over <paramref name="values"/> at <paramref name="width"/>; returns both folded accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (double First, double Second) Run<TOperator>(ReadOnlySpan<double> values, TOperator op, VectorWidth width)
        where TOperator : struct, ILaneOperator
    {
        int blocks = values.Length / Lanes;
        Span<double> lanes = stackalloc double[2 * Lanes];
        Span<double> first = lanes[..Lanes];
        Span<double> second = lanes[Lanes..];
        ref double source = ref MemoryMarshal.GetReference(values);
        switch (width)
        {
            case VectorWidth.Bits512: Blocks512(ref source, blocks, op, first, second); break;
            case VectorWidth.Bits256: Blocks256(ref source, blocks, op, first, second); break;
            case VectorWidth.Bits128: Blocks128(ref source, blocks, op, first, second); break;
            default: BlocksScalar(values, blocks, op, first, second); break;
        }

        double a = Fold(first);
        double b = Fold(second);
        for (int i = blocks * Lanes; i < values.Length; i++)
        {
            (a, b) = op.Invoke(values[i], a, b);
        }

        return (a, b);
    }

    private static double Fold(ReadOnlySpan<double> lanes)
    {
        double sum = 0;
        foreach (double lane in lanes)
        {
            sum += lane;
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BlocksScalar<TOperator>(ReadOnlySpan<double> values, int blocks, TOperator op, Span<double> first, Span<double> second)
        where TOperator : struct, ILaneOperator
    {
        first.Clear();
        second.Clear();
        for (int b = 0; b < blocks; b++)
        {
            ReadOnlySpan<double> block = values.Slice(b * Lanes, Lanes);
            for (int v = 0; v < Lanes; v++)
            {
                (first[v], second[v]) = op.Invoke(block[v], first[v], second[v]);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Blocks128<TOperator>(ref double source, int blocks, TOperator op, Span<double> first, Span<double> second)
        where TOperator : struct, ILaneOperator
    {
        // Sixteen pairs of registers would spill on x64 anyway: the accumulators live on the stack.
        Span<Vector128<double>> a = stackalloc Vector128<double>[Lanes / 2];
        Span<Vector128<double>> q = stackalloc Vector128<double>[Lanes / 2];
        a.Clear();
        q.Clear();
        for (int b = 0; b < blocks; b++)
        {
            ref double block = ref Unsafe.Add(ref source, b * Lanes);
            for (int k = 0; k < a.Length; k++)
            {
                // A constant per operator type: the JIT keeps one branch, and an unused second accumulator costs no stores.
                if (op.UsesSecond)
                {
                    (a[k], q[k]) = op.Invoke(Vector128.LoadUnsafe(ref block, (nuint)(2 * k)), a[k], q[k]);
                }
                else
                {
                    a[k] = op.Invoke(Vector128.LoadUnsafe(ref block, (nuint)(2 * k)), a[k], default).First;
                }
            }
        }

        MemoryMarshal.Cast<Vector128<double>, double>(a).CopyTo(first);
        MemoryMarshal.Cast<Vector128<double>, double>(q).CopyTo(second);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Blocks256<TOperator>(ref double source, int blocks, TOperator op, Span<double> first, Span<double> second)
        where TOperator : struct, ILaneOperator
    {
        Vector256<double> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        Vector256<double> q0 = default, q1 = default, q2 = default, q3 = default, q4 = default, q5 = default, q6 = default, q7 = default;
        for (int b = 0; b < blocks; b++)
        {
            ref double block = ref Unsafe.Add(ref source, b * Lanes);
            (a0, q0) = op.Invoke(Vector256.LoadUnsafe(ref block, 0), a0, q0);
            (a1, q1) = op.Invoke(Vector256.LoadUnsafe(ref block, 4), a1, q1);
            (a2, q2) = op.Invoke(Vector256.LoadUnsafe(ref block, 8), a2, q2);
            (a3, q3) = op.Invoke(Vector256.LoadUnsafe(ref block, 12), a3, q3);
            (a4, q4) = op.Invoke(Vector256.LoadUnsafe(ref block, 16), a4, q4);
            (a5, q5) = op.Invoke(Vector256.LoadUnsafe(ref block, 20), a5, q5);
            (a6, q6) = op.Invoke(Vector256.LoadUnsafe(ref block, 24), a6, q6);
            (a7, q7) = op.Invoke(Vector256.LoadUnsafe(ref block, 28), a7, q7);
        }

        Store(first, a0, a1, a2, a3, a4, a5, a6, a7);
        Store(second, q0, q1, q2, q3, q4, q5, q6, q7);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Blocks512<TOperator>(ref double source, int blocks, TOperator op, Span<double> first, Span<double> second)
        where TOperator : struct, ILaneOperator
    {
        Vector512<double> a0 = default, a1 = default, a2 = default, a3 = default;
        Vector512<double> q0 = default, q1 = default, q2 = default, q3 = default;
        for (int b = 0; b < blocks; b++)
        {
            ref double block = ref Unsafe.Add(ref source, b * Lanes);
            (a0, q0) = op.Invoke(Vector512.LoadUnsafe(ref block, 0), a0, q0);
            (a1, q1) = op.Invoke(Vector512.LoadUnsafe(ref block, 8), a1, q1);
            (a2, q2) = op.Invoke(Vector512.LoadUnsafe(ref block, 16), a2, q2);
            (a3, q3) = op.Invoke(Vector512.LoadUnsafe(ref block, 24), a3, q3);
        }

        Store(first, a0, a1, a2, a3);
        Store(second, q0, q1, q2, q3);
    }

    private static void Store(Span<double> lanes, Vector512<double> v0, Vector512<double> v1, Vector512<double> v2, Vector512<double> v3)
    {
        ref double l = ref MemoryMarshal.GetReference(lanes);
        v0.StoreUnsafe(ref l, 0);
        v1.StoreUnsafe(ref l, 8);
        v2.StoreUnsafe(ref l, 16);
        v3.StoreUnsafe(ref l, 24);
    }

    private static void Store(Span<double> lanes, Vector256<double> v0, Vector256<double> v1, Vector256<double> v2, Vector256<double> v3, Vector256<double> v4, Vector256<double> v5, Vector256<double> v6, Vector256<double> v7)
    {
        ref double l = ref MemoryMarshal.GetReference(lanes);
        v0.StoreUnsafe(ref l, 0);
        v1.StoreUnsafe(ref l, 4);
        v2.StoreUnsafe(ref l, 8);
        v3.StoreUnsafe(ref l, 12);
        v4.StoreUnsafe(ref l, 16);
        v5.StoreUnsafe(ref l, 20);
        v6.StoreUnsafe(ref l, 24);
        v7.StoreUnsafe(ref l, 28);
    }
}
