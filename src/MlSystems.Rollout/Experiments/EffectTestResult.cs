namespace MlSystems.Rollout;

/// <summary>A two-arm comparison: treatment minus control, its uncertainty and its significance.</summary>
/// <param name="Difference">Treatment mean (or rate) minus control mean.</param>
/// <param name="StandardError">The unpooled standard error of the difference.</param>
/// <param name="Statistic">The test statistic (z or Welch's t).</param>
/// <param name="DegreesOfFreedom">Welch–Satterthwaite degrees of freedom; +∞ for the z-test.</param>
/// <param name="PValue">The two-sided p-value.</param>
/// <param name="Lower">The lower end of the confidence interval for the difference.</param>
/// <param name="Upper">The upper end of the confidence interval for the difference.</param>
/// <param name="Significant">True when <paramref name="PValue"/> is below the test's alpha.</param>
public sealed record EffectTestResult(double Difference, double StandardError, double Statistic, double DegreesOfFreedom, double PValue, double Lower, double Upper, bool Significant);
