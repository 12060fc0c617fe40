using MlSystems.Drift;

namespace MlSystems.Monitoring.Tests.Checks;

/// <summary>The drift check on plain windows, with no serving log, registry or monitor.</summary>
public sealed class DriftCheckTests
{
    private static readonly ReferenceProfile Profile = ReferenceProfile.Fit(CheckParts.Window(2000, 0, seed: 1));

    [Fact]
    public void A_drifted_window_degrades_every_check_and_reports_the_episode_once()
    {
        var check = new DriftCheck(new DriftPolicy { MinimumRows = 500 }, CheckParts.Reporter());
        Champion champion = CheckParts.Champion(Profile);

        var first = new CheckRun(CheckParts.Start);
        DriftReport report = check.Run(champion, CheckParts.Window(800, 0.5, seed: 2), first)!;
        Assert.True(report.DatasetDrifted);
        Assert.Equal(MonitoringHealth.Degraded, first.Health);
        Assert.Contains("1 of 1 features drifted over 800 rows: x (wasserstein", Assert.Single(first.Reasons), StringComparison.Ordinal);
        Assert.Equal(MonitoringEventKind.DriftDetected, Assert.Single(first.Events).Kind);
        Assert.Equal(CheckParts.Start, champion.DriftSince);

        var second = new CheckRun(CheckParts.Start.AddMinutes(10));
        Assert.True(check.Run(champion, CheckParts.Window(800, 0.5, seed: 3), second)!.DatasetDrifted);
        Assert.Equal(MonitoringHealth.Degraded, second.Health);
        Assert.Empty(second.Events);
        Assert.Equal(CheckParts.Start, champion.DriftSince);

        // A clean window ends the episode.
        var clean = new CheckRun(CheckParts.Start.AddMinutes(20));
        Assert.False(check.Run(champion, CheckParts.Window(800, 0, seed: 4), clean)!.DatasetDrifted);
        Assert.Equal(MonitoringHealth.Healthy, clean.Health);
        Assert.Null(champion.DriftSince);
    }

    [Fact]
    public void Without_a_window_nothing_is_tested_and_without_a_profile_the_check_is_unhealthy()
    {
        var check = new DriftCheck(new DriftPolicy(), CheckParts.Reporter());
        var waiting = new CheckRun(CheckParts.Start);
        Assert.Null(check.Run(CheckParts.Champion(Profile), window: null, waiting));
        Assert.Equal(MonitoringHealth.Healthy, waiting.Health);
        Assert.Equal(1000, check.MinimumRows);

        var broken = new CheckRun(CheckParts.Start);
        Assert.Null(check.Run(CheckParts.Champion(profile: null, error: "profile 'p' is unusable"), CheckParts.Window(800, 0, seed: 2), broken));
        Assert.Equal(MonitoringHealth.Unhealthy, broken.Health);
        Assert.Equal("profile 'p' is unusable", Assert.Single(broken.Reasons));
    }
}
