using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MlSystems.Statistics.Sorting;

/// <summary>
/// Buckets by the top 16 bits of the order-preserving key (sign, exponent, 4 mantissa bits): works on any range,
/// however heavy-tailed, at the price of a histogram that does not fit the first-level cache.
/// </summary>
internal readonly struct KeyBuckets : IBucketing
{
    private const int Shift = 48;

    public static int Count => 1 << 16;

    public void Map(ReadOnlySpan<double> values, Span<int> destination)
    {
        ref ulong source = ref Unsafe.As<double, ulong>(ref MemoryMarshal.GetReference(values));
        ref int target = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<ulong> signBit = Vector256.Create(0x8000_0000_0000_0000UL);
            for (; i <= values.Length - (2 * Vector256<ulong>.Count); i += 2 * Vector256<ulong>.Count)
            {
                Vector256<ulong> a = Vector256.LoadUnsafe(ref source, (nuint)i);
                Vector256<ulong> b = Vector256.LoadUnsafe(ref source, (nuint)(i + Vector256<ulong>.Count));
                a ^= Vector256.ShiftRightArithmetic(a.AsInt64(), 63).AsUInt64() | signBit;
                b ^= Vector256.ShiftRightArithmetic(b.AsInt64(), 63).AsUInt64() | signBit;
                Vector256.Narrow(Vector256.ShiftRightLogical(a, Shift), Vector256.ShiftRightLogical(b, Shift)).AsInt32().StoreUnsafe(ref target, (nuint)i);
            }
        }

        for (; i < values.Length; i++)
        {
            destination[i] = (int)(RadixSort.Key(values[i]) >> Shift);
        }
    }
}
