namespace MlSystems.Rollout;

/// <summary>One look at a sequential test.</summary>
/// <param name="Difference">Treatment mean minus control mean.</param>
/// <param name="LikelihoodRatio">The mixture likelihood ratio Λ at this look.</param>
/// <param name="PValue">The always-valid p-value: the smallest 1/Λ seen so far, capped at 1; it never increases.</param>
/// <param name="Lower">The lower end of the always-valid confidence sequence for the difference.</param>
/// <param name="Upper">The upper end of the always-valid confidence sequence for the difference.</param>
/// <param name="Significant">True once <paramref name="PValue"/> has fallen below alpha; the experiment may stop.</param>
public sealed record SequentialResult(double Difference, double LikelihoodRatio, double PValue, double Lower, double Upper, bool Significant);
