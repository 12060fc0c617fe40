namespace MlSystems.Drift;

/// <summary>How <see cref="ReferenceProfile.Fit"/> summarises each feature.</summary>
public sealed class ProfileOptions
{
    /// <summary>
    /// The largest reference sample kept exactly (sorted) per numeric feature, so KS against the profile is exact;
    /// beyond it only the KLL sketch is kept. Default 100 000.
    /// </summary>
    public int MaxExactSampleSize { get; init; } = 100_000;

    /// <summary>The number of reference-quantile bins of each numeric feature's histogram; default 10, from 2 to <see cref="PsiOptions.MaxBinCount"/>.</summary>
    public int BinCount { get; init; } = PsiOptions.DefaultBinCount;

    /// <summary>The KLL sketch accuracy parameter; default 200 (±1.65% rank error).</summary>
    public int SketchK { get; init; } = Statistics.Summaries.KllSketch.DefaultK;

    /// <summary>Throws when an option is out of range.</summary>
    /// <exception cref="ArgumentException">An option is out of range; the message names it.</exception>
    public void Validate()
    {
        if (MaxExactSampleSize < 0)
        {
            throw new ArgumentException($"MaxExactSampleSize cannot be negative ({MaxExactSampleSize}).", nameof(MaxExactSampleSize));
        }

        if (BinCount is < 2 or > PsiOptions.MaxBinCount)
        {
            throw new ArgumentException($"BinCount must lie in [2, {PsiOptions.MaxBinCount}], not {BinCount}.", nameof(BinCount));
        }

        if (SketchK is < Statistics.Summaries.KllSketch.MinK or > Statistics.Summaries.KllSketch.MaxK)
        {
            throw new ArgumentException($"SketchK must lie in [{Statistics.Summaries.KllSketch.MinK}, {Statistics.Summaries.KllSketch.MaxK}], not {SketchK}.", nameof(SketchK));
        }
    }
}
