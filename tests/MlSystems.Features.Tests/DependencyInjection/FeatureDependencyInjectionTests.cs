using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Options;
using MlSystems.Features.Tests.Support;

namespace MlSystems.Features.Tests.DependencyInjection;

public sealed class FeatureDependencyInjectionTests
{
    [Fact]
    public void The_engine_and_store_resolve_by_name_and_count_events_and_reads()
    {
        FeatureSet<Payment> features = Payments.Features();
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddLogging();
        services.AddFeatures(features, o => o.AllowedLateness = TimeSpan.Zero);
        using ServiceProvider provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        using var events = new MetricCollector<long>(factory, "MlSystems.Features", "mlsystems.features.events");
        using var reads = new MetricCollector<long>(factory, "MlSystems.Features", "mlsystems.features.store.reads");
        using var missing = new MetricCollector<long>(factory, "MlSystems.Features", "mlsystems.features.missing_values");
        using var lateComputes = new MetricCollector<long>(factory, "MlSystems.Features", "mlsystems.features.computes.late");

        FeatureEngine<Payment> engine = provider.GetRequiredService<FeatureEngine<Payment>>();
        Assert.Same(engine, provider.GetRequiredKeyedService<FeatureEngine<Payment>>("payments"));
        engine.Ingest(new Payment("c", Payments.Start.AddMinutes(5), 10));
        engine.Ingest(new Payment("c", Payments.Start, 10));
        engine.Ingest(new Payment("c", Payments.Start.AddMinutes(6), double.NaN));
        Assert.Equal(["applied", "late", "applied"], events.GetMeasurementSnapshot().Select(m => (string?)m.Tags["outcome"]));
        Assert.Equal(6, missing.GetMeasurementSnapshot().Sum(m => m.Value));

        var store = Assert.IsType<InMemoryOnlineFeatureStore>(provider.GetRequiredKeyedService<IOnlineFeatureStore>("payments"));
        double[] v = new double[features.Width];
        Assert.Equal(ComputeOutcome.BeyondLateness, engine.Compute(new Payment("c", Payments.Start.AddMinutes(5.5), 1), v));
        Assert.Equal("payments", (string?)Assert.Single(lateComputes.GetMeasurementSnapshot()).Tags["feature_set"]);
        Assert.Equal(ComputeOutcome.Exact, engine.Compute(new Payment("c", Payments.Start.AddMinutes(7), 1), v));
        store.Write("c", Payments.Start.AddMinutes(7), v);
        Assert.Equal(FeatureReadStatus.Fresh, store.Read("c", v, Payments.Start.AddMinutes(8), TimeSpan.FromMinutes(5)));
        Assert.Equal(FeatureReadStatus.Missing, store.Read("d", v, Payments.Start, TimeSpan.FromMinutes(5)));
        Assert.Equal(["fresh", "missing"], reads.GetMeasurementSnapshot().Select(m => (string?)m.Tags["status"]));
    }

    [Fact]
    public void Invalid_options_fail_at_start_naming_the_feature_set_and_the_option()
    {
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddFeatures(Payments.Features(), o => o.AllowedLateness = TimeSpan.FromSeconds(-1));
        using ServiceProvider provider = services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<FeatureEngine<Payment>>());
        Assert.Contains("FeatureEngineOptions 'payments': AllowedLateness cannot be negative", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_time_to_live_shorter_than_a_window_fails_at_start_naming_the_feature()
    {
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddFeatures(Payments.Features(), o => o.EntityTimeToLive = TimeSpan.FromMinutes(10));
        using ServiceProvider provider = services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<FeatureEngine<Payment>>());
        Assert.Contains("FeatureEngineOptions 'payments': EntityTimeToLive (00:10:00) is shorter than the window of feature 'count'", error.Message, StringComparison.Ordinal);
    }
}
