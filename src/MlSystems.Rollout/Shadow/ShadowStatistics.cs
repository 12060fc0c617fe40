namespace MlSystems.Rollout;

/// <summary>A snapshot of a shadow's counters.</summary>
/// <param name="Offered">Copies offered by the request path.</param>
/// <param name="Dropped">Copies dropped because the queue was full.</param>
/// <param name="Agreed">Challenger answers equal to the primary's.</param>
/// <param name="Disagreed">Challenger answers different from the primary's.</param>
/// <param name="Failed">Challenger exceptions.</param>
/// <param name="TimedOut">Challenger time-outs.</param>
/// <param name="LatencyDifferenceSum">Σ (challenger − primary latency) over answered requests, in seconds.</param>
public readonly record struct ShadowStatistics(long Offered, long Dropped, long Agreed, long Disagreed, long Failed, long TimedOut, double LatencyDifferenceSum)
{
    /// <summary>Agreed / (agreed + disagreed); NaN before the first answer.</summary>
    public double AgreementRate => Agreed + Disagreed > 0 ? (double)Agreed / (Agreed + Disagreed) : double.NaN;

    /// <summary>The mean challenger − primary latency in seconds over answered requests; NaN before the first answer.</summary>
    public double MeanLatencyDifference => Agreed + Disagreed > 0 ? LatencyDifferenceSum / (Agreed + Disagreed) : double.NaN;
}
