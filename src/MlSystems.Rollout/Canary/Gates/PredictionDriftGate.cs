using MlSystems.Drift;
using MlSystems.Statistics;

namespace MlSystems.Rollout;

/// <summary>
/// Gates on how far the candidate's predictions move from the champion's on the same traffic, by the Population
/// Stability Index (MlSystems.Drift, champion deciles as bins). A candidate that scores a different population than the
/// champion did is a change someone should look at before it takes all traffic.
/// </summary>
/// <remarks>
/// Sized (<see cref="RequiredSamples"/>) by the PSI's distribution between two samples of one population over the ten
/// decile bins, about (1/n + 1/m) χ²(9): a candidate scoring like the champion stays under 0.2 with 95% power from about
/// 85 predictions, so <see cref="MinimumSamples"/> is what a step waits for unless the limit is set far lower.
/// </remarks>
public sealed class PredictionDriftGate : ICanaryGate
{
    /// <summary>Creates the gate.</summary>
    /// <param name="maximumPsi">The largest tolerated PSI, positive; default 0.2 (the usual "significant shift" line).</param>
    /// <param name="minimumSamples">Predictions per arm before judging, at least 10; default 500.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public PredictionDriftGate(double maximumPsi = 0.2, int minimumSamples = 500)
    {
        if (!(maximumPsi > 0) || !double.IsFinite(maximumPsi))
        {
            throw new ArgumentOutOfRangeException(nameof(maximumPsi), maximumPsi, "The PSI limit must be positive and finite.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(minimumSamples, 10);
        MaximumPsi = maximumPsi;
        MinimumSamples = minimumSamples;
    }

    /// <summary>The largest tolerated PSI.</summary>
    public double MaximumPsi { get; }

    /// <summary>Predictions per arm before judging.</summary>
    public int MinimumSamples { get; }

    /// <inheritdoc/>
    public string Name => "prediction-drift";

    /// <inheritdoc/>
    public GateResult Evaluate(CanaryWindow champion, CanaryWindow candidate)
    {
        ArgumentNullException.ThrowIfNull(champion);
        ArgumentNullException.ThrowIfNull(candidate);
        if (champion.Predictions.Length < MinimumSamples || candidate.Predictions.Length < MinimumSamples)
        {
            return new GateResult(Name, GateOutcome.Inconclusive, double.NaN, double.NaN, $"{Math.Min(champion.Predictions.Length, candidate.Predictions.Length)} of {MinimumSamples} predictions per arm.");
        }

        double psi = PopulationStabilityIndex.Compute(champion.Predictions, candidate.Predictions).Value;
        GateOutcome outcome = psi <= MaximumPsi ? GateOutcome.Pass : GateOutcome.Fail;
        return new GateResult(Name, outcome, 0, psi, $"prediction PSI {psi:0.####} (limit {MaximumPsi})");
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The smallest n with (1/n + 1/m) χ²₉(power) ≤ the PSI limit, and at least <see cref="MinimumSamples"/> predictions
    /// on each arm, counted in requests that carry a prediction. Against a fixed champion (the last step) m is the
    /// predictions its window holds, not its requests (<see cref="long.MaxValue"/> when they leave no room).
    /// <see cref="CanaryOptions.Validate"/> makes sure a window keeps at least <see cref="MinimumSamples"/> predictions.
    /// </remarks>
    public long? RequiredSamples(CanaryWindow baseline, in CanarySizing sizing)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        sizing.Validate();
        CanarySizing effective = sizing.BaselineCount is null ? sizing : sizing with { BaselineCount = baseline.Predictions.Length };
        double spread = ChiSquaredDistribution.Quantile(sizing.Power, PsiOptions.DefaultBinCount - 1);
        long needed = SampleSize.ForVariance(1, MaximumPsi / spread, effective);
        return Math.Max(Math.Max(needed, MinimumSamples), SampleSize.ChampionFloor(MinimumSamples, effective));
    }
}
