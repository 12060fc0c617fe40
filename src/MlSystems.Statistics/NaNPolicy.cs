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
}
