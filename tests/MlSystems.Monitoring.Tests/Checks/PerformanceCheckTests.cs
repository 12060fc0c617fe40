namespace MlSystems.Monitoring.Tests.Checks;

/// <summary>The performance check on loss summaries alone, with no serving log, registry or monitor.</summary>
public sealed class PerformanceCheckTests
{
    private static readonly PerformancePolicy Policy = new() { MetricName = "mae", MaximumIncrease = 0.05, MinimumLabels = 100, Alpha = 0.05 };

    [Fact]
    public void Decay_needs_the_lower_confidence_bound_above_the_line_and_is_reported_once_per_episode()
    {
        var check = new PerformanceCheck(Policy, CheckParts.Reporter());
        Champion champion = CheckParts.Champion(profile: null, baseline: 0.1);

        // Mean 0.2, sd 0.2 over 400 labels: the bound is 0.2 − 1.6448536269514722·0.01 ≈ 0.18355 > 0.15.
        var first = new CheckRun(CheckParts.Start);
        PerformanceSnapshot decayed = check.Run(champion, new LossSummary(400, 0.2, 0.04), first);
        Assert.True(decayed.Decayed);
        Tolerance.AssertClose(0.2 - (1.6448536269514722 * 0.01), decayed.LowerBound, 1e-15, "lower bound");
        Assert.Equal(MonitoringHealth.Unhealthy, first.Health);
        Assert.Equal(MonitoringEventKind.PerformanceDecayed, Assert.Single(first.Events).Kind);

        var second = new CheckRun(CheckParts.Start.AddMinutes(10));
        Assert.True(check.Run(champion, new LossSummary(400, 0.2, 0.04), second).Decayed);
        Assert.Empty(second.Events);

        // Recovered, then decayed again: a new episode, a new event.
        Assert.False(check.Run(champion, new LossSummary(400, 0.1, 0.04), new CheckRun(CheckParts.Start.AddMinutes(20))).Decayed);
        var third = new CheckRun(CheckParts.Start.AddMinutes(30));
        check.Run(champion, new LossSummary(400, 0.2, 0.04), third);
        Assert.Single(third.Events);
    }

    [Fact]
    public void A_mean_above_the_line_without_significance_degrades_and_too_few_labels_count_for_nothing()
    {
        var check = new PerformanceCheck(Policy, CheckParts.Reporter());
        Champion champion = CheckParts.Champion(profile: null, baseline: 0.1);

        // Mean 0.16 over 100 labels with sd 0.3: above 0.15, but the bound 0.16 − 0.0493 is not.
        var noisy = new CheckRun(CheckParts.Start);
        Assert.False(check.Run(champion, new LossSummary(100, 0.16, 0.09), noisy).Decayed);
        Assert.Equal(MonitoringHealth.Degraded, noisy.Health);
        Assert.Contains("not yet significantly", Assert.Single(noisy.Reasons), StringComparison.Ordinal);

        var few = new CheckRun(CheckParts.Start);
        Assert.False(check.Run(champion, new LossSummary(99, 0.9, 0.0001), few).Decayed);
        Assert.Equal(MonitoringHealth.Healthy, few.Health);

        // One label has no variance: no bound, never decayed.
        Assert.True(double.IsNaN(check.Run(champion, new LossSummary(1, 0.9, 0), new CheckRun(CheckParts.Start)).LowerBound));
    }

    [Fact]
    public void A_version_without_its_metric_is_degraded_and_named()
    {
        var check = new PerformanceCheck(Policy, CheckParts.Reporter());
        var run = new CheckRun(CheckParts.Start);
        PerformanceSnapshot snapshot = check.Run(CheckParts.Champion(profile: null, baseline: null), new LossSummary(400, 0.9, 0.01), run);
        Assert.Null(snapshot.Baseline);
        Assert.False(snapshot.Decayed);
        Assert.Equal(MonitoringHealth.Degraded, run.Health);
        Assert.Contains("'mae'", Assert.Single(run.Reasons), StringComparison.Ordinal);
    }
}
