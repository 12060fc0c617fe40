namespace MlSystems.Rollout;

/// <summary>
/// What a gate sizes its sample for (<see cref="ICanaryGate.RequiredSamples"/>): the candidate's share of traffic, how
/// much champion evidence comes with it, and the power sought.
/// </summary>
/// <param name="CandidateShare">
/// The candidate's share of traffic, in (0, 1]. With no <paramref name="BaselineCount"/> the champion's observations grow
/// alongside the candidate's, (1 − share) / share of them per candidate request.
/// </param>
/// <param name="BaselineCount">
/// The champion's observations when they are fixed: a step at 100% is judged against everything the champion served
/// during the canary's earlier steps. Null when they grow with the candidate's.
/// </param>
/// <param name="Power">
/// The probability, in (0, 1), that a candidate performing exactly as the champion does passes the gate once it has the
/// samples.
/// </param>
public readonly record struct CanarySizing(double CandidateShare, long? BaselineCount, double Power)
{
    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The share is outside (0, 1], the baseline count negative, or the power outside (0, 1).</exception>
    public void Validate()
    {
        if (!(CandidateShare > 0 && CandidateShare <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(CandidateShare), CandidateShare, "The candidate's share must lie in (0, 1].");
        }

        if (BaselineCount < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(BaselineCount), BaselineCount, "The baseline count cannot be negative.");
        }

        RolloutArguments.Probability(Power, nameof(Power));
    }
}
