namespace MlSystems.Rollout;

/// <summary>A snapshot of a shadow's counters.</summary>
/// <param name="Offered">Requests offered by the request path, sampled or not.</param>
/// <param name="Dropped">Copies dropped: the queue was full, or <see cref="ShadowOptions.MaxInFlight"/> challenger calls were still running.</param>
/// <param name="Agreed">Challenger answers equal to the primary's.</param>
/// <param name="Disagreed">Challenger answers different from the primary's.</param>
/// <param name="Failed">Challenger exceptions.</param>
/// <param name="TimedOut">Challenger time-outs.</param>
/// <param name="LatencyDifferenceSum">Σ (challenger − primary latency) over answered requests, in seconds.</param>
/// <param name="NotSampled">Offered requests left out by <see cref="ShadowOptions.SampleRate"/>.</param>
/// <param name="InFlight">Challenger calls running now, abandoned ones included.</param>
public readonly record struct ShadowStatistics(long Offered, long Dropped, long Agreed, long Disagreed, long Failed, long TimedOut, double LatencyDifferenceSum, long NotSampled, int InFlight)
{
    /// <summary>Agreed / (agreed + disagreed); NaN before the first answer.</summary>
    public double AgreementRate => Agreed + Disagreed > 0 ? (double)Agreed / (Agreed + Disagreed) : double.NaN;

    /// <summary>The mean challenger − primary latency in seconds over answered requests; NaN before the first answer.</summary>
    public double MeanLatencyDifference => Agreed + Disagreed > 0 ? LatencyDifferenceSum / (Agreed + Disagreed) : double.NaN;
}
