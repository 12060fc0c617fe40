namespace MlSystems.Rollout;

/// <summary>
/// A Thompson policy's propensities: the exact win probabilities of the last arm states seen, recomputed only when the
/// states change, so a decision on unchanged states costs one comparison and allocates nothing.
/// </summary>
/// <remarks>Thread-safe: the last result is an immutable snapshot published through a volatile field.</remarks>
internal sealed class ThompsonPropensity
{
    /// <summary>
    /// The smallest propensity reported: an arm can win a draw its exact probability rounds to 0 for, and an inverse
    /// propensity weight must stay finite.
    /// </summary>
    public const double Floor = 1e-12;

    private volatile Snapshot? last;

    /// <summary>The probability that a draw from <paramref name="arms"/>' posteriors picks <paramref name="arm"/>.</summary>
    /// <param name="arms">The arms' states.</param>
    /// <param name="arm">The chosen arm.</param>
    /// <param name="posteriors">Builds the posteriors of the states when they are not the last ones seen.</param>
    public double Of(ReadOnlySpan<BanditArmState> arms, int arm, Func<BanditArmState[], ArmPosteriors> posteriors)
    {
        Snapshot? snapshot = last;
        if (snapshot is null || !arms.SequenceEqual(snapshot.States))
        {
            BanditArmState[] states = arms.ToArray();
            snapshot = new Snapshot(states, WinProbabilities.Compute(posteriors(states)));
            last = snapshot;
        }

        return Math.Max(snapshot.Wins[arm], Floor);
    }

    private sealed record Snapshot(BanditArmState[] States, double[] Wins);
}
