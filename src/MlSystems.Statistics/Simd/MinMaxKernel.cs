using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MlSystems.Statistics.Simd;

/// <summary>
/// Minimum and maximum in one pass with IEEE 754-2019 semantics (NaN propagates, −0 is less than +0),
/// the same as <see cref="Math.Min(double, double)"/>, so every width returns the same bits.
/// </summary>
internal static class MinMaxKernel
{
    public static (double Min, double Max) Run(ReadOnlySpan<double> values, VectorWidth width)
    {
        ref double source = ref MemoryMarshal.GetReference(values);
        int n = values.Length;
        int i = 0;
        double min = double.PositiveInfinity;
        double max = double.NegativeInfinity;
        if (width == VectorWidth.Bits512 && n >= Vector512<double>.Count)
        {
            Vector512<double> lo = Vector512.Create(min), hi = Vector512.Create(max);
            for (; i <= n - Vector512<double>.Count; i += Vector512<double>.Count)
            {
                Vector512<double> x = Vector512.LoadUnsafe(ref source, (nuint)i);
                lo = Vector512.Min(lo, x);
                hi = Vector512.Max(hi, x);
            }

            // min and max are idempotent, so the tail re-reads an overlapping last vector.
            Vector512<double> last = Vector512.LoadUnsafe(ref source, (nuint)(n - Vector512<double>.Count));
            lo = Vector512.Min(lo, last);
            hi = Vector512.Max(hi, last);
            (min, max) = Fold(Vector256.Min(lo.GetLower(), lo.GetUpper()), Vector256.Max(hi.GetLower(), hi.GetUpper()));
            return (min, max);
        }

        if (width >= VectorWidth.Bits256 && n >= Vector256<double>.Count)
        {
            Vector256<double> lo0 = Vector256.Create(min), hi0 = Vector256.Create(max);
            Vector256<double> lo1 = lo0, hi1 = hi0;
            for (; i <= n - (2 * Vector256<double>.Count); i += 2 * Vector256<double>.Count)
            {
                Vector256<double> x0 = Vector256.LoadUnsafe(ref source, (nuint)i);
                Vector256<double> x1 = Vector256.LoadUnsafe(ref source, (nuint)(i + Vector256<double>.Count));
                lo0 = Vector256.Min(lo0, x0);
                hi0 = Vector256.Max(hi0, x0);
                lo1 = Vector256.Min(lo1, x1);
                hi1 = Vector256.Max(hi1, x1);
            }

            Vector256<double> last = Vector256.LoadUnsafe(ref source, (nuint)(n - Vector256<double>.Count));
            Vector256<double> tail = i < n - Vector256<double>.Count
                ? Vector256.LoadUnsafe(ref source, (nuint)i)
                : last;
            return Fold(Vector256.Min(Vector256.Min(lo0, lo1), Vector256.Min(last, tail)),
                        Vector256.Max(Vector256.Max(hi0, hi1), Vector256.Max(last, tail)));
        }

        if (width >= VectorWidth.Bits128 && n >= Vector128<double>.Count)
        {
            Vector128<double> lo = Vector128.Create(min), hi = Vector128.Create(max);
            for (; i <= n - Vector128<double>.Count; i += Vector128<double>.Count)
            {
                Vector128<double> x = Vector128.LoadUnsafe(ref source, (nuint)i);
                lo = Vector128.Min(lo, x);
                hi = Vector128.Max(hi, x);
            }

            Vector128<double> last = Vector128.LoadUnsafe(ref source, (nuint)(n - Vector128<double>.Count));
            lo = Vector128.Min(lo, last);
            hi = Vector128.Max(hi, last);
            return (Math.Min(lo[0], lo[1]), Math.Max(hi[0], hi[1]));
        }

        for (; i < n; i++)
        {
            min = Math.Min(min, values[i]);
            max = Math.Max(max, values[i]);
        }

        return (min, max);
    }

    private static (double Min, double Max) Fold(Vector256<double> lo, Vector256<double> hi)
    {
        Vector128<double> l = Vector128.Min(lo.GetLower(), lo.GetUpper());
        Vector128<double> h = Vector128.Max(hi.GetLower(), hi.GetUpper());
        return (Math.Min(l[0], l[1]), Math.Max(h[0], h[1]));
    }
}
