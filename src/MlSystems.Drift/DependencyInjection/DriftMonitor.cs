using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MlSystems.Drift;

/// <summary>
/// The drift service a host resolves from DI: runs a <see cref="DriftReport"/> with the configured options and tests,
/// records the <c>mlsystems.drift.*</c> metrics and logs drifted features. Thread-safe.
/// </summary>
public sealed class DriftMonitor
{
    private readonly DriftDetectionOptions options;
    private readonly DriftTestRegistry registry;
    private readonly DriftTelemetry telemetry;
    private readonly ILogger<DriftMonitor> logger;
    private readonly TimeProvider time;

    internal DriftMonitor(IOptions<DriftDetectionOptions> options, DriftTelemetry telemetry, ILogger<DriftMonitor> logger, TimeProvider time)
    {
        this.options = options.Value;
        registry = BuildRegistry(this.options);
        this.telemetry = telemetry;
        this.logger = logger;
        this.time = time;
    }

    /// <summary>The tests available to reports, built-in and custom; fixed once the monitor is built (register custom tests through the options).</summary>
    public IReadOnlyCollection<IDriftTest> Tests => registry.Tests;

    /// <summary>Checks a current window against a reference profile; see <see cref="DriftReport.Compute"/>.</summary>
    /// <exception cref="ArgumentException">The schemas differ or a feature's current values are all missing; the message names the feature.</exception>
    public DriftReport Check(ReferenceProfile reference, DriftDataset current)
    {
        long started = time.GetTimestamp();
        DriftReport report = DriftReport.Compute(reference, current, options.Report, registry);
        double seconds = time.GetElapsedTime(started).TotalSeconds;
        foreach (FeatureDriftResult feature in report.Features)
        {
            var tags = new TagList { { TelemetryTags.Feature, feature.Name }, { TelemetryTags.Test, feature.Result.TestName } };
            telemetry.Score.Record(feature.Result.Statistic, tags);
            if (feature.Drifted)
            {
                telemetry.DriftedFeatures.Add(1, tags);
                DriftLog.FeatureDrifted(logger, feature.Name, feature.Result.TestName, feature.Result.Statistic, feature.Result.PValue, feature.Result.EffectSize);
            }
        }

        telemetry.CheckDuration.Record(seconds);
        if (report.DatasetDrifted)
        {
            DriftLog.DatasetDrifted(logger, report.DriftedFeatureCount, report.Features.Count);
        }

        DriftLog.CheckCompleted(logger, report.Features.Count, report.CurrentRowCount, seconds, report.DriftedFeatureCount);
        return report;
    }

    internal static DriftTestRegistry BuildRegistry(DriftDetectionOptions options)
    {
        var registry = new DriftTestRegistry();
        foreach (IDriftTest test in options.CustomTests)
        {
            registry.Register(test);
        }

        return registry;
    }
}
