using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MlSystems.Statistics;

public static partial class SpanStatistics
{
    /// <summary>Counts the NaN and infinite values of <paramref name="values"/> in one SIMD pass, for validating input at a boundary.</summary>
    /// <param name="values">The values; may be empty.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static NonFiniteCounts CountNonFinite(ReadOnlySpan<double> values)
    {
        ref double source = ref MemoryMarshal.GetReference(values);
        int n = values.Length;
        int i = 0;
        long nan = 0, infinite = 0;
        if (Vector256.IsHardwareAccelerated && n >= Vector256<double>.Count)
        {
            Vector256<long> nanAcc = Vector256<long>.Zero, infAcc = Vector256<long>.Zero;
            Vector256<double> infinity = Vector256.Create(double.PositiveInfinity);
            for (; i <= n - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                Vector256<double> x = Vector256.LoadUnsafe(ref source, (nuint)i);
                nanAcc += ~Vector256.Equals(x, x).AsInt64();
                infAcc += Vector256.Equals(Vector256.Abs(x), infinity).AsInt64();
            }

            // Masks are −1 per true lane.
            nan = -Vector256.Sum(nanAcc);
            infinite = -Vector256.Sum(infAcc);
        }

        for (; i < n; i++)
        {
            double x = values[i];
            nan += double.IsNaN(x) ? 1 : 0;
            infinite += double.IsInfinity(x) ? 1 : 0;
        }

        return new NonFiniteCounts((int)nan, (int)infinite);
    }
}
