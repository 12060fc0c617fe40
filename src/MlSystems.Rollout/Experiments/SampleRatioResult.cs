namespace MlSystems.Rollout;

/// <summary>A sample-ratio-mismatch check: do the arms' observed counts fit the configured split?</summary>
/// <param name="ChiSquared">Pearson's goodness-of-fit statistic.</param>
/// <param name="PValue">Its p-value with (arms − 1) degrees of freedom.</param>
/// <param name="Mismatch">True when <paramref name="PValue"/> is below the check's alpha: assignment or logging is broken and no effect estimate can be trusted.</param>
public sealed record SampleRatioResult(double ChiSquared, double PValue, bool Mismatch);
