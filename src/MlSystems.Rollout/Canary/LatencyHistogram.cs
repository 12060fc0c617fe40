using MlSystems.Binary;

namespace MlSystems.Rollout;

/// <summary>
/// Latencies in logarithmic buckets, each 1% wider than the one below (bucket i holds [γ^(i−1), γ^i), γ = 1.01), from
/// 1 µs to 100,000 s: a quantile is known to within 0.5% of its value and the share above a latency to within the part
/// of one bucket's requests that lies on the wrong side of it, which interpolation within the bucket mostly removes.
/// </summary>
/// <remarks>
/// A latency gate reads the tail, where a rank-error sketch is weakest: a rank error of 1.7% is larger than the 1% of
/// requests a p99 rests on. Buckets of relative width keep the tail as sharp as the body. Latencies below 1 µs count
/// in the lowest bucket and above 100,000 s in the highest. About 2,600 counters (20 KB); not thread-safe.
/// </remarks>
internal sealed class LatencyHistogram
{
    /// <summary>The lowest latency told apart from smaller ones, in seconds.</summary>
    public const double MinimumSeconds = 1e-6;

    /// <summary>The highest latency told apart from larger ones, in seconds.</summary>
    public const double MaximumSeconds = 1e5;

    private const double Growth = 1.01;
    private static readonly double LogGrowth = Math.Log(Growth);
    private static readonly int Offset = -Index(MinimumSeconds);
    private static readonly int Buckets = Index(MaximumSeconds) + Offset + 1;

    private readonly long[] counts = new long[Buckets];
    private int lowest = int.MaxValue;
    private int highest = -1;

    /// <summary>Latencies added.</summary>
    public long Count { get; private set; }

    /// <summary>Adds a latency in seconds (not negative).</summary>
    public void Add(double seconds)
    {
        int bucket = Bucket(seconds);
        counts[bucket]++;
        Count++;
        lowest = Math.Min(lowest, bucket);
        highest = Math.Max(highest, bucket);
    }

    /// <summary>Adds every latency of <paramref name="other"/>: bucket counts add, so merging is exact.</summary>
    public void Merge(LatencyHistogram other)
    {
        for (int bucket = other.lowest; bucket <= other.highest; bucket++)
        {
            counts[bucket] += other.counts[bucket];
        }

        Count += other.Count;
        lowest = Math.Min(lowest, other.lowest);
        highest = Math.Max(highest, other.highest);
    }

    /// <summary>The binary form: the number of non-empty buckets, then each one's index and count, in increasing order.</summary>
    public void WriteTo(BinaryFormWriter writer)
    {
        int used = 0;
        for (int bucket = lowest; bucket <= highest; bucket++)
        {
            used += counts[bucket] > 0 ? 1 : 0;
        }

        writer.WriteInt32(used);
        for (int bucket = lowest; bucket <= highest; bucket++)
        {
            if (counts[bucket] > 0)
            {
                writer.WriteInt32(bucket);
                writer.WriteInt64(counts[bucket]);
            }
        }
    }

    /// <summary>Reads the form <see cref="WriteTo"/> wrote, refusing indexes out of range or out of order and empty buckets.</summary>
    public static LatencyHistogram ReadFrom(ref BinaryFormReader reader)
    {
        var histogram = new LatencyHistogram();
        int used = reader.ReadCount("latency bucket count", Buckets);
        for (int i = 0, previous = -1; i < used; i++)
        {
            int at = reader.Position, bucket = reader.ReadInt32("latency bucket");
            if (bucket <= previous || bucket >= Buckets)
            {
                throw reader.Invalid("latency bucket", at, $"index {bucket} is not above {previous} and below {Buckets}");
            }

            at = reader.Position;
            long count = reader.ReadNonNegative("latency bucket count");
            if (count == 0 || histogram.Count > long.MaxValue - count)
            {
                throw reader.Invalid("latency bucket count", at, count == 0 ? "an empty bucket is not written" : "the counts overflow");
            }

            histogram.counts[bucket] = count;
            histogram.Count += count;
            histogram.lowest = Math.Min(histogram.lowest, bucket);
            histogram.highest = bucket;
            previous = bucket;
        }

        return histogram;
    }

    /// <summary>
    /// The smallest bucket value at or below which at least <paramref name="probability"/> of the latencies lie (at least
    /// one), given as the value within 0.5% of every latency of its bucket; NaN when empty.
    /// </summary>
    public double Quantile(double probability)
    {
        if (Count == 0)
        {
            return double.NaN;
        }

        long rank = Math.Max(1, (long)Math.Ceiling(probability * Count));
        long seen = 0;
        for (int bucket = lowest; bucket < highest; bucket++)
        {
            seen += counts[bucket];
            if (seen >= rank)
            {
                return Centre(bucket);
            }
        }

        return Centre(highest);
    }

    /// <summary>The share of latencies above <paramref name="seconds"/>, interpolated within its bucket; NaN when empty.</summary>
    public double ShareAbove(double seconds)
    {
        if (Count == 0)
        {
            return double.NaN;
        }

        int at = Bucket(seconds);
        double above = 0;
        for (int bucket = highest; bucket > at; bucket--)
        {
            above += counts[bucket];
        }

        if (at >= lowest && at <= highest && counts[at] > 0)
        {
            // The bucket's requests are taken as spread evenly over its logarithmic width.
            double upper = Math.Log(Upper(at)), value = Math.Log(Math.Clamp(seconds, MinimumSeconds, MaximumSeconds));
            above += counts[at] * Math.Clamp((upper - value) / LogGrowth, 0, 1);
        }

        return above / Count;
    }

    private static int Index(double seconds) => (int)Math.Ceiling(Math.Log(seconds) / LogGrowth);

    private static int Bucket(double seconds) => Index(Math.Clamp(seconds, MinimumSeconds, MaximumSeconds)) + Offset;

    private static double Upper(int bucket) => Math.Pow(Growth, bucket - Offset);

    private static double Centre(int bucket) => Upper(bucket) * 2 / (1 + Growth);
}
