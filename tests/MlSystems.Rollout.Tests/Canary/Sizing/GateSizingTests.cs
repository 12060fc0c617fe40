using MlSystems.Statistics;

namespace MlSystems.Rollout.Tests.Canary.Sizing;

/// <summary>
/// <see cref="ICanaryGate.RequiredSamples"/>: each built-in gate's closed form, the figures its docs quote, and, for the
/// error-rate gate, that a candidate equal to the champion passes with the stated power once it has that many requests.
/// </summary>
public sealed class GateSizingTests
{
    [Fact]
    public void The_error_rate_gate_needs_the_normal_approximations_count()
    {
        CanaryWindow baseline = Window(100_000, errorRate: 0.01, sigma: 0.3, seed: 1);
        double p = (baseline.Errors + 0.5) / (baseline.Count + 1.0), k = 1.6448536269514722 + 1.6448536269514722;
        var gate = new ErrorRateGate();
        foreach (double share in new[] { 0.05, 0.5 })
        {
            // The half error the gate adds to each arm moves the count by about 1% at these rates.
            long expected = (long)Math.Ceiling(p * (1 - p) * k * k / (0.005 * 0.005 * (1 - share)));
            Assert.InRange(gate.RequiredSamples(baseline, new CanarySizing(share, null, 0.95))!.Value, expected, (long)(expected * 1.02));
        }

        // The figures in the gate's docs: about 4,500 at 5%, 8,600 at 50%, for a 1% rate.
        Assert.InRange(gate.RequiredSamples(baseline, new CanarySizing(0.05, null, 0.95))!.Value, 4_300, 4_700);
        Assert.InRange(gate.RequiredSamples(baseline, new CanarySizing(0.5, null, 0.95))!.Value, 8_200, 9_000);

        // A fixed baseline too small leaves no room; a zero tolerance never passes; an empty baseline cannot say.
        Assert.Equal(long.MaxValue, gate.RequiredSamples(Window(500, 0.01, 0.3, 2), new CanarySizing(1, 500, 0.95)));
        Assert.Equal(long.MaxValue, new ErrorRateGate(0).RequiredSamples(baseline, new CanarySizing(0.5, null, 0.95)));
        Assert.Null(gate.RequiredSamples(new CanaryWindow(), new CanarySizing(0.5, null, 0.95)));
    }

    [Fact]
    public void Without_errors_the_error_rate_gate_is_sized_by_the_half_error_it_adds()
    {
        // 10,000 champion requests and no errors: the closed form would ask for a couple of dozen candidate requests, but
        // the half error added to the candidate keeps its standard error near 0.71/n, so 95% power at a 0.5-point tolerance
        // takes about 465. At that count an error-free candidate passes; at a third of it, not yet.
        var baseline = new CanaryWindow();
        for (int i = 0; i < 10_000; i++)
        {
            baseline.Add(new CanaryObservation(false, TimeSpan.FromMilliseconds(20)));
        }

        var gate = new ErrorRateGate();
        long required = gate.RequiredSamples(baseline, new CanarySizing(1, 10_000, 0.95))!.Value;
        Assert.InRange(required, 440, 490);
        CanaryWindow Clean(long n)
        {
            var window = new CanaryWindow();
            for (long i = 0; i < n; i++)
            {
                window.Add(new CanaryObservation(false, TimeSpan.FromMilliseconds(20)));
            }

            return window;
        }

        Assert.Equal(GateOutcome.Pass, gate.Evaluate(baseline, Clean(required)).Outcome);
        Assert.Equal(GateOutcome.Inconclusive, gate.Evaluate(baseline, Clean(required / 3)).Outcome);
    }

    [Fact]
    public void At_its_required_count_an_equal_candidate_passes_the_error_rate_gate_with_the_power()
    {
        // 300 seeded trials at a 50% share: both arms drawn at 1% errors, the gate judged once at the planned count.
        var gate = new ErrorRateGate();
        long n = gate.RequiredSamples(Window(100_000, 0.01, 0.3, 3), new CanarySizing(0.5, null, 0.95))!.Value;
        var random = new Random(4);
        int passed = 0;
        const int Trials = 300;
        for (int t = 0; t < Trials; t++)
        {
            CanaryWindow champion = Window(n, 0.01, 0.3, random.Next()), candidate = Window(n, 0.01, 0.3, random.Next());
            passed += gate.Evaluate(champion, candidate).Outcome == GateOutcome.Pass ? 1 : 0;
        }

        // 95% power, give or take three binomial standard errors (±3.8 points).
        Assert.InRange((double)passed / Trials, 0.912, 0.988);
    }

    [Theory]
    [InlineData(0.5, 0.05)]
    [InlineData(0.3, 0.05)]
    [InlineData(0.3, 0.5)]
    public void The_latency_gate_sizes_from_the_baselines_own_tail(double sigma, double share)
    {
        // Log-normal latencies: 1.2 × p99 leaves t = 1 − Φ(z₀.₉₉ + ln 1.2 / σ) of requests slower (0.36% at σ = 0.5, 0.17%
        // at 0.3). The closed form with that exact tail, against what the gate reads off 200,000 requests' histogram.
        CanaryWindow baseline = Window(200_000, 0.01, sigma, 5);
        double tail = NormalDistribution.Survival(NormalDistribution.Quantile(0.99) + (Math.Log(1.2) / sigma));
        double z = NormalDistribution.Quantile(0.95), ratio = share / (1 - share), a = 0.01 * 0.99;
        double root = ((z * Math.Sqrt(a * (1 + ratio))) + (z * Math.Sqrt((tail * (1 - tail)) + (a * ratio)))) / (0.01 - tail);
        long expected = (long)Math.Ceiling(root * root);

        long? required = new LatencyGate().RequiredSamples(baseline, new CanarySizing(share, null, 0.95));
        Assert.InRange(required!.Value, (long)(expected * 0.93), (long)(expected * 1.07));
    }

    [Fact]
    public void The_latency_gate_has_its_minimum_a_fixed_champion_and_power_in_its_count()
    {
        var gate = new LatencyGate();
        CanaryWindow baseline = Window(200_000, 0.01, 0.5, 5), tight = Window(200_000, 0.01, 0.3, 6);
        Assert.True(gate.RequiredSamples(baseline, new CanarySizing(0.05, null, 0.8)) < gate.RequiredSamples(baseline, new CanarySizing(0.05, null, 0.95)));

        // Against a fixed champion the count is the least n that clears the margin: more champion requests, fewer needed;
        // too few champion requests and no n suffices.
        long many = gate.RequiredSamples(tight, new CanarySizing(1, 100_000, 0.95))!.Value, fewer = gate.RequiredSamples(tight, new CanarySizing(1, 5_000, 0.95))!.Value;
        Assert.True(many < fewer, $"{many} against 100,000 champion requests, {fewer} against 5,000");
        Assert.Equal(long.MaxValue, gate.RequiredSamples(tight, new CanarySizing(1, 300, 0.95)));

        // Never below the gate's own minimum on either arm: at 99% the champion needs 200 requests too.
        Assert.True(new LatencyGate(minimumSamples: 5_000).RequiredSamples(tight, new CanarySizing(0.05, null, 0.95)) >= 5_000);
        Assert.Null(gate.RequiredSamples(new CanaryWindow(), new CanarySizing(0.5, null, 0.95)));
    }

    [Fact]
    public void The_drift_gate_needs_its_minimum_unless_the_limit_is_tight()
    {
        CanaryWindow baseline = new();
        var sizing = new CanarySizing(0.05, null, 0.95);

        // (1/n)(1/(1 − s)) χ²₉(0.95) ≤ limit: 16.92 / (0.2 × 0.95) = 89.05, so 90 predictions, below the default minimum of 500.
        Assert.Equal(500, new PredictionDriftGate().RequiredSamples(baseline, sizing));
        Assert.Equal(90, new PredictionDriftGate(0.2, 10).RequiredSamples(baseline, sizing));
        Assert.Equal((long)Math.Ceiling(16.918977604620448 / (0.01 * 0.95)), new PredictionDriftGate(0.01, 10).RequiredSamples(baseline, sizing));
    }

    [Fact]
    public void The_business_metric_gate_sizes_from_the_baselines_spread()
    {
        var baseline = new CanaryWindow();
        var random = new Random(7);
        for (int i = 0; i < 50_000; i++)
        {
            baseline.Add(new CanaryObservation(false, TimeSpan.FromMilliseconds(10), BusinessValue: random.NextDouble() < 0.1 ? 1 : 0));
        }

        ArmSummary summary = baseline.BusinessMetric;
        double k = 1.6448536269514722 + 1.6448536269514722, tolerance = 0.02 * summary.Mean;
        long expected = (long)Math.Ceiling(summary.Variance * k * k / (tolerance * tolerance * 0.5));
        Assert.Equal(expected, new BusinessMetricGate().RequiredSamples(baseline, new CanarySizing(0.5, null, 0.95)));
        Assert.Null(new BusinessMetricGate().RequiredSamples(new CanaryWindow(), new CanarySizing(0.5, null, 0.95)));
    }

    [Fact]
    public void A_custom_gate_cannot_size_itself_by_default_and_bad_sizings_are_refused()
    {
        ICanaryGate custom = new NeverDecides();
        Assert.Null(custom.RequiredSamples(new CanaryWindow(), new CanarySizing(0.5, null, 0.95)));
        Assert.Equal("CandidateShare", Assert.Throws<ArgumentOutOfRangeException>(() => new ErrorRateGate().RequiredSamples(new CanaryWindow(), new CanarySizing(0, null, 0.95))).ParamName);
        Assert.Equal("Power", Assert.Throws<ArgumentOutOfRangeException>(() => new LatencyGate().RequiredSamples(new CanaryWindow(), new CanarySizing(0.5, null, 1))).ParamName);
        Assert.Equal("BaselineCount", Assert.Throws<ArgumentOutOfRangeException>(() => new PredictionDriftGate().RequiredSamples(new CanaryWindow(), new CanarySizing(1, -1, 0.9))).ParamName);
        Assert.Equal("predictionCapacity", Assert.Throws<ArgumentOutOfRangeException>(() => new CanaryWindow(-1)).ParamName);
        Assert.Equal("observation", Assert.Throws<ArgumentException>(() => new CanaryWindow().Add(new CanaryObservation(false, TimeSpan.FromSeconds(-1)))).ParamName);
        Assert.Equal("observation", Assert.Throws<ArgumentException>(() => new CanaryWindow().Add(new CanaryObservation(false, TimeSpan.Zero, double.NaN))).ParamName);
    }

    internal static CanaryWindow Window(long count, double errorRate, double sigma, int seed)
    {
        var random = new Random(seed);
        var window = new CanaryWindow(0);
        for (long i = 0; i < count; i++)
        {
            double normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            window.Add(new CanaryObservation(random.NextDouble() < errorRate, TimeSpan.FromSeconds(0.04 * Math.Exp(sigma * normal))));
        }

        return window;
    }

    private sealed class NeverDecides : ICanaryGate
    {
        public string Name => "never";

        public GateResult Evaluate(CanaryWindow champion, CanaryWindow candidate) => new(Name, GateOutcome.Inconclusive, 0, 0, "undecided");
    }
}
