namespace MlSystems.Drift;

/// <summary>
/// ADWIN, the adaptive windowing detector of Bifet and Gavaldà (2007): it keeps a window of recent values as an
/// exponential histogram and drops its oldest part whenever two sub-windows have means that differ by more than the
/// bound ε_cut, so the window always holds the data since the last change.
/// </summary>
/// <remarks>
/// <para>The δ guarantee: for a cut into W₀ and W₁ the bound is ε = √(2·m·σ²·δ′) + (2/3)·δ′·m with m = 1/(n₀ − k + 1) +
/// 1/(n₁ − k + 1) (k the minimum sub-window), σ² the window's variance and δ′ = ln(2·ln n / δ), so that while the
/// stream is stationary the probability of any cut at a check is at most δ (the Bernstein form of the bound, as in
/// MOA and River). Memory is O(M·log(n/M)) buckets for a window of n values; each update is O(1) amortised, each check
/// (every <see cref="AdwinOptions.Clock"/> updates) O(M·log n). Bucket storage grows only when the window doubles, so
/// steady-state updates allocate nothing.</para>
/// </remarks>
public sealed class Adwin : IStreamingDriftDetector
{
    private readonly AdwinOptions options;
    private readonly List<BucketRow> rows = [];
    private long ticks;

    /// <summary>Creates a detector.</summary>
    /// <param name="options">The options; null for the defaults.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public Adwin(AdwinOptions? options = null)
    {
        this.options = options ?? new AdwinOptions();
        this.options.Validate();
    }

    /// <inheritdoc/>
    public string Name => StreamingDetectorNames.Adwin;

    /// <inheritdoc/>
    public bool DriftDetected { get; private set; }

    /// <inheritdoc/>
    public bool WarningDetected => false;

    /// <inheritdoc/>
    public long Count { get; private set; }

    /// <summary>The number of values in the current window (those since the last detected change, at most).</summary>
    public long Width { get; private set; }

    /// <summary>The mean of the current window; 0 when empty.</summary>
    public double Mean => Width == 0 ? 0 : Total / Width;

    /// <summary>The population variance of the current window; 0 when empty.</summary>
    public double Variance => Width == 0 ? 0 : SumOfSquaredDeviations / Width;

    private double Total { get; set; }

    private double SumOfSquaredDeviations { get; set; }

    /// <inheritdoc/>
    public void Update(double value)
    {
        StreamingArguments.Finite(value, Name);
        Count++;
        Insert(value);
        DriftDetected = false;
        ticks++;
        if (ticks % options.Clock == 0 && Width > options.GracePeriod)
        {
            DriftDetected = ShrinkWhileCut();
        }
    }

    /// <inheritdoc/>
    public void Reset()
    {
        foreach (BucketRow row in rows)
        {
            row.Clear();
        }

        Count = Width = ticks = 0;
        Total = SumOfSquaredDeviations = 0;
        DriftDetected = false;
    }

    private void Insert(double value)
    {
        if (Width > 0)
        {
            double previousMean = Total / Width;
            SumOfSquaredDeviations += Width * (value - previousMean) * (value - previousMean) / (Width + 1);
        }

        Width++;
        Total += value;
        Row(0).PushNewest(value, 0);
        for (int i = 0; i < rows.Count && rows[i].Count > options.MaxBuckets; i++)
        {
            // Merge the two oldest buckets of row i (2^i values each) into one bucket of row i + 1.
            BucketRow row = rows[i];
            double size = Math.Pow(2, i);
            (double total1, double variance1) = row.PopOldest();
            (double total2, double variance2) = row.PopOldest();
            double difference = (total1 / size) - (total2 / size);
            Row(i + 1).PushNewest(total1 + total2, variance1 + variance2 + (size * size * difference * difference / (2 * size)));
        }
    }

    private BucketRow Row(int index)
    {
        while (rows.Count <= index)
        {
            rows.Add(new BucketRow(options.MaxBuckets + 1));
        }

        return rows[index];
    }

    /// <summary>Drops the oldest bucket while some cut separates sub-windows with different means; true when one did.</summary>
    private bool ShrinkWhileCut()
    {
        bool changed = false;
        while (Width > options.GracePeriod && FindCut())
        {
            DropOldest();
            changed = true;
        }

        return changed;
    }

    private bool FindCut()
    {
        double n0 = 0, n1 = Width, u0 = 0, u1 = Total;
        double windowVariance = SumOfSquaredDeviations / Width;
        double deltaPrime = Math.Log(2 * Math.Log(Width) / options.Delta);
        int k = options.MinWindowLength;

        // Walk from the oldest bucket to the newest: W0 grows, W1 shrinks.
        for (int i = rows.Count - 1; i >= 0; i--)
        {
            BucketRow row = rows[i];
            double size = Math.Pow(2, i);
            for (int b = 0; b < row.Count; b++)
            {
                double total = row.TotalAt(b);
                n0 += size;
                n1 -= size;
                u0 += total;
                u1 -= total;
                if (n1 < k)
                {
                    return false;
                }

                if (n0 < k)
                {
                    continue;
                }

                double m = (1 / (n0 - k + 1)) + (1 / (n1 - k + 1));
                double epsilon = Math.Sqrt(2 * m * windowVariance * deltaPrime) + (2.0 / 3.0 * deltaPrime * m);
                if (Math.Abs((u0 / n0) - (u1 / n1)) > epsilon)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private void DropOldest()
    {
        int top = rows.Count - 1;
        while (rows[top].Count == 0)
        {
            top--;
        }

        double size = Math.Pow(2, top);
        (double total, double variance) = rows[top].PopOldest();
        double removedMean = total / size;
        Width -= (long)size;
        Total -= total;
        double remainingMean = Width > 0 ? Total / Width : 0;
        SumOfSquaredDeviations -= variance + (size * Width * (removedMean - remainingMean) * (removedMean - remainingMean) / (size + Width));
        SumOfSquaredDeviations = Math.Max(SumOfSquaredDeviations, 0);
    }

    /// <summary>One row of the exponential histogram: a ring of (total, variance) buckets, oldest first.</summary>
    private sealed class BucketRow(int capacity)
    {
        private readonly double[] totals = new double[capacity];
        private readonly double[] variances = new double[capacity];
        private int start;

        public int Count { get; private set; }

        public double TotalAt(int indexFromOldest) => totals[(start + indexFromOldest) % totals.Length];

        public void PushNewest(double total, double variance)
        {
            int slot = (start + Count) % totals.Length;
            totals[slot] = total;
            variances[slot] = variance;
            Count++;
        }

        public (double Total, double Variance) PopOldest()
        {
            (double, double) bucket = (totals[start], variances[start]);
            start = (start + 1) % totals.Length;
            Count--;
            return bucket;
        }

        public void Clear() => (start, Count) = (0, 0);
    }
}
