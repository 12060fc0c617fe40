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

    internal DriftMonitor(IOptions<DriftDetectionOptions> options, IEnumerable<IDriftTest> containerTests, DriftTelemetry telemetry, ILogger<DriftMonitor> logger, TimeProvider time)
    {
        this.options = options.Value;
        registry = BuildRegistry(this.options, containerTests);
        this.telemetry = telemetry;
        this.logger = logger;
        this.time = time;
    }

    /// <summary>
    /// The tests available to reports, fixed once the monitor is built: the built-in ones, then the <see cref="IDriftTest"/>
    /// services of the container (<see cref="DriftServiceCollectionExtensions.AddDriftTest{TTest}"/>), then
    /// <see cref="DriftDetectionOptions.CustomTests"/>. A custom test may replace a built-in of its name and kind.
    /// </summary>
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

    /// <summary>The registry of <see cref="Tests"/>; refuses two custom tests of one name and kind, which one would hide.</summary>
    internal static DriftTestRegistry BuildRegistry(DriftDetectionOptions options, IEnumerable<IDriftTest> containerTests)
    {
        var registry = new DriftTestRegistry();
        var custom = new HashSet<(string, FeatureKind)>();
        foreach (IDriftTest test in containerTests.Concat(options.CustomTests))
        {
            if (test is null)
            {
                throw OptionError.Invalid(nameof(options.CustomTests), "A custom drift test is null.");
            }

            if (!custom.Add((test.Name, test.Kind)))
            {
                throw OptionError.Invalid(nameof(options.CustomTests), $"Two custom drift tests are named '{test.Name}' for {test.Kind} features; give each its own name.");
            }

            registry.Register(test);
        }

        return registry;
    }
}
