namespace MlSystems.Rollout;

/// <summary>Monte Carlo estimate of the probability that a Thompson draw picks a given arm.</summary>
internal static class ThompsonPropensity
{
    public delegate int Drawer(ReadOnlySpan<BanditArmState> arms, Random random);

    public static double Estimate(ReadOnlySpan<BanditArmState> arms, int arm, int draws, Random random, Drawer draw)
    {
        if (draws == 0)
        {
            return double.NaN;
        }

        // A derived source keeps the estimate from shifting the policy's own random sequence by a draw-count-dependent amount.
        var estimator = new Random(random.Next());
        int hits = 1;
        for (int d = 0; d < draws; d++)
        {
            hits += draw(arms, estimator) == arm ? 1 : 0;
        }

        // The chosen arm counts once more (add-one smoothing): an observed choice never gets propensity 0.
        return (double)hits / (draws + 1);
    }
}
