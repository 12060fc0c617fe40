using System.Globalization;
using MlSystems.Drift;
using MlSystems.Rollout;

namespace MlSystems.Monitoring;

/// <summary>What the monitor watches, how often, and what it does about it.</summary>
public sealed class ModelMonitorOptions
{
    /// <summary>The registered model to watch; required.</summary>
    public string ModelName { get; set; } = "";

    /// <summary>The alias that names the serving version; default <c>champion</c>. Promotions move it.</summary>
    public string ChampionAlias { get; set; } = "champion";

    /// <summary>The names of the logged feature values, in the order <see cref="ModelMonitor.RecordPrediction"/> receives
    /// them; they must match the reference profiles' numeric features; required.</summary>
    public IList<string> FeatureNames { get; set; } = [];

    /// <summary>The profile feature holding the model's predictions on its training data; default <c>prediction</c>.
    /// When a version's profile has it, predictions are checked for drift like a feature.</summary>
    public string PredictionName { get; set; } = "prediction";

    /// <summary>Time between checks of the hosted service; must be positive; default 5 minutes.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The most recent served rows kept per version for the drift check; at least 2; default 10 000.</summary>
    public int WindowCapacity { get; set; } = 10_000;

    /// <summary>Predictions kept waiting for their labels; beyond it the oldest are dropped and counted; at least 1;
    /// default 100 000.</summary>
    public int PendingLabelCapacity { get; set; } = 100_000;

    /// <summary>
    /// Whether the hosted service prepares the checks after the first check that finds a champion, and again when the
    /// champion changes (<see cref="ModelMonitor.PrepareAsync"/>), so the kernels the drift check runs are compiled
    /// before the first real check instead of during it; default true. Checks come minutes apart, too rarely for tiered
    /// compilation to promote them, so without it the first check with a full window spends most of its time in the
    /// JIT. Not in a fleet, whose coordinator judges merged bins.
    /// </summary>
    public bool PrepareChecks { get; set; } = true;

    /// <summary>The drift policy; default <see cref="DriftPolicy"/>' defaults.</summary>
    public DriftPolicy Drift { get; set; } = new();

    /// <summary>The performance policy; null (the default) when no labels come back, so only drift is watched.</summary>
    public PerformancePolicy? Performance { get; set; }

    /// <summary>Time after a rollback or a failed retraining before the monitor retrains again; not negative; default 1 hour.</summary>
    public TimeSpan RetrainCooldown { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Whether each canary's plan is fitted to the traffic measured before it starts; default true. The monitor measures
    /// the rate at which outcomes reach a canary (served requests, or labelled ones under a performance policy) and keeps
    /// a window of the champion's; once that window holds 1,000 outcomes over at least 10 minutes, the plan keeps only
    /// the steps whose gates can reach a verdict within half of <see cref="CanaryMaximumStepDuration"/>
    /// (<see cref="CanaryPlanner.Fit"/>), so at low traffic it starts at a larger share, and a plan that cannot decide at
    /// all does not start: the check reports why, with what would work. False keeps the steps as they are.
    /// </summary>
    /// <remarks>
    /// With the default gates (errors within 0.5 points of a 1% champion, p99 latency within 20%) at 95% power, a
    /// candidate identical to the champion was promoted in simulations after a median of 50 minutes at 200 requests/s
    /// (steps 1%, 5%, 25%, 50%, 100%) and 6 hours at 2,000 requests/hour (steps 50%, 100%, from a day's measurement);
    /// below about 1,400 requests/hour no step decides within a day. The README has the table.
    /// </remarks>
    public bool FitCanaryToTraffic { get; set; } = true;

    /// <summary>
    /// The longest a canary step runs without a verdict; positive; default 24 hours. Every step's maximum duration is at
    /// most this. A step that reaches it with too few requests for a verdict holds its share and waits for
    /// <see cref="ModelMonitor.DecideCanaryAsync"/>; one that has them and is still borderline follows the plan's
    /// <see cref="CanaryOptions.BorderlinePolicy"/> (default: roll back).
    /// </summary>
    public TimeSpan CanaryMaximumStepDuration { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Adjusts each new canary's plan before it is fitted to the traffic. The monitor sets the name, the versions and
    /// the seed, then the defaults: <see cref="CanaryOptions.DefaultSteps"/> (1%, 5%, 25%, 50%, 100%, each at least 10
    /// minutes and 1,000 candidate requests but the last), and the error-rate and latency gates, plus a business-metric
    /// gate on the loss (candidate at most 10% worse) when a performance policy is set. Null (the default) keeps these.
    /// </summary>
    /// <remarks>With a performance policy, a request reaches the canary when its label arrives, carrying its loss as the
    /// business value (lower is better); unlabelled requests never reach it.</remarks>
    public Action<CanaryOptions>? ConfigureCanary { get; set; }

    /// <summary>Throws when an option is out of range.</summary>
    /// <exception cref="ArgumentException">An option is invalid; the message and the parameter name say which.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ModelName))
        {
            throw new ArgumentException("A model name is required.", nameof(ModelName));
        }

        if (string.IsNullOrWhiteSpace(ChampionAlias))
        {
            throw new ArgumentException("The champion alias is empty.", nameof(ChampionAlias));
        }

        if (FeatureNames is null || FeatureNames.Count == 0)
        {
            throw new ArgumentException("At least one feature name is required.", nameof(FeatureNames));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string name in FeatureNames)
        {
            if (string.IsNullOrWhiteSpace(name) || !seen.Add(name) || string.Equals(name, PredictionName, StringComparison.Ordinal))
            {
                throw new ArgumentException($"The feature name '{name}' is empty, repeated or the prediction's name.", nameof(FeatureNames));
            }
        }

        if (string.IsNullOrWhiteSpace(PredictionName))
        {
            throw new ArgumentException("The prediction name is empty.", nameof(PredictionName));
        }

        if (CheckInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException($"The check interval {CheckInterval} is not positive.", nameof(CheckInterval));
        }

        if (WindowCapacity < 2 || PendingLabelCapacity < 1)
        {
            throw new ArgumentException($"The window capacity ({WindowCapacity}) must be at least 2 and the pending-label capacity ({PendingLabelCapacity}) at least 1.", WindowCapacity < 2 ? nameof(WindowCapacity) : nameof(PendingLabelCapacity));
        }

        if (RetrainCooldown < TimeSpan.Zero)
        {
            throw new ArgumentException($"The retraining cooldown {RetrainCooldown} is negative.", nameof(RetrainCooldown));
        }

        if (CanaryMaximumStepDuration <= TimeSpan.Zero)
        {
            throw new ArgumentException($"The canary's maximum step duration {CanaryMaximumStepDuration} is not positive.", nameof(CanaryMaximumStepDuration));
        }

        ValidateDrift();
        ValidatePerformance();
        ValidateCanary();
    }

    /// <summary>A copy deep enough that changing this object afterwards does not reach a running monitor.</summary>
    internal ModelMonitorOptions Snapshot() => new()
    {
        ModelName = ModelName,
        ChampionAlias = ChampionAlias,
        FeatureNames = [.. FeatureNames],
        PredictionName = PredictionName,
        CheckInterval = CheckInterval,
        WindowCapacity = WindowCapacity,
        PrepareChecks = PrepareChecks,
        PendingLabelCapacity = PendingLabelCapacity,
        Drift = Drift.Clone(),
        Performance = Performance?.Clone(),
        RetrainCooldown = RetrainCooldown,
        FitCanaryToTraffic = FitCanaryToTraffic,
        CanaryMaximumStepDuration = CanaryMaximumStepDuration,
        ConfigureCanary = ConfigureCanary,
    };

    /// <summary>
    /// The plan of a canary between two versions: the defaults, then <see cref="ConfigureCanary"/>, then every step's
    /// maximum duration capped and, with a measurement and <see cref="FitCanaryToTraffic"/>, the steps fitted to it;
    /// validated, at the measured traffic when there is one.
    /// </summary>
    /// <exception cref="ArgumentException">The adjusted plan is invalid, or cannot decide at the measured traffic (the
    /// message has the numbers and what would work).</exception>
    internal CanaryOptions CreateCanaryPlan(int championVersion, int candidateVersion, TrafficMeasurement? traffic)
    {
        string champion = championVersion.ToString(CultureInfo.InvariantCulture);
        string candidate = candidateVersion.ToString(CultureInfo.InvariantCulture);
        var plan = new CanaryOptions
        {
            Name = $"{ModelName}-v{candidate}",
            ChampionVersion = champion,
            CandidateVersion = candidate,
            Seed = candidateVersion,
        };
        if (Performance is not null)
        {
            plan.Gates.Add(new BusinessMetricGate(maximumRelativeDecrease: 0.1, higherIsBetter: false));
        }

        ConfigureCanary?.Invoke(plan);
        (plan.ChampionVersion, plan.CandidateVersion) = (champion, candidate);
        if (plan.Steps is not null && plan.Steps.All(s => s is not null))
        {
            plan.Steps = [.. plan.Steps.Select(s => s with { MaximumDuration = s.MaximumDuration is TimeSpan own && own < CanaryMaximumStepDuration ? own : CanaryMaximumStepDuration })];
        }

        if (traffic is not null && FitCanaryToTraffic)
        {
            plan.Steps = CanaryPlanner.Fit(plan, traffic.Baseline, traffic.RequestsPerSecond, CanaryMaximumStepDuration);
            (plan.ExpectedRequestsPerSecond, plan.Baseline) = (traffic.RequestsPerSecond, traffic.Baseline);
        }

        plan.Validate();
        return plan;
    }

    /// <summary>Builds a trial canary plan, so a plan the hook would make invalid fails at start-up, not after a retraining.</summary>
    private void ValidateCanary()
    {
        if (ConfigureCanary is null)
        {
            return;
        }

        try
        {
            _ = CreateCanaryPlan(1, 2, traffic: null);
        }
        catch (ArgumentException exception)
        {
            throw new ArgumentException($"The canary plan is invalid: {exception.Message}", nameof(ConfigureCanary), exception);
        }
    }

    private void ValidateDrift()
    {
        if (Drift is null)
        {
            throw new ArgumentException("The drift policy is null.", nameof(Drift));
        }

        if (Drift.MinimumRows < 2 || Drift.MinimumRows > WindowCapacity)
        {
            throw new ArgumentException($"The drift policy's minimum of {Drift.MinimumRows} rows must be in [2, {WindowCapacity}] (the window capacity).", nameof(Drift));
        }

        if (Drift.RetrainAfter < TimeSpan.Zero)
        {
            throw new ArgumentException($"The drift policy's retraining delay {Drift.RetrainAfter} is negative.", nameof(Drift));
        }

        if (Drift.Report is null)
        {
            throw new ArgumentException("The drift policy's report options are null.", nameof(Drift));
        }

        try
        {
            Drift.Report.Validate(new DriftTestRegistry());
        }
        catch (ArgumentException exception)
        {
            throw new ArgumentException($"The drift policy's report options are invalid: {exception.Message}", nameof(Drift), exception);
        }
    }

    private void ValidatePerformance()
    {
        if (Performance is not { } policy)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(policy.MetricName) || policy.Loss is null)
        {
            throw new ArgumentException("The performance policy needs a metric name and a loss function.", nameof(Performance));
        }

        if (!double.IsFinite(policy.MaximumIncrease) || policy.MaximumIncrease < 0)
        {
            throw new ArgumentException($"The performance policy's maximum increase {policy.MaximumIncrease} is not a finite non-negative number.", nameof(Performance));
        }

        if (policy.MinimumLabels < 2 || policy.WindowSize < policy.MinimumLabels)
        {
            throw new ArgumentException($"The performance policy needs at least 2 labels ({policy.MinimumLabels}) and a window ({policy.WindowSize}) at least that large.", nameof(Performance));
        }

        if (!(policy.Alpha > 0 && policy.Alpha <= 0.5))
        {
            throw new ArgumentException($"The performance policy's level {policy.Alpha} is not in (0, 0.5].", nameof(Performance));
        }
    }
}
