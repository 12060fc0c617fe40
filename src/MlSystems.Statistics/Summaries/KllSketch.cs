using System.Globalization;
using System.Text.Json;
using MlSystems.Statistics.Serialization;

namespace MlSystems.Statistics.Summaries;

/// <summary>
/// A KLL quantile sketch (Karnin, Lang and Liberty, 2016): approximate ranks and quantiles of a stream in
/// O(k) memory, mergeable across hosts.
/// </summary>
/// <remarks>
/// <para>Level h holds items that each stand for 2^h values. Level capacities shrink geometrically by 2/3 from the top
/// level (k items) downward, never below 8. When the sketch is over capacity, the lowest full level is sorted and
/// compacted: every other item, starting at an offset of 0 or 1, moves up a level with double weight. The offsets come
/// from a seeded SplitMix64 stream, so compaction is deterministic: the same values in the same order, with the same
/// seed, always give the same sketch, and a merge gives the same sketch whichever side it is called on.</para>
/// <para>Error bound: with probability at least 99% over the compaction offsets, every rank estimate is within
/// <see cref="NormalizedRankError"/>·n of the true rank (ε(k) = 2.446 / k^0.9433, 1.65% at k = 200; the figure
/// measured for this compaction scheme by the KLL authors' reference implementation, and checked on seeded streams by
/// our tests). The minimum and maximum are exact. Merging is exactly commutative; associative in distribution (the
/// bound holds either way), not bit for bit.</para>
/// <para>Queries (<see cref="Rank"/>, <see cref="Quantile"/>) may run concurrently on a sketch nobody is changing;
/// adds and merges are not thread-safe: give each thread its own sketch and merge.</para>
/// </remarks>
public sealed class KllSketch
{
    /// <summary>The default accuracy parameter, 200 (1.65% normalised rank error).</summary>
    public const int DefaultK = 200;

    /// <summary>The smallest accepted <see cref="K"/>, 8.</summary>
    public const int MinK = 8;

    /// <summary>The largest accepted <see cref="K"/>, 65535.</summary>
    public const int MaxK = 65_535;

    /// <summary>The default compaction seed; sketches merge only when their seeds agree in intent, not in value.</summary>
    public const ulong DefaultSeed = 0x5EED_0F_C0FFEE;

    private const string JsonType = "kll";
    private const int JsonVersion = 1;
    private const int MinLevelWidth = 8;
    private const int MaxLevels = 61;

    private readonly List<List<double>> levels = [[]];
    private int retained;
    private int capacity;
    private ulong coinState;
    private SortedView? view;

    /// <summary>Creates an empty sketch.</summary>
    /// <param name="k">Accuracy parameter between <see cref="MinK"/> and <see cref="MaxK"/>; default <see cref="DefaultK"/>. Memory grows linearly with it, error falls about as 1/k.</param>
    /// <param name="seed">Seed of the compaction offsets; default <see cref="DefaultSeed"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is outside [<see cref="MinK"/>, <see cref="MaxK"/>].</exception>
    public KllSketch(int k = DefaultK, ulong seed = DefaultSeed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, MinK);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, MaxK);
        K = k;
        coinState = seed;
        capacity = ComputeCapacity();
    }

    /// <summary>The accuracy parameter.</summary>
    public int K { get; }

    /// <summary>The number of values added (directly or through merges).</summary>
    public long Count { get; private set; }

    /// <summary>The exact smallest value; NaN when empty.</summary>
    public double Min { get; private set; } = double.NaN;

    /// <summary>The exact largest value; NaN when empty.</summary>
    public double Max { get; private set; } = double.NaN;

    /// <summary>The number of items the sketch holds, O(k) however many values were added.</summary>
    public int RetainedItems => retained;

    /// <summary>The rank error bound ε of this sketch, as a fraction of <see cref="Count"/>: see <see cref="NormalizedRankErrorFor"/>.</summary>
    public double NormalizedRankError => NormalizedRankErrorFor(K);

    /// <summary>
    /// ε(k) = 2.446 / k^0.9433: with probability at least 99%, every rank estimate of a sketch with parameter
    /// <paramref name="k"/> is within ε·n of the truth.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is outside [<see cref="MinK"/>, <see cref="MaxK"/>].</exception>
    public static double NormalizedRankErrorFor(int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, MinK);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, MaxK);
        return 2.446 / Math.Pow(k, 0.9433);
    }

    /// <summary>Adds one value.</summary>
    /// <param name="value">The value; ±∞ are ordinary values here.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is NaN, which has no rank.</exception>
    public void Add(double value)
    {
        if (double.IsNaN(value))
        {
            throw new ArgumentException("NaN has no rank and cannot be added to a quantile sketch.", nameof(value));
        }

        levels[0].Add(value);
        retained++;
        Count++;
        Min = Count == 1 ? value : Math.Min(Min, value);
        Max = Count == 1 ? value : Math.Max(Max, value);
        view = null;
        if (retained > capacity)
        {
            Compress();
        }
    }

    /// <summary>Adds every value of <paramref name="values"/>.</summary>
    /// <param name="values">The values.</param>
    /// <param name="nanPolicy">What to do with NaN values; <see cref="NaNPolicy.Reject"/> by default.</param>
    /// <exception cref="ArgumentException"><paramref name="values"/> holds NaN under <see cref="NaNPolicy.Reject"/>; the sketch is then unchanged.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="nanPolicy"/> is <see cref="NaNPolicy.Propagate"/>, which a sketch cannot hold.</exception>
    public void Add(ReadOnlySpan<double> values, NaNPolicy nanPolicy = NaNPolicy.Reject)
    {
        NaNGuard.Validate(nanPolicy, nameof(nanPolicy));
        ReadOnlySpan<double> clean = NaNGuard.WithoutNaN(values, nanPolicy, nameof(values), out double[]? rented);
        try
        {
            foreach (double x in clean)
            {
                Add(x);
            }
        }
        finally
        {
            NaNGuard.Return(rented);
        }
    }

    /// <summary>
    /// The estimated fraction of values ≤ <paramref name="value"/>, within <see cref="NormalizedRankError"/> of the
    /// truth (see the class remarks). 0 below <see cref="Min"/>, 1 at or above <see cref="Max"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> is NaN.</exception>
    /// <exception cref="InvalidOperationException">The sketch is empty.</exception>
    public double Rank(double value)
    {
        if (double.IsNaN(value))
        {
            throw new ArgumentException("NaN has no rank.", nameof(value));
        }

        SortedView v = EnsureView();
        int index = UpperBound(v.Items, value);
        return index == 0 ? 0 : (double)v.Cumulative[index - 1] / Count;
    }

    /// <summary>
    /// The estimated <paramref name="probability"/> quantile: the smallest retained item whose estimated rank is at
    /// least <paramref name="probability"/>; exactly <see cref="Min"/> at 0 and <see cref="Max"/> at 1.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="probability"/> is outside [0, 1] or NaN.</exception>
    /// <exception cref="InvalidOperationException">The sketch is empty.</exception>
    public double Quantile(double probability)
    {
        if (!(probability >= 0 && probability <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "A probability must lie in [0, 1].");
        }

        SortedView v = EnsureView();
        if (probability == 0)
        {
            return Min;
        }

        if (probability == 1)
        {
            return Max;
        }

        double target = probability * Count;
        long[] cumulative = v.Cumulative;
        int lo = 0, hi = cumulative.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] >= target)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return v.Items[lo];
    }

    /// <summary>Folds <paramref name="other"/> into this sketch; <paramref name="other"/> is not modified.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    /// <exception cref="ArgumentException">The sketches have different <see cref="K"/>.</exception>
    public void Merge(KllSketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.K != K)
        {
            throw new ArgumentException($"Sketches merge only with the same k (this {K}, other {other.K}).", nameof(other));
        }

        if (ReferenceEquals(other, this))
        {
            // Appending a level to itself would read counts that change under the loop.
            other = Clone();
        }

        // A symmetric combination of the two coin streams keeps the merge independent of which side it runs on,
        // empty sketches included.
        coinState = unchecked(coinState + other.coinState);
        if (other.Count == 0)
        {
            return;
        }

        for (int h = 0; h < other.levels.Count; h++)
        {
            if (h == levels.Count)
            {
                levels.Add([]);
            }

            levels[h].AddRange(other.levels[h]);
            retained += other.levels[h].Count;
        }

        Min = Count == 0 ? other.Min : Math.Min(Min, other.Min);
        Max = Count == 0 ? other.Max : Math.Max(Max, other.Max);
        Count += other.Count;
        capacity = ComputeCapacity();
        view = null;
        Compress();
        foreach (List<double> level in levels)
        {
            level.Sort();
        }
    }

    /// <summary>A new sketch of both inputs' values; the inputs are not modified. <c>Combine(a, b)</c> equals <c>Combine(b, a)</c>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The sketches have different <see cref="K"/>.</exception>
    public static KllSketch Combine(KllSketch first, KllSketch second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        KllSketch result = first.Clone();
        result.Merge(second);
        return result;
    }

    /// <summary>A copy of this sketch.</summary>
    public KllSketch Clone()
    {
        var copy = new KllSketch(K, coinState);
        copy.levels.Clear();
        foreach (List<double> level in levels)
        {
            copy.levels.Add([.. level]);
        }

        (copy.retained, copy.Count, copy.Min, copy.Max) = (retained, Count, Min, Max);
        copy.capacity = copy.ComputeCapacity();
        return copy;
    }

    /// <summary>
    /// The stable JSON form: <c>{"type":"kll","version":1,"k":…,"count":…,"min":…,"max":…,"coinState":"…","levels":[[…],…]}</c>,
    /// each level's items in ascending order, so equal sketches serialise to equal text.
    /// </summary>
    public string ToJson() => SummaryJson.Write(WriteTo);

    /// <summary>Writes the JSON form of <see cref="ToJson"/> as one object to <paramref name="writer"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        SummaryJson.WriteHeader(writer, JsonType, JsonVersion);
        writer.WriteNumber("k", K);
        writer.WriteNumber("count", Count);
        JsonForm.WriteNumber(writer, "min", Min);
        JsonForm.WriteNumber(writer, "max", Max);
        writer.WriteString("coinState", coinState.ToString(CultureInfo.InvariantCulture));
        writer.WriteStartArray("levels");
        foreach (List<double> level in levels)
        {
            double[] sorted = [.. level];
            Array.Sort(sorted);
            SummaryJson.WriteArray(writer, null, sorted);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Reads the form written by <see cref="ToJson"/>, checking that the weights add up to the count.</summary>
    /// <exception cref="ArgumentException"><paramref name="json"/> is not a valid KLL sketch (the message says why).</exception>
    public static KllSketch FromJson(string json) => SummaryJson.Read(json, JsonType, JsonVersion, root =>
    {
        int k = root.GetProperty("k").GetInt32();
        if (k is < MinK or > MaxK)
        {
            throw new FormatException($"k = {k} is outside [{MinK}, {MaxK}].");
        }

        var sketch = new KllSketch(k, ulong.Parse(root.GetProperty("coinState").GetString()!, CultureInfo.InvariantCulture));
        sketch.levels.Clear();
        long weight = 0;
        int h = 0;
        foreach (JsonElement level in root.GetProperty("levels").EnumerateArray())
        {
            if (h >= MaxLevels)
            {
                throw new FormatException("Too many levels.");
            }

            List<double> items = [.. SummaryJson.ReadDoubles(level)];
            sketch.levels.Add(items);
            sketch.retained += items.Count;
            weight += (long)items.Count << h;
            h++;
        }

        sketch.Count = root.GetProperty("count").GetInt64();
        sketch.Min = JsonForm.ReadNumber(root, "min");
        sketch.Max = JsonForm.ReadNumber(root, "max");
        if (sketch.levels.Count == 0 || weight != sketch.Count)
        {
            throw new FormatException($"The level weights add up to {weight}, not to the count {sketch.Count}.");
        }

        if (sketch.Count > 0 && sketch.levels.SelectMany(l => l).Any(x => !(x >= sketch.Min && x <= sketch.Max)))
        {
            throw new FormatException("An item lies outside [min, max] or is NaN.");
        }

        sketch.capacity = sketch.ComputeCapacity();
        return sketch;
    });

    private int LevelCapacity(int level)
    {
        int depth = levels.Count - 1 - level;
        return Math.Max(MinLevelWidth, (int)Math.Ceiling(K * Math.Pow(2.0 / 3.0, depth)));
    }

    private int ComputeCapacity()
    {
        int total = 0;
        for (int h = 0; h < levels.Count; h++)
        {
            total += LevelCapacity(h);
        }

        return total;
    }

    private void Compress()
    {
        while (retained > capacity)
        {
            int h = 0;
            while (levels[h].Count < LevelCapacity(h))
            {
                h++;
            }

            if (h == levels.Count - 1)
            {
                levels.Add([]);
                capacity = ComputeCapacity();
            }

            CompactLevel(h);
        }
    }

    private void CompactLevel(int h)
    {
        List<double> level = levels[h];
        level.Sort();
        int n = level.Count;
        int keep = n & 1;
        int offset = NextCoin();
        List<double> up = levels[h + 1];
        for (int i = keep + offset; i < n; i += 2)
        {
            up.Add(level[i]);
        }

        level.RemoveRange(keep, n - keep);
        retained -= (n - keep) / 2;
    }

    private int NextCoin()
    {
        // SplitMix64: a well-mixed bit per compaction from a counter, reproducible from the seed.
        ulong z = unchecked(coinState += 0x9E37_79B9_7F4A_7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D0_49BB_1331_11EBUL);
        return (int)((z ^ (z >> 31)) & 1);
    }

    /// <summary>The sorted items with cumulative weights, built on the first query after a change and published whole.</summary>
    private SortedView EnsureView()
    {
        if (Count == 0)
        {
            throw new InvalidOperationException("The sketch is empty.");
        }

        if (Volatile.Read(ref view) is SortedView built)
        {
            return built;
        }

        var items = new double[retained];
        var weights = new long[retained];
        int i = 0;
        for (int h = 0; h < levels.Count; h++)
        {
            foreach (double x in levels[h])
            {
                items[i] = x;
                weights[i++] = 1L << h;
            }
        }

        Array.Sort(items, weights);
        for (int j = 1; j < weights.Length; j++)
        {
            weights[j] += weights[j - 1];
        }

        var fresh = new SortedView(items, weights);
        Volatile.Write(ref view, fresh);
        return fresh;
    }

    /// <summary>Sorted items and the cumulative weight up to each; immutable, so concurrent queries can share it.</summary>
    private sealed record SortedView(double[] Items, long[] Cumulative);

    private static int UpperBound(double[] items, double value)
    {
        int lo = 0, hi = items.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (items[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
