namespace MlSystems.Rollout.Tests.Canary.Sizing;

/// <summary>Plans sized at a traffic before they start: what they take, and a refusal that says what would work.</summary>
public sealed class CanaryPlannerTests
{
    private static readonly Lazy<CanaryWindow> SharedBaseline = new(() => GateSizingTests.Window(200_000, 0.01, 0.3, 11));

    [Fact]
    public void A_plan_the_traffic_cannot_support_is_refused_before_it_starts_with_the_numbers_and_what_would_work()
    {
        // The monitor's old plan, 5% first and 6 hours per step, at 2,000 requests an hour.
        var options = Options(o =>
        {
            o.Steps = [.. new double[] { 5, 25, 50, 100 }.Select(p => new CanaryStep(p, TimeSpan.FromMinutes(10), 500, TimeSpan.FromHours(6)))];
            o.ExpectedRequestsPerSecond = 2000.0 / 3600;
            o.Baseline = SharedBaseline.Value;
        });
        ArgumentException error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Equal("Steps[0].MaximumDuration", error.ParamName);
        Assert.StartsWith("At 2,000 requests/h step 0 (5%) needs about 4", error.Message, StringComparison.Ordinal);
        Assert.Contains("for error-rate to reach a verdict", error.Message, StringComparison.Ordinal);
        Assert.Contains("beyond its limit of 6 h", error.Message, StringComparison.Ordinal);
        Assert.Contains("(4,5", error.Message, StringComparison.Ordinal);
        Assert.Contains("candidate requests at 95% power)", error.Message, StringComparison.Ordinal);
        // The latency gate alone needs about 800 requests, 8 hours at 100 an hour: leaving a gate out is no remedy here.
        Assert.DoesNotContain("without gate", error.Message, StringComparison.Ordinal);
        Assert.Contains("a shadow comparison first", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new CanaryController(options));

        // With 12 hours a step, a 25% first share is what fits.
        options.Steps = [.. options.Steps.Select(s => s with { MaximumDuration = TimeSpan.FromHours(12) })];
        Assert.Contains("a share of 25% at step 0 decides in about 11.", Assert.Throws<ArgumentException>(options.Validate).Message, StringComparison.Ordinal);

        // Without the baseline only the sample arithmetic is checked, as before.
        options.Baseline = null;
        options.Validate();
    }

    [Fact]
    public void When_one_gate_alone_holds_the_step_up_the_refusal_offers_the_plan_without_it()
    {
        // At 200 requests/s a 5% step brings 10 a second: the drift gate's 20,000 predictions take 33 minutes, past the
        // 30-minute limit; the error-rate gate's 4,519 requests take 8, so its 10-minute minimum is what remains.
        var options = Options(o =>
        {
            o.Steps = [new CanaryStep(5, TimeSpan.FromMinutes(10), 100, TimeSpan.FromMinutes(30)), new CanaryStep(100, TimeSpan.FromMinutes(10), 0)];
            o.Gates = [new ErrorRateGate(), new PredictionDriftGate(0.2, 20_000)];
            o.PredictionSampleCapacity = 20_000;
        });
        CanaryPlanEstimate estimate = CanaryPlanner.Estimate(options, SharedBaseline.Value, 200);
        Assert.False(estimate.IsFeasible);
        Assert.Equal("prediction-drift", estimate.Steps[0].LimitingGate);
        Assert.Contains("without gate prediction-drift the step decides in about 10 min", estimate.Suggestions);
    }

    [Fact]
    public void A_drift_gate_that_needs_more_predictions_than_a_window_keeps_is_refused()
    {
        var options = Options(o => o.Gates = [new PredictionDriftGate(0.2, 20_000)]);
        Assert.Equal("PredictionSampleCapacity", Assert.Throws<ArgumentException>(options.Validate).ParamName);
    }

    [Fact]
    public void Fit_refuses_bad_arguments_by_name_before_reading_the_steps()
    {
        Assert.Equal("options", Assert.Throws<ArgumentNullException>(() => CanaryPlanner.Fit(null!, SharedBaseline.Value, 1, TimeSpan.FromHours(1))).ParamName);
        Assert.Equal("baseline", Assert.Throws<ArgumentNullException>(() => CanaryPlanner.Fit(Options(), null!, 1, TimeSpan.FromHours(1))).ParamName);
        Assert.Equal("Steps", Assert.Throws<ArgumentException>(() => CanaryPlanner.Fit(Options(o => o.Steps = null!), SharedBaseline.Value, 1, TimeSpan.FromHours(1))).ParamName);
        Assert.Equal("Steps[0]", Assert.Throws<ArgumentException>(() => CanaryPlanner.Fit(Options(o => o.Steps = [null!]), SharedBaseline.Value, 1, TimeSpan.FromHours(1))).ParamName);
        Assert.Equal("maximumStepDuration", Assert.Throws<ArgumentOutOfRangeException>(() => CanaryPlanner.Fit(Options(), SharedBaseline.Value, 1, TimeSpan.Zero)).ParamName);
    }

    [Fact]
    public void A_feasible_plan_reports_each_steps_duration_and_gate()
    {
        CanaryPlanEstimate estimate = CanaryPlanner.Estimate(Options(), SharedBaseline.Value, 200);
        Assert.True(estimate.IsFeasible);
        Assert.Empty(estimate.Suggestions);
        Assert.Equal([1.0, 5, 25, 50, 100], estimate.Steps.Select(s => s.Percentage));
        CanaryStepEstimate first = estimate.Steps[0];
        Assert.Equal("error-rate", first.LimitingGate);

        // p(1 − p)(z₀.₉₅ + z₀.₉₅)² / (0.005² × 0.99) at p = 1%: about 4,330 candidate requests, 2 a second at 1%.
        Assert.InRange(first.RequiredSamples, 4_250, 4_450);
        Assert.Equal(TimeSpan.FromSeconds(Math.Ceiling(first.RequiredSamples / 2.0)), first.ExpectedDuration);
        Assert.Equal(TimeSpan.FromMinutes(10), estimate.Steps[2].ExpectedDuration);
        Assert.Equal(estimate.ExpectedDuration, TimeSpan.FromSeconds(estimate.Steps.Sum(s => s.ExpectedDuration.TotalSeconds)));
        Assert.StartsWith("At 200 requests/s the plan takes about", estimate.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gate_that_cannot_pass_at_any_traffic_is_named()
    {
        var options = Options(o => o.Steps = [new(5, TimeSpan.Zero, 0, TimeSpan.FromHours(1)), new(100, TimeSpan.Zero, 0)]);
        options.Gates = [new ErrorRateGate(0)];
        CanaryPlanEstimate estimate = CanaryPlanner.Estimate(options, SharedBaseline.Value, 200);
        Assert.False(estimate.IsFeasible);
        Assert.Equal(long.MaxValue, estimate.Steps[0].RequiredSamples);
        Assert.Equal(TimeSpan.MaxValue, estimate.ExpectedDuration);
        Assert.Contains("gate error-rate cannot pass at any traffic", estimate.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        Assert.Throws<ArgumentNullException>(() => CanaryPlanner.Estimate(null!, SharedBaseline.Value, 1));
        Assert.Equal("requestsPerSecond", Assert.Throws<ArgumentOutOfRangeException>(() => CanaryPlanner.Estimate(Options(), SharedBaseline.Value, 0)).ParamName);
        Assert.Equal("maximumStepDuration", Assert.Throws<ArgumentOutOfRangeException>(() => CanaryPlanner.Fit(Options(), SharedBaseline.Value, 1, TimeSpan.Zero)).ParamName);
        Assert.Equal("Power", Assert.Throws<ArgumentException>(() => CanaryPlanner.Estimate(Options(o => o.Power = 1), SharedBaseline.Value, 1)).ParamName);
        Assert.Equal("BorderlinePolicy", Assert.Throws<ArgumentException>(() => Options(o => o.BorderlinePolicy = (CanaryBorderlinePolicy)9).Validate()).ParamName);
    }

    private static CanaryOptions Options(Action<CanaryOptions>? configure = null)
    {
        var options = new CanaryOptions { Name = "plan", ChampionVersion = "v1", CandidateVersion = "v2" };
        configure?.Invoke(options);
        return options;
    }
}
