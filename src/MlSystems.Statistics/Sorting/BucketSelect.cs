using System.Runtime.CompilerServices;
using System.Buffers;

namespace MlSystems.Statistics.Sorting;

/// <summary>
/// Order statistics of a large unsorted sample without sorting it: one pass histograms the values by a monotone
/// bucketing, a second gathers only the values whose bucket holds a wanted rank, and those few are sorted. Two
/// read-only passes instead of a copy and a full sort; samples of 2¹⁸ values and more make them on two threads.
/// </summary>
/// <remarks>
/// Values must be free of NaN. Equal-width buckets are tried first (a cache-resident histogram); when they crowd the
/// wanted ranks into too large a share of the data (heavy tails), bucketing by the top key bits follows; when even
/// that gathers too much (heavily repeated values), <see cref="TrySelect"/> says so and the caller's full sort is the
/// better tool. Results equal the sorted sample's, bit for bit (−0 before +0).
/// </remarks>
internal static class BucketSelect
{
    /// <summary>Values are bucketed this many at a time into a stack buffer, which lets the map vectorise.</summary>
    private const int Chunk = 512;

    /// <summary>From this length the two passes run on two halves in parallel.</summary>
    private const int ParallelThreshold = 1 << 18;

    /// <summary>Writes the order statistics x₍ranks[k]₎ (0-based) to <paramref name="destination"/>.</summary>
    /// <returns>False, having written nothing, when neither bucketing isolates the ranks in a quarter of the data.</returns>
    public static bool TrySelect(ReadOnlySpan<double> values, ReadOnlySpan<int> ranks, Span<double> destination, double min, double max) =>
        (LinearBuckets.TryCreate(min, max, out LinearBuckets linear) && TrySelect(values, ranks, destination, linear))
        || TrySelect(values, ranks, destination, default(KeyBuckets));

    private static unsafe bool TrySelect<TBuckets>(ReadOnlySpan<double> values, ReadOnlySpan<int> ranks, Span<double> destination, TBuckets buckets)
        where TBuckets : struct, IBucketing
    {
        int bucketCount = TBuckets.Count;
        bool split = values.Length >= ParallelThreshold && Environment.ProcessorCount > 1;
        int half = split ? values.Length / 2 : values.Length;
        int[] histogram = ArrayPool<int>.Shared.Rent(bucketCount);
        int[] secondHistogram = ArrayPool<int>.Shared.Rent(split ? bucketCount : 0);
        byte[] wanted = ArrayPool<byte>.Shared.Rent(bucketCount);
        fixed (double* pinned = values)
        {
            // The halves of a large sample are counted and gathered on two threads; the spans are rebuilt from the
            // pinned address because a lambda cannot capture them.
            nint address = (nint)pinned;
            int length = values.Length;
            try
            {
                Span<int> starts = histogram.AsSpan(0, bucketCount);
                starts.Clear();
                if (split)
                {
                    secondHistogram.AsSpan(0, bucketCount).Clear();
                    Parallel.Invoke(
                        () => Count(new ReadOnlySpan<double>((double*)address, half), histogram.AsSpan(0, bucketCount), buckets),
                        () => Count(new ReadOnlySpan<double>((double*)address + half, length - half), secondHistogram.AsSpan(0, bucketCount), buckets));
                }
                else
                {
                    Count(values, starts, buckets);
                }

                int running = 0;
                for (int b = 0; b < bucketCount; b++)
                {
                    int count = starts[b] + (split ? secondHistogram[b] : 0);
                    starts[b] = running;
                    running += count;
                }

                // The distinct wanted buckets in ascending order, and where each begins among the gathered values.
                Span<byte> isWanted = wanted.AsSpan(0, bucketCount);
                isWanted.Clear();
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
                int gatheredTotal = 0, secondHalfTotal = 0;
                for (int w = 0; w < distinct; w++)
                {
                    int bucket = wantedBuckets[w];
                    gatheredStarts[w] = gatheredTotal;
                    gatheredTotal += (bucket + 1 < bucketCount ? starts[bucket + 1] : length) - starts[bucket];
                    secondHalfTotal += split ? secondHistogram[bucket] : 0;
                }

                if (gatheredTotal > length / 4)
                {
                    return false;
                }

                double[] gathered = ArrayPool<double>.Shared.Rent(gatheredTotal);
                ulong[] scratch = ArrayPool<ulong>.Shared.Rent(gatheredTotal);
                try
                {
                    if (split)
                    {
                        int firstHalfTotal = gatheredTotal - secondHalfTotal;
                        Parallel.Invoke(
                            () => Gather(new ReadOnlySpan<double>((double*)address, half), wanted.AsSpan(0, bucketCount), gathered.AsSpan(0, firstHalfTotal), buckets),
                            () => Gather(new ReadOnlySpan<double>((double*)address + half, length - half), wanted.AsSpan(0, bucketCount), gathered.AsSpan(firstHalfTotal, secondHalfTotal), buckets));
                    }
                    else
                    {
                        Gather(values, isWanted, gathered.AsSpan(0, gatheredTotal), buckets);
                    }

                    // Sorted, the gathered values are the wanted buckets back to back in bucket order.
                    Span<double> picked = gathered.AsSpan(0, gatheredTotal);
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
                ArrayPool<int>.Shared.Return(secondHistogram);
                ArrayPool<byte>.Shared.Return(wanted);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Count<TBuckets>(ReadOnlySpan<double> values, Span<int> counts, TBuckets buckets)
        where TBuckets : struct, IBucketing
    {
        Span<int> index = stackalloc int[Chunk];
        for (int start = 0; start < values.Length; start += Chunk)
        {
            ReadOnlySpan<double> part = values.Slice(start, Math.Min(Chunk, values.Length - start));
            buckets.Map(part, index);
            foreach (int bucket in index[..part.Length])
            {
                counts[bucket]++;
            }
        }
    }

    /// <summary>Copies the values whose bucket is wanted to <paramref name="gathered"/>, which they fill exactly.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Gather<TBuckets>(ReadOnlySpan<double> values, ReadOnlySpan<byte> isWanted, Span<double> gathered, TBuckets buckets)
        where TBuckets : struct, IBucketing
    {
        Span<int> index = stackalloc int[Chunk];
        int g = 0;
        for (int start = 0; start < values.Length; start += Chunk)
        {
            ReadOnlySpan<double> part = values.Slice(start, Math.Min(Chunk, values.Length - start));
            buckets.Map(part, index);
            for (int i = 0; i < part.Length; i++)
            {
                if (isWanted[index[i]] != 0)
                {
                    gathered[g++] = part[i];
                }
            }
        }
    }

    /// <summary>The last bucket whose start is ≤ rank (empty buckets share their successor's start).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int BucketOf(ReadOnlySpan<int> starts, int rank)
    {
        int lo = 0, hi = starts.Length - 1;
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
}
