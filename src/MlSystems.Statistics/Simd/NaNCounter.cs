using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MlSystems.Statistics.Simd;

/// <summary>Counts NaN values; a NaN is the only value that is not equal to itself.</summary>
internal static class NaNCounter
{
    public static int Count(ReadOnlySpan<double> values, VectorWidth width)
    {
        ref double source = ref MemoryMarshal.GetReference(values);
        int n = values.Length;
        int i = 0;
        long count = 0;
        if (width >= VectorWidth.Bits256 && n >= Vector256<double>.Count)
        {
            Vector256<long> acc = Vector256<long>.Zero;
            for (; i <= n - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                Vector256<double> x = Vector256.LoadUnsafe(ref source, (nuint)i);
                acc += ~Vector256.Equals(x, x).AsInt64();
            }

            count = -Vector256.Sum(acc);
        }
        else if (width >= VectorWidth.Bits128 && n >= Vector128<double>.Count)
        {
            Vector128<long> acc = Vector128<long>.Zero;
            for (; i <= n - Vector128<double>.Count; i += Vector128<double>.Count)
            {
                Vector128<double> x = Vector128.LoadUnsafe(ref source, (nuint)i);
                acc += ~Vector128.Equals(x, x).AsInt64();
            }

            count = -Vector128.Sum(acc);
        }

        for (; i < n; i++)
        {
            if (double.IsNaN(values[i]))
            {
                count++;
            }
        }

        return (int)count;
    }

    /// <summary>Copies the non-NaN values of <paramref name="values"/> into <paramref name="destination"/>, in order.</summary>
    /// <returns>The number of values copied.</returns>
    public static int CopyNonNaN(ReadOnlySpan<double> values, Span<double> destination)
    {
        int k = 0;
        foreach (double x in values)
        {
            if (!double.IsNaN(x))
            {
                destination[k++] = x;
            }
        }

        return k;
    }
}
