using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MlSystems.Statistics.Sorting;

/// <summary>
/// Least-significant-digit radix sort of doubles through their order-preserving 64-bit keys.
/// </summary>
/// <remarks>
/// A double's bits become an unsigned key that orders exactly as the numbers do (−∞ &lt; … &lt; −0 &lt; +0 &lt; … &lt; +∞)
/// by flipping the sign bit of non-negative values and every bit of negative ones; NaN keys are set to the
/// largest key so NaN sorts last. Six passes of 11-bit digits cover the key; all six histograms are built in
/// the one pass that makes the keys, and a pass whose digit is the same for every key (common for integer-valued
/// or narrow-range data) is skipped. Small inputs use introsort on the keys, which has less fixed cost.
/// </remarks>
internal static class RadixSort
{
    public const int SmallInputThreshold = 768;
    private const int DigitBits = 11;
    private const int Buckets = 1 << DigitBits;
    private const int Passes = (64 + DigitBits - 1) / DigitBits;
    private const ulong DigitMask = Buckets - 1;

    /// <summary>Sorts <paramref name="values"/> ascending with NaN last, using <paramref name="scratch"/> (same length) as the second buffer.</summary>
    public static void Sort(Span<double> values, Span<ulong> scratch)
    {
        Span<ulong> keys = MemoryMarshal.Cast<double, ulong>(values);
        if (values.Length <= SmallInputThreshold)
        {
            ToKeys(keys);
            keys.Sort();
            FromKeys(keys, keys);
            return;
        }

        Span<int> histograms = stackalloc int[Passes * Buckets];
        histograms.Clear();
        ToKeysCounting(keys, histograms);

        Span<ulong> source = keys;
        Span<ulong> target = scratch[..keys.Length];
        for (int pass = 0; pass < Passes; pass++)
        {
            Span<int> histogram = histograms.Slice(pass * Buckets, Buckets);
            if (!ToOffsets(histogram, keys.Length))
            {
                continue;
            }

            Scatter(source, target, histogram, pass * DigitBits);
            Span<ulong> swap = source;
            source = target;
            target = swap;
        }

        FromKeys(source, keys);
    }

    /// <summary>The order-preserving key of a non-NaN value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Key(double x) => ToKey(BitConverter.DoubleToUInt64Bits(x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ToKey(ulong bits) => bits ^ ((ulong)((long)bits >> 63) | 0x8000_0000_0000_0000UL);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong FromKey(ulong key) => key ^ (((key >> 63) - 1) | 0x8000_0000_0000_0000UL);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ToKeys(Span<ulong> keys)
    {
        for (int i = 0; i < keys.Length; i++)
        {
            ulong bits = keys[i];
            keys[i] = double.IsNaN(BitConverter.UInt64BitsToDouble(bits)) ? ulong.MaxValue : ToKey(bits);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ToKeysCounting(Span<ulong> keys, Span<int> histograms)
    {
        ref int h = ref MemoryMarshal.GetReference(histograms);
        for (int i = 0; i < keys.Length; i++)
        {
            ulong bits = keys[i];
            ulong key = double.IsNaN(BitConverter.UInt64BitsToDouble(bits)) ? ulong.MaxValue : ToKey(bits);
            keys[i] = key;
            Unsafe.Add(ref h, (int)(key & DigitMask))++;
            Unsafe.Add(ref h, Buckets + (int)((key >> DigitBits) & DigitMask))++;
            Unsafe.Add(ref h, (2 * Buckets) + (int)((key >> (2 * DigitBits)) & DigitMask))++;
            Unsafe.Add(ref h, (3 * Buckets) + (int)((key >> (3 * DigitBits)) & DigitMask))++;
            Unsafe.Add(ref h, (4 * Buckets) + (int)((key >> (4 * DigitBits)) & DigitMask))++;
            Unsafe.Add(ref h, (5 * Buckets) + (int)(key >> (5 * DigitBits)))++;
        }
    }

    /// <summary>Turns counts into start offsets; returns false when one bucket holds every key (nothing to move).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool ToOffsets(Span<int> histogram, int length)
    {
        int running = 0;
        for (int b = 0; b < histogram.Length; b++)
        {
            int count = histogram[b];
            if (count == length)
            {
                return false;
            }

            histogram[b] = running;
            running += count;
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scatter(ReadOnlySpan<ulong> source, Span<ulong> target, Span<int> offsets, int shift)
    {
        ref int o = ref MemoryMarshal.GetReference(offsets);
        ref ulong t = ref MemoryMarshal.GetReference(target);
        foreach (ulong key in source)
        {
            ref int slot = ref Unsafe.Add(ref o, (int)((key >> shift) & DigitMask));
            Unsafe.Add(ref t, slot) = key;
            slot++;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FromKeys(ReadOnlySpan<ulong> keys, Span<ulong> destination)
    {
        for (int i = 0; i < keys.Length; i++)
        {
            destination[i] = FromKey(keys[i]);
        }
    }
}
