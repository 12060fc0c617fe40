using Xunit.Abstractions;

namespace MlSystems.Rollout.Tests.Canary.Sizing;

/// <summary>
/// The default gates on a plan fitted to its traffic (<see cref="CanaryPlanner.Fit"/>), 200 seeded canaries per case at
/// 2,000 requests an hour and at 200 requests a second: identical candidates promoted, a candidate with twice the errors
/// rolled back, one inside every tolerance promoted. The medians printed are the figures the Rollout README quotes.
/// </summary>
public sealed class CanaryPowerTests(ITestOutputHelper output)
{
    private const int Canaries = 200;
    private static readonly Lazy<CanaryWindow> SharedBaseline = new(() => TrafficSimulation.Baseline());

    public static TheoryData<double, double, double, CanaryState, double> Cases => new()
    {
        // requests/s, candidate error rate, latency factor, the outcome expected, its least share
        { 2000.0 / 3600, 0.01, 1.0, CanaryState.Promoted, 0.95 },
        { 2000.0 / 3600, 0.02, 1.0, CanaryState.RolledBack, 0.95 },
        { 2000.0 / 3600, 0.011, 1.05, CanaryState.Promoted, 0.90 },
        { 200, 0.01, 1.0, CanaryState.Promoted, 0.95 },
        { 200, 0.02, 1.0, CanaryState.RolledBack, 0.95 },
        { 200, 0.011, 1.05, CanaryState.Promoted, 0.90 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Canaries_decide_as_planned_at_low_and_high_traffic(double requestsPerSecond, double errorRate, double latencyFactor, CanaryState expected, double leastShare)
    {
        List<CanaryStep> steps = CanaryPlanner.Fit(Options(), SharedBaseline.Value, requestsPerSecond, MaximumStepDuration(requestsPerSecond));
        CanaryOptions Plan()
        {
            CanaryOptions options = Options();
            options.Steps = steps;
            return options;
        }

        SimulatedCanary[] runs = await TrafficSimulation.RunManyAsync(Canaries, Plan, requestsPerSecond, errorRate, latencyFactor, TimeSpan.FromDays(7));
        SimulatedCanary[] decided = [.. runs.Where(r => r.State == expected)];
        double median = decided.Length == 0 ? double.NaN : decided.Select(r => r.Elapsed.TotalHours).Order().ElementAt(decided.Length / 2);
        output.WriteLine($"{requestsPerSecond * 3600:N0} requests/h, errors {errorRate:P1}, latency ×{latencyFactor}: steps {string.Join(", ", steps.Select(s => $"{s.Percentage}%"))}; {expected} {decided.Length} of {Canaries}, median {median:0.00} h");
        foreach (IGrouping<CanaryState, SimulatedCanary> other in runs.Where(r => r.State != expected).GroupBy(r => r.State))
        {
            output.WriteLine($"  {other.Count()} {other.Key}, for example: {other.First().Reason}");
        }

        Assert.True(decided.Length >= leastShare * Canaries, $"{decided.Length} of {Canaries} {expected}, at least {leastShare:P0} expected");
    }

    [Fact]
    public void The_fitted_plan_starts_at_a_share_the_traffic_can_decide()
    {
        // At 2,000 requests an hour the 1% and 5% steps would need days: the plan starts at 25%. At 200 requests a second
        // it keeps every step.
        Assert.Equal([25.0, 50, 100], CanaryPlanner.Fit(Options(), SharedBaseline.Value, 2000.0 / 3600, MaximumStepDuration(2000.0 / 3600)).Select(s => s.Percentage));
        Assert.Equal([1.0, 5, 25, 50, 100], CanaryPlanner.Fit(Options(), SharedBaseline.Value, 200, MaximumStepDuration(200)).Select(s => s.Percentage));
        Assert.All(CanaryPlanner.Fit(Options(), SharedBaseline.Value, 200, MaximumStepDuration(200)), s => Assert.Equal(TimeSpan.FromHours(4), s.MaximumDuration));

        // At 20 requests an hour no step fits in a day: the refusal says what would.
        ArgumentException error = Assert.Throws<ArgumentException>(() => CanaryPlanner.Fit(Options(), SharedBaseline.Value, 20.0 / 3600, TimeSpan.FromDays(1)));
        Assert.Equal("requestsPerSecond", error.ParamName);
        Assert.Contains("20 requests/h", error.Message, StringComparison.Ordinal);
        Assert.Contains("shadow", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1.0, 25.0)]
    [InlineData(10.0, 5.0)]
    [InlineData(100.0, 1.0)]
    [InlineData(1_000.0, 1.0)]
    [InlineData(10_000.0, 1.0)]
    public void The_default_plan_fits_every_traffic_from_1_to_10000_requests_a_second(double requestsPerSecond, double firstShare)
    {
        CanaryOptions options = Options();
        options.Steps = CanaryPlanner.Fit(options, SharedBaseline.Value, requestsPerSecond, TimeSpan.FromDays(1));
        CanaryPlanEstimate estimate = CanaryPlanner.Estimate(options, SharedBaseline.Value, requestsPerSecond);
        output.WriteLine($"{requestsPerSecond} requests/s: steps {string.Join(", ", options.Steps.Select(s => $"{s.Percentage}%"))}, about {estimate.ExpectedDuration.TotalHours:0.00} h");

        Assert.True(estimate.IsFeasible, estimate.Summary);
        Assert.Equal(firstShare, options.Steps[0].Percentage);
        Assert.True(estimate.ExpectedDuration < TimeSpan.FromDays(2), estimate.Summary);
    }

    [Fact]
    public void Below_about_1400_requests_an_hour_no_step_of_the_default_plan_decides_within_a_day()
    {
        // The least traffic (to 10 requests an hour) at which the default plan still fits a day's limit.
        double Fits(double perHour)
        {
            try
            {
                _ = CanaryPlanner.Fit(Options(), SharedBaseline.Value, perHour / 3600, TimeSpan.FromDays(1));
                return 1;
            }
            catch (ArgumentException)
            {
                return 0;
            }
        }

        int least = Enumerable.Range(1, 1000).Select(k => k * 10).First(perHour => Fits(perHour) == 1);
        output.WriteLine($"the default plan fits a day from {least} requests/h");
        Assert.InRange(least, 1_200, 1_700);
    }

    private static TimeSpan MaximumStepDuration(double requestsPerSecond) => requestsPerSecond >= 1 ? TimeSpan.FromHours(4) : TimeSpan.FromDays(1);

    private static CanaryOptions Options() => new() { Name = "fraud", ChampionVersion = "v1", CandidateVersion = "v2", Hash = RoutingHash.XxHash };
}
