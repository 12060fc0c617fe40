using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using MlSystems.Drift.Tests.Support;

namespace MlSystems.Drift.Tests.DependencyInjection;

public sealed class DriftDependencyInjectionTests
{
    [Fact]
    public void The_monitor_reports_scores_and_drifted_features_as_metrics_and_logs()
    {
        using ServiceProvider provider = Services(o => o.Report = new DriftReportOptions { MaxDegreeOfParallelism = 2 });
        provider.GetRequiredService<IStartupValidator>().Validate();
        DriftMonitor monitor = provider.GetRequiredService<DriftMonitor>();
        using var scores = new MetricCollector<double>(provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), "MlSystems.Drift", "mlsystems.drift.score");
        using var drifted = new MetricCollector<long>(provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), "MlSystems.Drift", "mlsystems.drift.features.drifted");
        using var duration = new MetricCollector<double>(provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), "MlSystems.Drift", "mlsystems.drift.check.duration");

        DriftReport report = monitor.Check(ReferenceProfile.Fit(ReportData.Make(800, 1)), ReportData.Make(600, 2, amountShift: 0.5, newCountryShare: 0.3));

        Assert.Equal(5, scores.GetMeasurementSnapshot().Count);
        Assert.Contains(scores.GetMeasurementSnapshot(), m => (string?)m.Tags["feature"] == "amount" && (string?)m.Tags["test"] == "ks");
        Assert.Equal(report.DriftedFeatureCount, drifted.GetMeasurementSnapshot().Count);
        Assert.Single(duration.GetMeasurementSnapshot());
        FakeLogCollector logs = provider.GetRequiredService<FakeLogCollector>();
        Assert.Contains(logs.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Message.Contains("Feature amount drifted", StringComparison.Ordinal));
    }

    [Fact]
    public void Invalid_options_fail_at_start_up_with_the_reason()
    {
        using ServiceProvider provider = Services(o => o.Report = new DriftReportOptions { NumericTest = "no-such-test" });
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("no-such-test", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Custom_tests_registered_in_options_are_available_by_name()
    {
        using ServiceProvider provider = Services(o =>
        {
            o.CustomTests.Add(new AlwaysZero());
            o.Report = new DriftReportOptions { NumericTest = "zero" };
        });
        provider.GetRequiredService<IStartupValidator>().Validate();
        DriftReport report = provider.GetRequiredService<DriftMonitor>().Check(ReferenceProfile.Fit(ReportData.Make(100, 1)), ReportData.Make(100, 2));
        Assert.All(report.Features.Where(f => f.Kind == FeatureKind.Numeric), f => Assert.Equal("zero", f.Result.TestName));
    }

    [Fact]
    public void Tests_registered_in_the_container_get_their_dependencies_and_are_used_by_name()
    {
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddSingleton(new ShiftScale(4));
        services.AddDriftDetection(o => o.Report = new DriftReportOptions { NumericTest = "scaled-shift" });
        services.AddDriftTest<ScaledShift>().AddDriftTest<ScaledShift>();
        using ServiceProvider provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        DriftMonitor monitor = provider.GetRequiredService<DriftMonitor>();
        Assert.Single(monitor.Tests, t => t.Name == "scaled-shift");
        DriftReport report = monitor.Check(ReferenceProfile.Fit(ReportData.Make(100, 1)), ReportData.Make(100, 2));
        Assert.All(report.Features.Where(f => f.Kind == FeatureKind.Numeric), f => Assert.Equal(4, f.Result.Statistic));
    }

    [Fact]
    public void Two_custom_tests_of_one_name_fail_start_up()
    {
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddSingleton(new ShiftScale(1));
        services.AddDriftDetection(o => o.CustomTests.Add(new ScaledShift(new ShiftScale(2))));
        services.AddDriftTest<ScaledShift>();
        using ServiceProvider provider = services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("Two custom drift tests are named 'scaled-shift'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Streaming_detectors_resolve_by_name_one_fresh_instance_per_stream()
    {
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddSingleton(new ShiftScale(7));

        // A host's registration under a built-in name wins whether it comes before or after AddDriftDetection.
        int ddms = 0, adwins = 0;
        services.AddStreamingDetector(StreamingDetectorNames.Ddm, _ => { ddms++; return new Ddm(); });
        services.AddDriftDetection(_ => { });
        services.AddStreamingDetector(StreamingDetectorNames.Adwin, sp => { adwins++; return new Adwin(new AdwinOptions { Delta = 1 / sp.GetRequiredService<ShiftScale>().Factor }); });
        services.AddStreamingDetector("wrong-name", _ => new Kswin());
        using ServiceProvider provider = services.BuildServiceProvider();

        foreach (string name in (string[])[StreamingDetectorNames.Adwin, StreamingDetectorNames.PageHinkley, StreamingDetectorNames.Ddm, StreamingDetectorNames.Kswin])
        {
            IStreamingDriftDetector first = provider.GetRequiredKeyedService<IStreamingDriftDetector>(name);
            IStreamingDriftDetector second = provider.GetRequiredKeyedService<IStreamingDriftDetector>(name);
            Assert.Equal(name, first.Name);
            Assert.NotSame(first, second);
            first.Update(1);
            Assert.Equal(1, first.Count);
            Assert.Equal(0, second.Count);
        }

        Assert.Equal((2, 2), (ddms, adwins));
        Assert.Contains("made a detector named 'kswin'", Assert.Throws<InvalidOperationException>(() => provider.GetRequiredKeyedService<IStreamingDriftDetector>("wrong-name")).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => services.AddStreamingDetector(" ", _ => new Kswin()));
    }

    private static ServiceProvider Services(Action<DriftDetectionOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddLogging(builder => builder.AddFakeLogging());
        services.AddDriftDetection(configure);
        return services.BuildServiceProvider();
    }

    private sealed class AlwaysZero : NumericDriftTest
    {
        public override string Name => "zero";

        public override double DefaultThreshold => 1;

        protected override DriftTestResult Evaluate(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> current, double threshold) => new()
        {
            TestName = Name,
            Statistic = 0,
            EffectSize = 0,
            ReferenceCount = sortedReference.Length,
            CurrentCount = current.Length,
            Threshold = threshold,
        };
    }

    private sealed record ShiftScale(double Factor);

    /// <summary>A custom test with a dependency the container provides: its statistic is the injected factor.</summary>
    private sealed class ScaledShift(ShiftScale scale) : NumericDriftTest
    {
        public override string Name => "scaled-shift";

        public override double DefaultThreshold => 100;

        protected override DriftTestResult Evaluate(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> current, double threshold) => new()
        {
            TestName = Name,
            Statistic = scale.Factor,
            EffectSize = scale.Factor,
            ReferenceCount = sortedReference.Length,
            CurrentCount = current.Length,
            Threshold = threshold,
        };
    }
}
