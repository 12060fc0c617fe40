namespace MlSystems.Statistics;

/// <summary>
/// What a kernel or summary does when its input contains NaN.
/// </summary>
/// <remarks>
/// NaN in monitoring data is almost always a bug upstream (a missing feature, a failed parse), so the
/// default is to refuse it loudly rather than return a NaN statistic that looks like a result.
/// </remarks>
public enum NaNPolicy
{
    /// <summary>
    /// Throw an <see cref="ArgumentException"/> that states how many values were NaN. This is the default.
    /// </summary>
    Reject = 0,

    /// <summary>
    /// Leave NaN values out, as if they were not in the input; results describe the remaining values.
    /// </summary>
    Omit = 1,

    /// <summary>
    /// Let NaN flow into the result, as IEEE arithmetic and numpy do: a statistic of a sample holding NaN (and, for
    /// the drift tests, ±∞) is NaN, and a drift decision on it is "not drifted". Only for calls whose result is a
    /// number (SpanStatistics' Sum, MeanVariance, MinMax and Quantiles, and the drift tests); calls that count, order or
    /// summarise values (CountBins, Sort, the summaries' Add) refuse it with an <see cref="ArgumentOutOfRangeException"/>,
    /// since NaN has no bin, no rank and no place in a mergeable summary.
    /// </summary>
    Propagate = 2,
}
