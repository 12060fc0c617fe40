using MlSystems.Registry;
using MlSystems.Monitoring.Tests.Support;

namespace MlSystems.Monitoring.Tests.Monitor;

public sealed class ModelMonitorValidationTests
{
    [Theory]
    [InlineData("model", "ModelName")]
    [InlineData("features", "FeatureNames")]
    [InlineData("duplicate", "FeatureNames")]
    [InlineData("prediction-clash", "FeatureNames")]
    [InlineData("interval", "CheckInterval")]
    [InlineData("rows", "Drift")]
    [InlineData("test", "Drift")]
    [InlineData("labels", "Performance")]
    [InlineData("alpha", "Performance")]
    [InlineData("cooldown", "RetrainCooldown")]
    [InlineData("canary", "ConfigureCanary")]
    public void Invalid_options_are_refused_naming_the_option(string fault, string option)
    {
        var options = new ModelMonitorOptions { ModelName = "m", FeatureNames = ["a", "b"], Performance = new PerformancePolicy() };
        switch (fault)
        {
            case "model": options.ModelName = " "; break;
            case "features": options.FeatureNames = []; break;
            case "duplicate": options.FeatureNames = ["a", "a"]; break;
            case "prediction-clash": options.FeatureNames = ["a", "prediction"]; break;
            case "interval": options.CheckInterval = TimeSpan.Zero; break;
            case "rows": options.Drift.MinimumRows = options.WindowCapacity + 1; break;
            case "test": options.Drift.Report = new Drift.DriftReportOptions { NumericTest = "no-such-test" }; break;
            case "labels": options.Performance.WindowSize = 10; break;
            case "alpha": options.Performance.Alpha = 0.9; break;
            case "cooldown": options.RetrainCooldown = TimeSpan.FromSeconds(-1); break;
            case "canary": options.ConfigureCanary = plan => plan.Steps.Clear(); break;
        }

        ArgumentException error = Assert.ThrowsAny<ArgumentException>(options.Validate);
        Assert.Equal(option, error.ParamName);
    }

    [Fact]
    public async Task Bad_predictions_are_refused_naming_the_feature_and_nothing_is_logged()
    {
        using var loop = new LoopHarness();
        await loop.PublishFirstAsync();
        await loop.Monitor.CheckAsync();
        ModelRoute route = loop.Monitor.Route("user-1");

        ArgumentException count = Assert.Throws<ArgumentException>(() => loop.Monitor.RecordPrediction("r1", route, [1.0], 0.5, TimeSpan.Zero));
        ArgumentException nan = Assert.Throws<ArgumentException>(() => loop.Monitor.RecordPrediction("r1", route, [1.0, double.NaN], 0.5, TimeSpan.Zero));
        ArgumentException prediction = Assert.Throws<ArgumentException>(() => loop.Monitor.RecordPrediction("r1", route, [1.0, 2.0], double.PositiveInfinity, TimeSpan.Zero));
        ArgumentException latency = Assert.Throws<ArgumentException>(() => loop.Monitor.RecordPrediction("r1", route, [1.0, 2.0], 0.5, TimeSpan.FromTicks(-1)));
        ArgumentException unrouted = Assert.Throws<ArgumentException>(() => loop.Monitor.RecordPrediction("r1", default, [1.0, 2.0], 0.5, TimeSpan.Zero));
        Assert.Throws<ArgumentException>(() => loop.Monitor.RecordPrediction("", route, [1.0, 2.0], 0.5, TimeSpan.Zero));
        Assert.Throws<ArgumentException>(() => loop.Monitor.Route(""));

        Assert.Contains("2 (x, y)", count.Message, StringComparison.Ordinal);
        Assert.Contains("'y'", nan.Message, StringComparison.Ordinal);
        Assert.Equal("prediction", prediction.ParamName);
        Assert.Equal("latency", latency.ParamName);
        Assert.Equal("route", unrouted.ParamName);
        Assert.Equal(0, loop.Monitor.Counters.Predictions);
    }

    [Fact]
    public async Task Labels_join_once_unknown_ones_are_counted_and_bad_ones_refused()
    {
        using var loop = new LoopHarness();
        await loop.PublishFirstAsync();
        await loop.Monitor.CheckAsync();
        ModelRoute route = loop.Monitor.Route("user-1");
        loop.Monitor.RecordPrediction("r1", route, [0.1, 0.2], 0.5, TimeSpan.Zero);
        loop.Monitor.RecordPrediction("r2", route, [0.1, 0.2], 0.5, TimeSpan.Zero);

        Assert.Throws<ArgumentException>(() => loop.Monitor.RecordLabel("r1", double.NaN));
        Assert.Equal(LabelOutcome.Joined, loop.Monitor.RecordLabel("r1", 1));
        Assert.Equal(LabelOutcome.Unmatched, loop.Monitor.RecordLabel("r1", 1));
        Assert.Equal(LabelOutcome.Unmatched, loop.Monitor.RecordLabel("never-served", 1));
        loop.Monitor.RecordFailure(route, TimeSpan.FromMilliseconds(3));

        Assert.Equal(new ModelMonitorCounters(2, 1, 1, 2, 0), loop.Monitor.Counters);
    }

    [Fact]
    public async Task A_label_the_loss_refuses_leaves_its_prediction_pending_for_a_corrected_label()
    {
        using var loop = new LoopHarness(o => o.Performance!.Loss = (p, y) => y > 1 ? double.NaN : Math.Abs(p - y));
        await loop.PublishFirstAsync();
        await loop.Monitor.CheckAsync();
        loop.Monitor.RecordPrediction("r1", loop.Monitor.Route("user-1"), [0.1, 0.2], 0.5, TimeSpan.Zero);

        Assert.Throws<ArgumentException>(() => loop.Monitor.RecordLabel("r1", 5));
        Assert.Equal(LabelOutcome.Joined, loop.Monitor.RecordLabel("r1", 1));
        Assert.Equal(new ModelMonitorCounters(1, 0, 1, 0, 0), loop.Monitor.Counters);
    }

    [Fact]
    public async Task Changing_the_options_after_construction_does_not_reach_the_monitor()
    {
        using var loop = new LoopHarness();
        loop.Options.Performance = null;
        loop.Options.FeatureNames.Add("z");
        await loop.PublishFirstAsync();
        await loop.Monitor.CheckAsync();

        Assert.NotNull(loop.Monitor.Options.Performance);
        Assert.Equal(["x", "y"], loop.Monitor.Options.FeatureNames);

        // What Options hands out is a copy too.
        loop.Monitor.Options.FeatureNames.Add("z");
        loop.Monitor.Options.ModelName = "other";
        Assert.Equal(["x", "y"], loop.Monitor.Options.FeatureNames);
        Assert.Equal(loop.Options.ModelName, loop.Monitor.ModelName);
        loop.Monitor.RecordPrediction("r1", loop.Monitor.Route("user-1"), [0.1, 0.2], 0.5, TimeSpan.Zero);
        Assert.Equal(LabelOutcome.Joined, loop.Monitor.RecordLabel("r1", 1));
    }

    [Fact]
    public void The_eviction_queue_stays_bounded_behind_a_prediction_whose_label_never_comes()
    {
        var log = new ServingLog(width: 1, rowCapacity: 4, lossCapacity: 4, pendingCapacity: 100);
        var route = new ModelRoute(1, null, default);
        log.AddPrediction("never-labelled", route, [1.0], 0.5, TimeSpan.Zero, awaitLabel: true);
        for (int i = 0; i < 10_000; i++)
        {
            string id = $"r{i}";
            log.AddPrediction(id, route, [1.0], 0.5, TimeSpan.Zero, awaitLabel: true);
            Assert.True(log.TryPeek(id, out PendingPrediction pending));
            Assert.True(log.TryComplete(id, pending, 0.1));
        }

        Assert.InRange(log.QueuedCount, 1, 200);
        Assert.True(log.TryPeek("never-labelled", out _));
    }

    [Fact]
    public async Task A_profile_with_more_features_than_are_logged_is_checked_on_the_logged_ones()
    {
        using var loop = new LoopHarness();
        var random = new Random(3);
        double[] Column() => [.. Enumerable.Range(0, 3000).Select(_ => random.NextDouble())];
        var wider = Drift.ReferenceProfile.Fit(new Drift.DriftDataset(
        [
            Drift.FeatureColumn.Numeric("x", Column()), Drift.FeatureColumn.Numeric("y", Column()),
            Drift.FeatureColumn.Categorical("country", Enumerable.Range(0, 3000).Select(i => i % 2 == 0 ? "DE" : "FR")),
            Drift.FeatureColumn.Numeric("unlogged", Column()),
        ]));
        ModelVersion version = await loop.Monitor.RegisterAsync(LoopHarness.Trained(wider, 0.05, "wide"));
        await loop.Registry.SetAliasAsync(LoopHarness.Model, "champion", version.Version, AliasCondition.Unset);
        await loop.Monitor.CheckAsync();

        MonitoringCheck check = await loop.TickAsync();

        Assert.Equal(["x", "y"], check.Drift!.Features.Select(f => f.Name));
        Assert.DoesNotContain(check.Reasons, r => r.Contains("unusable", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Predictions_beyond_the_pending_capacity_give_way_oldest_first_and_are_counted()
    {
        using var loop = new LoopHarness(o => o.PendingLabelCapacity = 3);
        await loop.PublishFirstAsync();
        await loop.Monitor.CheckAsync();
        ModelRoute route = loop.Monitor.Route("user-1");
        foreach (string id in new[] { "a", "b", "c", "d", "e" })
        {
            loop.Monitor.RecordPrediction(id, route, [0.1, 0.2], 0.5, TimeSpan.Zero);
        }

        Assert.Equal(LabelOutcome.Unmatched, loop.Monitor.RecordLabel("a", 1));
        Assert.Equal(LabelOutcome.Unmatched, loop.Monitor.RecordLabel("b", 1));
        Assert.Equal(LabelOutcome.Joined, loop.Monitor.RecordLabel("c", 1));
        Assert.Equal(LabelOutcome.Joined, loop.Monitor.RecordLabel("e", 1));
        Assert.Equal(2, loop.Monitor.Counters.ExpiredPredictions);
    }

    [Fact]
    public async Task Labels_without_a_performance_policy_are_an_error()
    {
        using var loop = new LoopHarness(o => o.Performance = null);
        await loop.PublishFirstAsync();

        Assert.Throws<InvalidOperationException>(() => loop.Monitor.RecordLabel("r1", 1));
    }

    [Fact]
    public async Task Registering_a_model_without_its_baseline_or_features_is_refused_and_registers_nothing()
    {
        using var loop = new LoopHarness();
        var noBaseline = new RetrainedModel(new MemoryStream([1]), LoopHarness.Profile(0));
        var wrongFeatures = new RetrainedModel(new MemoryStream([1]), Drift.ReferenceProfile.Fit(new Drift.DriftDataset([Drift.FeatureColumn.Numeric("x", [1.0, 2.0])])), new ModelVersionMetadata { Metrics = new Dictionary<string, double> { ["loss"] = 0.1 } });

        ArgumentException baseline = await Assert.ThrowsAsync<ArgumentException>(() => loop.Monitor.RegisterAsync(noBaseline));
        ArgumentException features = await Assert.ThrowsAsync<ArgumentException>(() => loop.Monitor.RegisterAsync(wrongFeatures));

        Assert.Contains("'loss'", baseline.Message, StringComparison.Ordinal);
        var nanBaseline = new RetrainedModel(new MemoryStream([1]), LoopHarness.Profile(0), new ModelVersionMetadata { Metrics = new Dictionary<string, double> { ["loss"] = double.NaN } });
        Assert.Contains("finite", (await Assert.ThrowsAsync<ArgumentException>(() => loop.Monitor.RegisterAsync(nanBaseline))).Message, StringComparison.Ordinal);
        Assert.Contains("'y'", features.Message, StringComparison.Ordinal);
        Assert.Empty(await loop.Registry.ListModelsAsync());
    }
}
