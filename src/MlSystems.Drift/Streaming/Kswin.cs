using MlSystems.Statistics;

namespace MlSystems.Drift;

/// <summary>
/// KSWIN (Raab, Heusinger and Schleif, 2020): a Kolmogorov–Smirnov test inside a sliding window. The most recent
/// <see cref="KswinOptions.StatSize"/> values are tested against as many values drawn at random from the older part of
/// the window; drift is signalled when the p-value is at most α and the statistic exceeds a minimum.
/// </summary>
/// <remarks>
/// The p-value is what scipy's ks_2samp gives for the two samples (<see cref="KolmogorovSmirnovTwoSample"/>: exact,
/// asymptotic where scipy abandons the exact computation).
/// After a drift the window keeps only the recent values. All buffers are allocated once, so updates allocate nothing.
/// </remarks>
public sealed class Kswin : IStreamingDriftDetector
{
    private readonly KswinOptions options;
    private readonly double[] window;
    private readonly double[] recent;
    private readonly double[] sampled;
    private readonly int[] indices;
    private Random random;
    private int start;
    private int length;

    /// <summary>Creates a detector.</summary>
    /// <param name="options">The options; null for the defaults.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public Kswin(KswinOptions? options = null)
    {
        this.options = options ?? new KswinOptions();
        this.options.Validate();
        window = new double[this.options.WindowSize];
        recent = new double[this.options.StatSize];
        sampled = new double[this.options.StatSize];
        indices = new int[this.options.WindowSize - this.options.StatSize];
        random = new Random(this.options.Seed);
    }

    /// <inheritdoc/>
    public string Name => StreamingDetectorNames.Kswin;

    /// <inheritdoc/>
    public bool DriftDetected { get; private set; }

    /// <inheritdoc/>
    public bool WarningDetected => false;

    /// <inheritdoc/>
    public long Count { get; private set; }

    /// <summary>The last KS p-value computed; 1 before the window first fills.</summary>
    public double LastPValue { get; private set; } = 1;

    /// <summary>The KS statistic of the last test, on the lattice k / <see cref="KswinOptions.StatSize"/>; 0 before the window first fills.</summary>
    public double LastStatistic { get; private set; }

    /// <inheritdoc/>
    public void Update(double value)
    {
        StreamingArguments.Finite(value, Name);
        Count++;
        DriftDetected = false;
        if (length == window.Length)
        {
            start = (start + 1) % window.Length;
            length--;
        }

        window[(start + length) % window.Length] = value;
        length++;
        if (length < window.Length)
        {
            return;
        }

        int stat = options.StatSize, older = window.Length - stat;
        for (int k = 0; k < stat; k++)
        {
            recent[k] = At(older + k);
        }

        // A partial Fisher–Yates shuffle draws stat indices of the older part without replacement.
        for (int k = 0; k < older; k++)
        {
            indices[k] = k;
        }

        for (int k = 0; k < stat; k++)
        {
            int pick = random.Next(k, older);
            (indices[k], indices[pick]) = (indices[pick], indices[k]);
            sampled[k] = At(indices[k]);
        }

        SpanStatistics.Sort(recent);
        SpanStatistics.Sort(sampled);
        // scipy's ks_2samp for equal small samples: the statistic on the lattice k/stat, the exact p-value, and the
        // asymptotic one where the exact computation leaves [0, 1] (small d), without allocating a result object.
        double statistic = Math.Round(SpanStatistics.EcdfDifference(sampled, recent).Statistic * stat, MidpointRounding.ToEven) / stat;
        LastStatistic = statistic;
        LastPValue = KolmogorovSmirnovTwoSample.TryExactPValue(stat, stat, statistic, KsAlternative.TwoSided, out double exact)
            ? exact
            : KolmogorovSmirnovTwoSample.AsymptoticPValue(stat, stat, statistic, KsAlternative.TwoSided);
        if (LastPValue <= options.Alpha && statistic > options.MinimumStatistic)
        {
            DriftDetected = true;
            KeepRecent(stat);
        }
    }

    /// <inheritdoc/>
    public void Reset()
    {
        start = length = 0;
        Count = 0;
        random = new Random(options.Seed);
        LastPValue = 1;
        LastStatistic = 0;
        DriftDetected = false;
    }

    private double At(int offset) => window[(start + offset) % window.Length];

    private void KeepRecent(int count)
    {
        start = (start + length - count) % window.Length;
        length = count;
    }
}
