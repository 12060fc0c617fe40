using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace MlSystems.Rollout.Tests.Canary;

/// <summary>
/// The canary's latency histogram against the exact order statistics of the same latencies (sorted copies): quantiles
/// within 0.5% of the value, the share above a latency within the mass of the one bucket that holds it.
/// </summary>
public sealed class LatencyHistogramTests
{
    [Property(MaxTest = 100)]
    public Property A_quantile_is_within_half_a_percent_of_the_exact_order_statistic() =>
        Prop.ForAll(Gen.Choose(1, 5_000).ToArbitrary(), Gen.Choose(1, 999).ToArbitrary(), (count, permille) =>
        {
            var random = new Random(count * 1_000 + permille);
            double[] latencies = [.. Enumerable.Range(0, count).Select(_ => 0.04 * Math.Exp(0.8 * Normal(random)))];
            var histogram = new LatencyHistogram();
            foreach (double latency in latencies)
            {
                histogram.Add(latency);
            }

            // The order statistic at rank ⌈p n⌉ (at least 1): the smallest value with at least p of the values at or below it.
            Array.Sort(latencies);
            double p = permille / 1000.0, exact = latencies[Math.Max(1, (int)Math.Ceiling(p * count)) - 1];
            return Math.Abs(histogram.Quantile(p) - exact) <= 0.00500001 * exact;
        });

    [Fact]
    public void The_share_above_a_latency_is_exact_but_for_its_own_bucket()
    {
        var random = new Random(3);
        double[] latencies = [.. Enumerable.Range(0, 200_000).Select(_ => 0.04 * Math.Exp(0.3 * Normal(random)))];
        var histogram = new LatencyHistogram();
        foreach (double latency in latencies)
        {
            histogram.Add(latency);
        }

        foreach (double limit in new[] { 0.03, 0.04, 0.07, 0.08, 0.1 })
        {
            double exact = latencies.Count(l => l > limit) / (double)latencies.Length;
            double bucket = latencies.Count(l => l > limit / 1.01 && l <= limit * 1.01) / (double)latencies.Length;
            Assert.InRange(histogram.ShareAbove(limit), exact - bucket, exact + bucket);
        }

        // At the p99 tail the interpolation is far closer than the bucket's mass: within 2% of the exact share.
        double tailLimit = 1.2 * 0.04 * Math.Exp(0.3 * 2.3263478740408408);
        double tail = latencies.Count(l => l > tailLimit) / (double)latencies.Length;
        Assert.InRange(histogram.ShareAbove(tailLimit), tail * 0.98, tail * 1.02);
    }

    [Fact]
    public void Empty_and_out_of_range_latencies_have_stated_answers()
    {
        var histogram = new LatencyHistogram();
        Assert.True(double.IsNaN(histogram.Quantile(0.5)));
        Assert.True(double.IsNaN(histogram.ShareAbove(1)));

        histogram.Add(0);
        histogram.Add(1e9);
        Assert.InRange(histogram.Quantile(0.5), LatencyHistogram.MinimumSeconds * 0.99, LatencyHistogram.MinimumSeconds * 1.01);
        Assert.InRange(histogram.Quantile(1), LatencyHistogram.MaximumSeconds * 0.99, LatencyHistogram.MaximumSeconds * 1.01);
        Assert.Equal(0.5, histogram.ShareAbove(1));
        Assert.Equal(2, histogram.Count);
    }

    private static double Normal(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
