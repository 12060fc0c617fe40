using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MlSystems.Statistics.Sorting;

/// <summary>
/// Equal-width buckets over [min, max]: a histogram small enough for the first-level cache and, for the bell-shaped
/// data monitoring sees most, a few hundred values per bucket. Heavy tails crowd it into few buckets, which
/// <see cref="BucketSelect"/> detects so the caller can fall back to <see cref="KeyBuckets"/>.
/// </summary>
/// <remarks>
/// (x − min)·scale rounds monotonically, so the map is monotone; the scale keeps (max − min)·scale below
/// <see cref="Count"/> even after rounding. Vector and scalar conversions truncate alike on the non-negative products.
/// </remarks>
internal readonly struct LinearBuckets : IBucketing
{
    private readonly double min;
    private readonly double scale;

    private LinearBuckets(double min, double scale)
    {
        this.min = min;
        this.scale = scale;
    }

    public static int Count => 1 << 12;

    /// <summary>The buckets spanning [min, max], or false when the range is empty or overflows.</summary>
    public static bool TryCreate(double min, double max, out LinearBuckets buckets)
    {
        double width = max - min;
        buckets = new LinearBuckets(min, (Count - 1) / width);
        return width > 0 && double.IsFinite(width) && double.IsFinite(buckets.scale);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Map(ReadOnlySpan<double> values, Span<int> destination)
    {
        ref double source = ref MemoryMarshal.GetReference(values);
        ref int target = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<double> low = Vector256.Create(min), factor = Vector256.Create(scale);
            for (; i <= values.Length - (2 * Vector256<double>.Count); i += 2 * Vector256<double>.Count)
            {
                Vector256<long> a = Vector256.ConvertToInt64((Vector256.LoadUnsafe(ref source, (nuint)i) - low) * factor);
                Vector256<long> b = Vector256.ConvertToInt64((Vector256.LoadUnsafe(ref source, (nuint)(i + Vector256<double>.Count)) - low) * factor);
                Vector256.Narrow(a, b).StoreUnsafe(ref target, (nuint)i);
            }
        }

        for (; i < values.Length; i++)
        {
            destination[i] = (int)((values[i] - min) * scale);
        }
    }
}
