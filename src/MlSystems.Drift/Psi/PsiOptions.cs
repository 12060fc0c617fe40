namespace MlSystems.Drift;

/// <summary>Options of <see cref="PopulationStabilityIndex.Compute"/>: the binning and the decision threshold.</summary>
public sealed class PsiOptions
{
    /// <summary>The industry-standard alert level, 0.1 (0.1–0.25 a moderate shift, above 0.25 a large one).</summary>
    public const double DefaultThreshold = 0.1;

    /// <summary>The largest bin count accepted, 10 000: beyond it bins hold too few values for shares to mean anything.</summary>
    public const int MaxBinCount = 10_000;

    /// <summary>The default number of bins, 10 (deciles).</summary>
    public const int DefaultBinCount = 10;

    /// <summary>Evidently's defaults: Sturges bins over both samples (or one per distinct value) and threshold 0.1.</summary>
    public static PsiOptions EvidentlyCompatible { get; } = new() { Binning = PsiBinning.Evidently };

    /// <summary>The binning strategy; default <see cref="PsiBinning.ReferenceQuantiles"/>.</summary>
    public PsiBinning Binning { get; init; } = PsiBinning.ReferenceQuantiles;

    /// <summary>The number of bins for <see cref="PsiBinning.ReferenceQuantiles"/> and <see cref="PsiBinning.EqualWidth"/>; default 10, from 2 to <see cref="MaxBinCount"/>.</summary>
    public int BinCount { get; init; } = DefaultBinCount;

    /// <summary>The inner bin edges for <see cref="PsiBinning.ExplicitEdges"/>, strictly increasing and finite; ignored otherwise.</summary>
    public IReadOnlyList<double>? Edges { get; init; }

    /// <summary>
    /// What to do with NaN in either sample; default <see cref="Statistics.NaNPolicy.Reject"/>. Under
    /// <see cref="Statistics.NaNPolicy.Propagate"/> a sample holding NaN or ±∞ gives a NaN index (not drifted);
    /// otherwise infinite values are refused.
    /// </summary>
    public Statistics.NaNPolicy NaNPolicy { get; init; } = Statistics.NaNPolicy.Reject;

    /// <summary>The PSI at or above which the result reports drift; default <see cref="DefaultThreshold"/> (0.1).</summary>
    public double Threshold { get; init; } = DefaultThreshold;

    /// <summary>Throws when the options cannot describe a binning.</summary>
    /// <exception cref="ArgumentException">A value is out of range or the explicit edges are missing or not strictly increasing.</exception>
    public void Validate()
    {
        if (!Enum.IsDefined(Binning))
        {
            throw new ArgumentException($"Unknown PSI binning {Binning}.", nameof(Binning));
        }

        if (BinCount is < 2 or > MaxBinCount && Binning is PsiBinning.ReferenceQuantiles or PsiBinning.EqualWidth)
        {
            throw new ArgumentException($"BinCount must lie in [2, {MaxBinCount}], not {BinCount}.", nameof(BinCount));
        }

        if (!(Threshold > 0) || double.IsInfinity(Threshold))
        {
            throw new ArgumentException($"Threshold must be a positive finite number, not {Threshold}.", nameof(Threshold));
        }

        if (!Enum.IsDefined(NaNPolicy))
        {
            throw new ArgumentException($"Unknown NaN policy {NaNPolicy}.", nameof(NaNPolicy));
        }

        if (Binning == PsiBinning.ExplicitEdges)
        {
            if (Edges is null || Edges.Count == 0)
            {
                throw new ArgumentException("ExplicitEdges binning needs at least one edge in Edges.", nameof(Edges));
            }

            for (int j = 0; j < Edges.Count; j++)
            {
                if (!double.IsFinite(Edges[j]) || (j > 0 && !(Edges[j - 1] < Edges[j])))
                {
                    throw new ArgumentException($"Edges must be finite and strictly increasing; edge {j} ({Edges[j]}) is not.", nameof(Edges));
                }
            }
        }
    }
}
