using System.Buffers;
using System.Runtime.CompilerServices;

namespace MlSystems.Statistics.Sorting;

/// <summary>
/// Order statistics of a large unsorted sample without sorting it: one pass histograms the top 16 bits of each
/// value's order-preserving key, a second gathers only the values whose bucket holds a wanted rank, and those few are
/// sorted. Two read-only passes instead of a copy and a full sort.
/// </summary>
/// <remarks>
/// Values must be free of NaN. When the wanted buckets hold too large a share of the data (heavily repeated values),
/// the caller's full sort is the better tool and <see cref="TrySelect"/> says so.
/// </remarks>
internal static class RadixSelect
{
    private const int Buckets = 1 << 16;
    private const int Shift = 48;

    /// <summary>Writes the order statistics x₍ranks[k]₎ (0-based) to <paramref name="destination"/>.</summary>
    /// <returns>False, having written nothing, when the gathered buckets exceed a quarter of the data.</returns>
    public static bool TrySelect(ReadOnlySpan<double> values, ReadOnlySpan<int> ranks, Span<double> destination)
    {
        int[] histogram = ArrayPool<int>.Shared.Rent(Buckets);
        byte[] wanted = ArrayPool<byte>.Shared.Rent(Buckets);
        try
        {
            Span<int> counts = histogram.AsSpan(0, Buckets);
            counts.Clear();
            foreach (double x in values)
            {
                counts[(int)(Key(x) >> Shift)]++;
            }

            // Bucket starts, and the buckets holding a wanted rank.
            Span<byte> isWanted = wanted.AsSpan(0, Buckets);
            isWanted.Clear();
            Span<int> starts = counts;
            int running = 0;
            for (int b = 0; b < Buckets; b++)
            {
                int count = starts[b];
                starts[b] = running;
                running += count;
            }

            // The distinct wanted buckets in ascending order, and where each begins among the gathered values.
            Span<int> wantedBuckets = stackalloc int[ranks.Length];
            int distinct = 0;
            foreach (int rank in ranks)
            {
                int bucket = BucketOf(starts, rank);
                if (isWanted[bucket] == 0)
                {
                    isWanted[bucket] = 1;
                    wantedBuckets[distinct++] = bucket;
                }
            }

            wantedBuckets = wantedBuckets[..distinct];
            wantedBuckets.Sort();
            Span<int> gatheredStarts = stackalloc int[distinct];
            int gatheredTotal = 0;
            for (int w = 0; w < distinct; w++)
            {
                int bucket = wantedBuckets[w];
                gatheredStarts[w] = gatheredTotal;
                gatheredTotal += (bucket + 1 < Buckets ? starts[bucket + 1] : values.Length) - starts[bucket];
            }

            if (gatheredTotal > values.Length / 4)
            {
                return false;
            }

            double[] gathered = ArrayPool<double>.Shared.Rent(gatheredTotal);
            ulong[] scratch = ArrayPool<ulong>.Shared.Rent(gatheredTotal);
            try
            {
                int g = 0;
                foreach (double x in values)
                {
                    if (isWanted[(int)(Key(x) >> Shift)] != 0)
                    {
                        gathered[g++] = x;
                    }
                }

                // Sorted, the gathered values are the wanted buckets back to back in bucket order.
                Span<double> picked = gathered.AsSpan(0, g);
                RadixSort.Sort(picked, scratch);
                for (int k = 0; k < ranks.Length; k++)
                {
                    int bucket = BucketOf(starts, ranks[k]);
                    int w = wantedBuckets.IndexOf(bucket);
                    destination[k] = picked[gatheredStarts[w] + (ranks[k] - starts[bucket])];
                }

                return true;
            }
            finally
            {
                ArrayPool<double>.Shared.Return(gathered);
                ArrayPool<ulong>.Shared.Return(scratch);
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(histogram);
            ArrayPool<byte>.Shared.Return(wanted);
        }
    }

    /// <summary>The last bucket whose start is ≤ rank (empty buckets share their successor's start).</summary>
    private static int BucketOf(ReadOnlySpan<int> starts, int rank)
    {
        int lo = 0, hi = Buckets - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= rank)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return lo;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Key(double x)
    {
        ulong bits = BitConverter.DoubleToUInt64Bits(x);
        return bits ^ ((ulong)((long)bits >> 63) | 0x8000_0000_0000_0000UL);
    }
}
