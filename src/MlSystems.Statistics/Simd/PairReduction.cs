using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MlSystems.Statistics.Simd;

/// <summary>
/// The loop shape of an order-free reduction into two accumulators, run for any <see cref="IPairReductionOperator"/>:
/// two pairs of vector accumulators (so consecutive steps do not wait on each other), one more vector, the lanes merged,
/// then the scalar tail.
/// </summary>
internal static class PairReduction
{
    /// <summary>Runs <paramref name="op"/> over <paramref name="values"/> at <paramref name="width"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (double First, double Second) Run<TOperator>(ReadOnlySpan<double> values, TOperator op, VectorWidth width)
        where TOperator : struct, IPairReductionOperator
    {
        ref double source = ref MemoryMarshal.GetReference(values);
        int n = values.Length;
        int i = 0;
        (double First, double Second) result = op.Seed;
        if (width == VectorWidth.Bits512 && n >= Vector512<double>.Count)
        {
            result = Vectors512(ref source, n, ref i, op);
        }
        else if (width >= VectorWidth.Bits256 && n >= Vector256<double>.Count)
        {
            result = Vectors256(ref source, n, ref i, op);
        }
        else if (width >= VectorWidth.Bits128 && n >= Vector128<double>.Count)
        {
            result = Vectors128(ref source, n, ref i, op);
        }

        for (; i < n; i++)
        {
            result = op.Invoke(values[i], result.First, result.Second);
        }

        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (double, double) Vectors512<TOperator>(ref double source, int n, ref int i, TOperator op)
        where TOperator : struct, IPairReductionOperator
    {
        const int Count = 8;
        Vector512<double> a0 = Vector512.Create(op.Seed.First), b0 = Vector512.Create(op.Seed.Second), a1 = a0, b1 = b0;
        for (; i <= n - (2 * Count); i += 2 * Count)
        {
            (a0, b0) = op.Invoke(Vector512.LoadUnsafe(ref source, (nuint)i), a0, b0);
            (a1, b1) = op.Invoke(Vector512.LoadUnsafe(ref source, (nuint)(i + Count)), a1, b1);
        }

        if (i <= n - Count)
        {
            (a0, b0) = op.Invoke(Vector512.LoadUnsafe(ref source, (nuint)i), a0, b0);
            i += Count;
        }

        Span<double> lanes = stackalloc double[4 * Count];
        a0.StoreUnsafe(ref MemoryMarshal.GetReference(lanes), 0);
        b0.StoreUnsafe(ref MemoryMarshal.GetReference(lanes), Count);
        a1.StoreUnsafe(ref MemoryMarshal.GetReference(lanes), 2 * Count);
        b1.StoreUnsafe(ref MemoryMarshal.GetReference(lanes), 3 * Count);
        return MergeLanes(lanes, Count, op);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (double, double) Vectors256<TOperator>(ref double source, int n, ref int i, TOperator op)
        where TOperator : struct, IPairReductionOperator
    {
        const int Count = 4;
        Vector256<double> a0 = Vector256.Create(op.Seed.First), b0 = Vector256.Create(op.Seed.Second), a1 = a0, b1 = b0;
        for (; i <= n - (2 * Count); i += 2 * Count)
        {
            (a0, b0) = op.Invoke(Vector256.LoadUnsafe(ref source, (nuint)i), a0, b0);
            (a1, b1) = op.Invoke(Vector256.LoadUnsafe(ref source, (nuint)(i + Count)), a1, b1);
        }

        if (i <= n - Count)
        {
            (a0, b0) = op.Invoke(Vector256.LoadUnsafe(ref source, (nuint)i), a0, b0);
            i += Count;
        }

        Span<double> lanes = stackalloc double[4 * Count];
        a0.StoreUnsafe(ref MemoryMarshal.GetReference(lanes), 0);
        b0.StoreUnsafe(ref MemoryMarshal.GetReference(lanes), Count);
        a1.StoreUnsafe(ref MemoryMarshal.GetReference(lanes), 2 * Count);
        b1.StoreUnsafe(ref MemoryMarshal.GetReference(lanes), 3 * Count);
        return MergeLanes(lanes, Count, op);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (double, double) Vectors128<TOperator>(ref double source, int n, ref int i, TOperator op)
        where TOperator : struct, IPairReductionOperator
    {
        const int Count = 2;
        Vector128<double> a0 = Vector128.Create(op.Seed.First), b0 = Vector128.Create(op.Seed.Second), a1 = a0, b1 = b0;
        for (; i <= n - (2 * Count); i += 2 * Count)
        {
            (a0, b0) = op.Invoke(Vector128.LoadUnsafe(ref source, (nuint)i), a0, b0);
            (a1, b1) = op.Invoke(Vector128.LoadUnsafe(ref source, (nuint)(i + Count)), a1, b1);
        }

        if (i <= n - Count)
        {
            (a0, b0) = op.Invoke(Vector128.LoadUnsafe(ref source, (nuint)i), a0, b0);
            i += Count;
        }

        Span<double> lanes = stackalloc double[4 * Count];
        a0.StoreUnsafe(ref MemoryMarshal.GetReference(lanes), 0);
        b0.StoreUnsafe(ref MemoryMarshal.GetReference(lanes), Count);
        a1.StoreUnsafe(ref MemoryMarshal.GetReference(lanes), 2 * Count);
        b1.StoreUnsafe(ref MemoryMarshal.GetReference(lanes), 3 * Count);
        return MergeLanes(lanes, Count, op);
    }

    /// <summary>Merges the lanes stored as first₀, second₀, first₁, second₁, each <paramref name="count"/> long.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (double, double) MergeLanes<TOperator>(ReadOnlySpan<double> lanes, int count, TOperator op)
        where TOperator : struct, IPairReductionOperator
    {
        (double First, double Second) result = op.Seed;
        for (int k = 0; k < count; k++)
        {
            result = op.Merge(result, (lanes[k], lanes[count + k]));
            result = op.Merge(result, (lanes[(2 * count) + k], lanes[(3 * count) + k]));
        }

        return result;
    }
}
