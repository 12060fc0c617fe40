using System.Globalization;

namespace MlSystems.Rollout;

/// <summary>
/// Sizes a canary plan at a traffic before it starts: how many candidate requests each step's gates need for a verdict
/// (<see cref="ICanaryGate.RequiredSamples"/> at the options' <see cref="CanaryOptions.Power"/>), how long each step
/// takes at its share, and, when a step cannot decide within its maximum duration, what would.
/// </summary>
/// <remarks>
/// The estimate uses the gates' own sample-size arithmetic, so it is as good as the baseline is like the traffic the
/// canary will see; during the canary the gates size themselves from the champion's live window. Gates that cannot
/// size themselves count for nothing here. Named gates (<see cref="CanaryOptions.GateNames"/>) are sized once resolved.
/// </remarks>
public static class CanaryPlanner
{
    private static readonly double[] LargerShares = [10, 25, 50];

    /// <summary>Estimates <paramref name="options"/>' plan at <paramref name="requestsPerSecond"/>.</summary>
    /// <param name="options">The canary; its steps, gates and power are read, nothing is changed.</param>
    /// <param name="baseline">A sample of the champion's traffic, for the gates' baseline rates and spreads.</param>
    /// <param name="requestsPerSecond">The traffic both versions share, positive and finite.</param>
    /// <returns>The estimate.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or <paramref name="baseline"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="requestsPerSecond"/> is not positive and finite.</exception>
    /// <exception cref="ArgumentException">The options are invalid (the message names the option).</exception>
    public static CanaryPlanEstimate Estimate(CanaryOptions options, CanaryWindow baseline, double requestsPerSecond)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(baseline);
        if (!(requestsPerSecond > 0) || !double.IsFinite(requestsPerSecond))
        {
            throw new ArgumentOutOfRangeException(nameof(requestsPerSecond), requestsPerSecond, "The request rate must be positive and finite.");
        }

        options.ValidateShape();
        ICanaryGate[] gates = [.. options.Gates];
        var steps = new List<CanaryStepEstimate>(options.Steps.Count);
        var sizings = new List<CanarySizing>(options.Steps.Count);
        double championSoFar = 0;
        for (int k = 0; k < options.Steps.Count; k++)
        {
            CanaryStep step = options.Steps[k];
            double share = step.Percentage / 100;
            var sizing = share < 1 ? new CanarySizing(share, null, options.Power) : new CanarySizing(1, (long)Math.Min(championSoFar, long.MaxValue / 2), options.Power);
            CanaryStepEstimate estimate = EstimateStep(k, step, gates, baseline, sizing, requestsPerSecond * share);
            steps.Add(estimate);
            sizings.Add(sizing);
            championSoFar += estimate.ExpectedDuration == TimeSpan.MaxValue ? 0 : requestsPerSecond * (1 - share) * estimate.ExpectedDuration.TotalSeconds;
        }

        double seconds = steps.Sum(s => s.ExpectedDuration.TotalSeconds);
        TimeSpan total = steps.Any(s => s.ExpectedDuration == TimeSpan.MaxValue) || !(seconds < TimeSpan.MaxValue.TotalSeconds / 2)
            ? TimeSpan.MaxValue
            : TimeSpan.FromSeconds(seconds);
        CanaryStepEstimate? failing = steps.FirstOrDefault(s => !s.FitsMaximumDuration);
        if (failing is null)
        {
            string perStep = string.Join("; ", steps.Select(s => Invariant($"step {s.StepIndex} ({s.Percentage}%) {Duration(s.ExpectedDuration)}{(s.LimitingGate is null ? "" : $" for {s.LimitingGate}")}")));
            return new CanaryPlanEstimate(requestsPerSecond, steps, total, true, Invariant($"At {Rate(requestsPerSecond)} the plan takes about {Duration(total)}: {perStep}."), []);
        }

        CanaryStep failed = options.Steps[failing.StepIndex];
        List<string> suggestions = Suggest(failing, failed, sizings[failing.StepIndex], gates, baseline, requestsPerSecond);
        string need = failing.RequiredSamples == long.MaxValue
            ? Invariant($"gate {failing.LimitingGate} cannot pass at any traffic (its tolerance, or the baseline's own tail, leaves no room)")
            : Invariant($"needs about {Duration(failing.ExpectedDuration)} for {failing.LimitingGate ?? "its minimum samples"} to reach a verdict ({failing.RequiredSamples:N0} candidate requests at {options.Power * 100:0.#}% power)");
        string summary = Invariant($"At {Rate(requestsPerSecond)} step {failing.StepIndex} ({failing.Percentage}%) {need}, beyond its limit of {Duration(failed.MaximumDuration!.Value)}.");
        if (suggestions.Count > 0)
        {
            summary += " What would work: " + string.Join("; ", suggestions) + ".";
        }

        return new CanaryPlanEstimate(requestsPerSecond, steps, total, false, summary, suggestions);
    }

    /// <summary>
    /// The steps of <paramref name="options"/>' plan that suit <paramref name="requestsPerSecond"/>: the plan starts at
    /// its first step whose gates need at most half of <paramref name="maximumStepDuration"/> for a verdict, the smaller
    /// shares before it left out (at low traffic the plan starts at a larger share instead) and the steps after it kept,
    /// and every step is limited to
    /// <paramref name="maximumStepDuration"/> unless it has a shorter limit of its own.
    /// </summary>
    /// <remarks>
    /// Half the limit, because the gates' sample sizes are what a candidate exactly like the champion needs at the power;
    /// one a little worse, still within every tolerance, needs more, and the rest of the limit is its time to show it.
    /// The step at 100% is kept whatever it needs: it is judged against all the champion served before it.
    /// </remarks>
    /// <param name="options">The canary; its steps, gates and power are read, nothing is changed.</param>
    /// <param name="baseline">A sample of the champion's traffic, for the gates' baseline rates and spreads.</param>
    /// <param name="requestsPerSecond">The traffic both versions share, positive and finite.</param>
    /// <param name="maximumStepDuration">The longest any step may run without a verdict, positive.</param>
    /// <returns>The fitted steps, for <see cref="CanaryOptions.Steps"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or <paramref name="baseline"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The rate is not positive and finite, or the duration not positive.</exception>
    /// <exception cref="ArgumentException">
    /// The options are invalid, or no step fits (the message is the plan's estimate with what would work: a shadow
    /// comparison first, or a longer limit), naming <paramref name="requestsPerSecond"/>.
    /// </exception>
    public static List<CanaryStep> Fit(CanaryOptions options, CanaryWindow baseline, double requestsPerSecond, TimeSpan maximumStepDuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maximumStepDuration, TimeSpan.Zero);
        options.ValidateShape();
        var limited = Clone(options, [.. options.Steps.Select(s => s with { MaximumDuration = Shorter(s.MaximumDuration, maximumStepDuration) })]);
        CanaryPlanEstimate estimate = Estimate(limited, baseline, requestsPerSecond);
        int first = estimate.Steps.ToList().FindIndex(s => s.Percentage == 100 || s.ExpectedDuration <= (limited.Steps[s.StepIndex].MaximumDuration!.Value / 2));
        if (first < 0 || estimate.Steps[first].Percentage == 100)
        {
            throw new ArgumentException(Invariant($"No step of canary '{options.Name}' can decide within half of {Duration(maximumStepDuration)}. {estimate.Summary}"), nameof(requestsPerSecond));
        }

        return [.. limited.Steps.Skip(first)];
    }

    private static CanaryOptions Clone(CanaryOptions options, IList<CanaryStep> steps)
    {
        CanaryOptions copy = options.Clone();
        copy.Steps = steps;
        return copy;
    }

    private static TimeSpan Shorter(TimeSpan? own, TimeSpan limit) => own is TimeSpan value && value < limit ? value : limit;

    private static CanaryStepEstimate EstimateStep(int index, CanaryStep step, ICanaryGate[] gates, CanaryWindow baseline, in CanarySizing sizing, double candidatePerSecond, ICanaryGate? without = null)
    {
        long required = step.MinimumSamples;
        string? limiting = null;
        foreach (ICanaryGate gate in gates)
        {
            if (!ReferenceEquals(gate, without) && gate.RequiredSamples(baseline, sizing) is long need && need > required)
            {
                (required, limiting) = (need, gate.Name);
            }
        }

        TimeSpan duration = required == long.MaxValue ? TimeSpan.MaxValue : Longest(step.MinimumDuration, required / candidatePerSecond);
        bool fits = step.MaximumDuration is not TimeSpan maximum || duration <= maximum;
        return new CanaryStepEstimate(index, step.Percentage, required, limiting, duration, fits);
    }

    private static List<string> Suggest(CanaryStepEstimate failing, CanaryStep step, CanarySizing sizing, ICanaryGate[] gates, CanaryWindow baseline, double requestsPerSecond)
    {
        double power = sizing.Power;
        var suggestions = new List<string>();
        if (step.Percentage < 100)
        {
            foreach (double share in LargerShares.Append(step.Percentage * 2).Where(s => s > step.Percentage && s < 100).Order())
            {
                CanaryStepEstimate larger = EstimateStep(failing.StepIndex, step with { Percentage = share }, gates, baseline, new CanarySizing(share / 100, null, power), requestsPerSecond * share / 100);
                if (larger.FitsMaximumDuration)
                {
                    suggestions.Add(Invariant($"a share of {share}% at step {failing.StepIndex} decides in about {Duration(larger.ExpectedDuration)}"));
                    break;
                }
            }
        }

        if (failing.LimitingGate is not null && gates.Length > 1)
        {
            ICanaryGate limiting = gates.First(g => g.Name == failing.LimitingGate);
            CanaryStepEstimate fewer = EstimateStep(failing.StepIndex, step, gates, baseline, sizing, requestsPerSecond * step.Percentage / 100, without: limiting);
            if (fewer.FitsMaximumDuration)
            {
                suggestions.Add(Invariant($"without gate {limiting.Name} the step decides in about {Duration(fewer.ExpectedDuration)}"));
            }
        }

        // In shadow every request reaches both versions and only the champion's answer is served: as many candidate
        // observations as champion ones, at the whole rate, with no user exposed.
        CanaryStepEstimate shadow = EstimateStep(failing.StepIndex, step, gates, baseline, new CanarySizing(0.5, null, power), requestsPerSecond);
        if (shadow.ExpectedDuration != TimeSpan.MaxValue)
        {
            suggestions.Add(Invariant($"a shadow comparison first (every request to both versions, no user served by the candidate) decides in about {Duration(shadow.ExpectedDuration)}"));
        }

        return suggestions;
    }

    private static TimeSpan Longest(TimeSpan minimum, double seconds) =>
        seconds >= TimeSpan.MaxValue.TotalSeconds / 2 ? TimeSpan.MaxValue : TimeSpan.FromSeconds(Math.Max(minimum.TotalSeconds, Math.Ceiling(seconds)));

    private static string Rate(double perSecond) =>
        perSecond >= 1 ? Invariant($"{perSecond:#,0.##} requests/s") : Invariant($"{perSecond * 3600:#,0.#} requests/h");

    private static string Duration(TimeSpan span) =>
        span == TimeSpan.MaxValue ? "forever"
        : span.TotalHours >= 48 ? Invariant($"{span.TotalDays:0.#} days")
        : span.TotalHours >= 1 ? Invariant($"{span.TotalHours:0.#} h")
        : span.TotalMinutes >= 1 ? Invariant($"{span.TotalMinutes:0} min")
        : Invariant($"{span.TotalSeconds:0} s");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
