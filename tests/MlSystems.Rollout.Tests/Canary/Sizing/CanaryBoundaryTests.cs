using Xunit.Abstractions;

namespace MlSystems.Rollout.Tests.Canary.Sizing;

/// <summary>
/// A candidate exactly at a gate's tolerance is the case the Pass side's level is about. Each step re-judges its gates
/// at every evaluation, which lets such a candidate pass a step more often than the level says; promotion needs every
/// step, each on fresh requests, so across the plan it is promoted rarely. 200 seeded canaries per case, plans fitted
/// as in <see cref="CanaryPowerTests"/>.
/// </summary>
public sealed class CanaryBoundaryTests(ITestOutputHelper output)
{
    private const int Canaries = 200;
    private static readonly Lazy<CanaryWindow> SharedBaseline = new(() => TrafficSimulation.Baseline());

    public static TheoryData<double, double, double> Cases => new()
    {
        // requests/s, candidate error rate, latency factor: at the error-rate tolerance, then at the latency ratio
        { 2000.0 / 3600, 0.015, 1.0 },
        { 200, 0.015, 1.0 },
        { 2000.0 / 3600, 0.01, 1.2 },
        { 200, 0.01, 1.2 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_candidate_at_the_tolerance_is_rarely_promoted(double requestsPerSecond, double errorRate, double latencyFactor)
    {
        TimeSpan limit = requestsPerSecond >= 1 ? TimeSpan.FromHours(4) : TimeSpan.FromDays(1);
        List<CanaryStep> steps = CanaryPlanner.Fit(Options(), SharedBaseline.Value, requestsPerSecond, limit);
        CanaryOptions Plan()
        {
            CanaryOptions options = Options();
            options.Steps = steps;
            return options;
        }

        SimulatedCanary[] runs = await TrafficSimulation.RunManyAsync(Canaries, Plan, requestsPerSecond, errorRate, latencyFactor, TimeSpan.FromDays(7));
        int promoted = runs.Count(r => r.State == CanaryState.Promoted);
        output.WriteLine($"{requestsPerSecond * 3600:N0} requests/h, errors {errorRate:P1}, latency ×{latencyFactor}: promoted {promoted} of {Canaries}; {string.Join(", ", runs.GroupBy(r => r.State).Select(g => $"{g.Count()} {g.Key}"))}");
        Assert.True(promoted <= 0.05 * Canaries, $"{promoted} of {Canaries} promoted, at most 5% expected");
    }

    private static CanaryOptions Options() => new() { Name = "fraud", ChampionVersion = "v1", CandidateVersion = "v2", Hash = RoutingHash.XxHash };
}
