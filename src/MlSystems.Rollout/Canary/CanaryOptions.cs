namespace MlSystems.Rollout;

/// <summary>A canary: which versions, the plan of steps, the gates, and how keys are bucketed.</summary>
public sealed class CanaryOptions
{
    /// <summary>The canary's name; it also salts the routing hash. Required.</summary>
    public string Name { get; set; } = "";

    /// <summary>The version serving today. Required.</summary>
    public string ChampionVersion { get; set; } = "";

    /// <summary>The version under test. Required, different from the champion.</summary>
    public string CandidateVersion { get; set; } = "";

    /// <summary>
    /// The plan; default 1% → 5% → 25% → 50% → 100%, each step at least 10 minutes and 1,000 candidate requests
    /// (the last at least 10 minutes and 0 requests beyond the earlier steps' evidence), no maximum. Percentages rise
    /// strictly; at 100% the champion gets no traffic, so that step is judged against
    /// everything the champion served during the canary.
    /// </summary>
    /// <remarks>
    /// How long a step takes is set by the traffic: with the default gates and a 1% champion error rate, the error-rate
    /// gate needs about 4,300 candidate requests for a verdict at 95% power at a 1% share, so the 1% step takes its
    /// 10-minute minimum at 10,000 requests/s and about 12 hours at 10. Fitted to a day's limit (<see cref="CanaryPlanner.Fit"/>), the default plan
    /// starts at 25% at 1 request/s (about 13 hours in all), at 5% at 10 requests/s (3.8 hours) and at 1% from 100
    /// requests/s (2 hours; 50 minutes from 1,000).
    /// </remarks>
    public IList<CanaryStep> Steps { get; set; } = DefaultSteps();

    /// <summary>The gates every step must pass; default an <see cref="ErrorRateGate"/> and a p99 <see cref="LatencyGate"/>.</summary>
    public IList<ICanaryGate> Gates { get; set; } = [new ErrorRateGate(), new LatencyGate()];

    /// <summary>
    /// Names of gates registered in the container (<see cref="RolloutServiceCollectionExtensions.AddCanaryGate{TGate}"/>,
    /// or a built-in of <see cref="CanaryGateNames"/>), resolved and appended to <see cref="Gates"/> when
    /// <see cref="RolloutServiceCollectionExtensions.AddRollout"/> builds the canary, so a plan bound from configuration
    /// can name its gates; empty by default. Clear <see cref="Gates"/> to use only named gates. A
    /// <see cref="CanaryController"/> constructed directly has no container and refuses names.
    /// </summary>
    public IList<string> GateNames { get; set; } = [];

    /// <summary>The bucket hash; default <see cref="RoutingHash.FeatureManagement"/>.</summary>
    public RoutingHash Hash { get; set; } = RoutingHash.FeatureManagement;

    /// <summary>
    /// The expected request rate in requests per second, or null (the default) when unknown. When set, a step whose
    /// maximum duration cannot gather its minimum samples at its percentage is rejected as impossible; with a
    /// <see cref="Baseline"/> too, so is a step whose gates cannot reach a verdict within it (<see cref="CanaryPlanner"/>).
    /// </summary>
    public double? ExpectedRequestsPerSecond { get; set; }

    /// <summary>
    /// A sample of the champion's traffic (errors, latencies, predictions, business values) to size the plan with before
    /// it starts, or null (the default). With <see cref="ExpectedRequestsPerSecond"/>, <see cref="Validate"/> refuses a
    /// plan whose gates cannot reach a verdict within a step's maximum duration, saying what would work. During a step
    /// the gates size themselves from the champion's live window instead.
    /// </summary>
    public CanaryWindow? Baseline { get; set; }

    /// <summary>
    /// The probability with which each gate passes a candidate that performs exactly as the champion does, once the step
    /// has the requests the gate asks for (<see cref="ICanaryGate.RequiredSamples"/>); in (0, 1), default 0.95. Higher
    /// asks for more requests per step: 0.99 about 1.5 times as many as 0.95 for the error-rate gate.
    /// </summary>
    public double Power { get; set; } = 0.95;

    /// <summary>
    /// What a step does at its <see cref="CanaryStep.MaximumDuration"/> when it has every gate's requests and a gate is
    /// still inconclusive; default <see cref="CanaryBorderlinePolicy.RollBack"/>. With too few requests for a verdict
    /// the step asks for a decision instead, whatever this says.
    /// </summary>
    public CanaryBorderlinePolicy BorderlinePolicy { get; set; } = CanaryBorderlinePolicy.RollBack;

    /// <summary>Predictions kept per arm and step for drift gates (a uniform reservoir); default 10,000.</summary>
    public int PredictionSampleCapacity { get; set; } = 10_000;

    /// <summary>Seed of the prediction reservoirs; default 0.</summary>
    public int Seed { get; set; }

    /// <summary>The default plan.</summary>
    public static List<CanaryStep> DefaultSteps() =>
    [
        new(1, TimeSpan.FromMinutes(10), 1_000),
        new(5, TimeSpan.FromMinutes(10), 1_000),
        new(25, TimeSpan.FromMinutes(10), 1_000),
        new(50, TimeSpan.FromMinutes(10), 1_000),
        new(100, TimeSpan.FromMinutes(10), 0),
    ];

    /// <summary>Checks the options, the plan's arithmetic and, given an expected rate and a baseline, that every step can reach a verdict within its maximum duration.</summary>
    /// <exception cref="ArgumentException">The first problem found, naming the option (for example <c>Steps[2].MaximumDuration</c>).</exception>
    public void Validate()
    {
        ValidateShape();
        if (ExpectedRequestsPerSecond is double expected && Baseline is not null)
        {
            CanaryPlanEstimate estimate = CanaryPlanner.Estimate(this, Baseline, expected);
            if (!estimate.IsFeasible)
            {
                int failing = estimate.Steps.First(s => !s.FitsMaximumDuration).StepIndex;
                throw RolloutArguments.Invalid($"Steps[{failing}].MaximumDuration", estimate.Summary);
            }
        }
    }

    /// <summary>Every check of <see cref="Validate"/> but the plan's feasibility at the expected traffic.</summary>
    internal void ValidateShape()
    {
        Require(Name, nameof(Name));
        Require(ChampionVersion, nameof(ChampionVersion));
        Require(CandidateVersion, nameof(CandidateVersion));
        if (string.Equals(ChampionVersion, CandidateVersion, StringComparison.Ordinal))
        {
            throw RolloutArguments.Invalid(nameof(CandidateVersion), $"The candidate '{CandidateVersion}' is the champion itself.");
        }

        if (!Enum.IsDefined(Hash))
        {
            throw RolloutArguments.Invalid(nameof(Hash), $"Unknown routing hash {Hash}.");
        }

        if (ExpectedRequestsPerSecond is double rate && (!(rate > 0) || !double.IsFinite(rate)))
        {
            throw RolloutArguments.Invalid(nameof(ExpectedRequestsPerSecond), $"The expected rate must be positive and finite, not {rate}.");
        }

        if (!(Power > 0 && Power < 1))
        {
            throw RolloutArguments.Invalid(nameof(Power), $"The power must lie in (0, 1), not {Power}.");
        }

        if (!Enum.IsDefined(BorderlinePolicy))
        {
            throw RolloutArguments.Invalid(nameof(BorderlinePolicy), $"Unknown borderline policy {BorderlinePolicy}.");
        }

        if (PredictionSampleCapacity < 0)
        {
            throw RolloutArguments.Invalid(nameof(PredictionSampleCapacity), "The prediction sample capacity cannot be negative.");
        }

        if (Gates is null || Gates.Any(g => g is null))
        {
            throw RolloutArguments.Invalid(nameof(Gates), "The gates list and its entries must not be null.");
        }

        // A drift gate judges the predictions a window keeps: fewer than its minimum and it could never decide.
        if (Gates.OfType<PredictionDriftGate>().FirstOrDefault(g => g.MinimumSamples > PredictionSampleCapacity) is { } drift)
        {
            throw RolloutArguments.Invalid(nameof(PredictionSampleCapacity), $"Gate {drift.Name} needs {drift.MinimumSamples} predictions per arm, but each window keeps at most {PredictionSampleCapacity}.");
        }

        if (GateNames is null || GateNames.Any(string.IsNullOrWhiteSpace))
        {
            throw RolloutArguments.Invalid(nameof(GateNames), "The gate names list must not be null, and no name may be blank.");
        }

        if (Steps is null || Steps.Count == 0)
        {
            throw RolloutArguments.Invalid(nameof(Steps), "A canary needs at least one step.");
        }

        double previous = 0;
        for (int k = 0; k < Steps.Count; k++)
        {
            CanaryStep step = Steps[k] ?? throw RolloutArguments.Invalid($"Steps[{k}]", "A step is null.");
            string at = $"Steps[{k}]";
            if (!(step.Percentage > previous && step.Percentage <= 100))
            {
                throw RolloutArguments.Invalid($"{at}.Percentage", $"Step {k} sends {step.Percentage}% to the candidate; percentages must rise strictly from step to step, above 0 and at most 100 (the step before sends {previous}%).");
            }

            if (step.Percentage == 100 && k != Steps.Count - 1)
            {
                throw RolloutArguments.Invalid($"{at}.Percentage", $"Step {k} sends 100%, so no step can follow it.");
            }

            if (step.Percentage == 100 && k == 0)
            {
                throw RolloutArguments.Invalid($"{at}.Percentage", "The first step sends 100%: the champion would serve nothing to compare the candidate with.");
            }

            if (step.MinimumDuration < TimeSpan.Zero || step.MinimumSamples < 0)
            {
                throw RolloutArguments.Invalid(at, $"Step {k} has a negative minimum duration or sample count.");
            }

            if (step.MaximumDuration is TimeSpan maximum)
            {
                if (maximum < step.MinimumDuration)
                {
                    throw RolloutArguments.Invalid($"{at}.MaximumDuration", $"Step {k} may last at most {maximum} but must last at least {step.MinimumDuration}.");
                }

                double reachable = (ExpectedRequestsPerSecond ?? double.PositiveInfinity) * step.Percentage / 100 * maximum.TotalSeconds;
                if (reachable < step.MinimumSamples)
                {
                    throw RolloutArguments.Invalid($"{at}.MaximumDuration", $"Step {k} needs {step.MinimumSamples} candidate requests, but {ExpectedRequestsPerSecond} requests/s at {step.Percentage}% for {maximum} bring about {reachable:0}.");
                }
            }

            previous = step.Percentage;
        }
    }

    /// <summary>A copy whose lists are its own: what a controller keeps, so the caller's later changes reach nothing.</summary>
    internal CanaryOptions Clone()
    {
        var copy = (CanaryOptions)MemberwiseClone();
        copy.Steps = Steps is null ? null! : [.. Steps];
        copy.Gates = Gates is null ? null! : [.. Gates];
        copy.GateNames = GateNames is null ? null! : [.. GateNames];
        return copy;
    }

    private static void Require(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw RolloutArguments.Invalid(name, $"{name} is required.");
        }
    }
}
