using MlSystems.Monitoring;
using MlSystems.Registry;
using MlSystems.Samples.FraudLoop;

namespace MlSystems.Samples.Tests;

/// <summary>
/// Runs the README's first command — the whole closed-loop sample, four simulated days — and checks that the loop did
/// what the timeline claims: drift found after the covariate shift, decay after the concept shift, each answered by a
/// retrained, registered, canaried and promoted version, with lineage back to the first model.
/// </summary>
public sealed class FraudLoopSampleTests(FraudLoopRun run) : IClassFixture<FraudLoopRun>
{
    private readonly FraudLoopResult result = run.Result;
    private readonly string directory = run.Directory;

    [Fact]
    public void The_covariate_shift_is_detected_as_drift_within_the_hour_and_answered_by_a_promotion()
    {
        var options = new FraudLoopOptions();
        TimelineEntry drift = Assert.Single(result.Timeline, e => e.Kind == MonitoringEventKind.DriftDetected && e.Version == 1);
        Assert.Equal(options.HolidayStartsAt + 1, drift.Hour);
        Assert.Contains("amount", drift.Text, StringComparison.Ordinal);
        Assert.Contains("distance_km", drift.Text, StringComparison.Ordinal);

        TimelineEntry retrain = result.Timeline.First(e => e.Kind == MonitoringEventKind.RetrainingStarted);
        Assert.Equal(drift.Hour + 6, retrain.Hour);
        Assert.Contains("Drift", retrain.Text, StringComparison.Ordinal);
        Assert.Contains(result.Timeline, e => e.Kind == MonitoringEventKind.CanaryPromoted && e.Hour <= options.FraudRingStartsAt);
        Assert.DoesNotContain(result.Timeline, e => e.Kind == MonitoringEventKind.PerformanceDecayed && e.Hour <= options.FraudRingStartsAt);
    }

    [Fact]
    public void The_concept_shift_is_detected_as_decay_once_labels_arrive_and_fixed_by_a_promoted_retrain()
    {
        var options = new FraudLoopOptions();
        TimelineEntry decay = result.Timeline.First(e => e.Kind == MonitoringEventKind.PerformanceDecayed);
        Assert.InRange(decay.Hour, options.FraudRingStartsAt + 1, options.FraudRingStartsAt + 1 + (int)options.LabelDelay.TotalHours + 2);
        Assert.Contains(result.Timeline, e => e.Kind == MonitoringEventKind.RetrainingStarted && e.Hour == decay.Hour && e.Text.Contains("Decay", StringComparison.Ordinal));
        Assert.Contains(result.Timeline, e => e.Kind == MonitoringEventKind.CanaryPromoted && e.Hour > decay.Hour);
        Assert.Equal(MonitoringHealth.Healthy, result.FinalHealth);
    }

    [Fact]
    public void Every_version_is_in_the_registry_with_lineage_back_to_the_first_and_the_alias_on_the_last_promoted()
    {
        Dictionary<int, ModelVersion> versions = result.Versions.ToDictionary(v => v.Version);
        Assert.True(versions.Count >= 3);
        int promoted = result.Timeline.Last(e => e.Kind == MonitoringEventKind.CanaryPromoted).Version!.Value;
        Assert.Equal(promoted, result.Champion);

        for (int v = result.Champion; v != 1; v = versions[v].Metadata.Lineage!.ParentVersion!.Value)
        {
            ModelVersion version = versions[v];
            Assert.NotNull(version.Metadata.Lineage!.ReferenceProfile);
            Assert.StartsWith("sha256:", version.Metadata.Lineage.TrainingDataFingerprint, StringComparison.Ordinal);
            Assert.True(version.Metadata.Metrics.ContainsKey("loss"));
            Assert.True(File.Exists(Path.Combine(directory, "profiles", version.Metadata.Lineage.ReferenceProfile)));
        }
    }

    [Fact]
    public void The_drift_report_and_the_printed_timeline_tell_the_story()
    {
        string html = File.ReadAllText(result.DriftReportPath!);
        Assert.Contains("data-dataset-drifted=\"true\"", html, StringComparison.Ordinal);
        Assert.Contains("data-feature=\"amount\" data-drifted=\"true\"", html, StringComparison.Ordinal);
        Assert.Contains("data-feature=\"merchant_risk\" data-drifted=\"false\"", html, StringComparison.Ordinal);

        string text = run.Output;
        Assert.Contains(">> covariate shift", text, StringComparison.Ordinal);
        Assert.Contains(">> concept shift", text, StringComparison.Ordinal);
        Assert.Contains("PROMOTED", text, StringComparison.Ordinal);
        Assert.Contains("576,000 predictions", text, StringComparison.Ordinal);
    }
}
