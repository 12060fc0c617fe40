namespace MlSystems.Drift;

/// <summary>How <see cref="PopulationStabilityIndex"/> cuts the value axis into bins.</summary>
public enum PsiBinning
{
    /// <summary>
    /// Bins at the reference's quantiles (numpy's default linear interpolation): <see cref="PsiOptions.BinCount"/>
    /// bins holding equal reference shares, the outer bins open to ±∞. The default.
    /// </summary>
    ReferenceQuantiles = 0,

    /// <summary><see cref="PsiOptions.BinCount"/> equal-width bins between the reference's minimum and maximum, outer bins open.</summary>
    EqualWidth = 1,

    /// <summary>The inner edges given in <see cref="PsiOptions.Edges"/>; the outer bins are open to ±∞.</summary>
    ExplicitEdges = 2,

    /// <summary>
    /// Evidently's rule: equal-width bins by Sturges' rule over both samples combined (numpy's
    /// <c>histogram_bin_edges(..., bins="sturges")</c>) when the reference has more than 20 distinct values, otherwise
    /// one bin per distinct value seen in either sample.
    /// </summary>
    Evidently = 3,
}
