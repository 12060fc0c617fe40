using System.Globalization;
using MlSystems.Drift;

namespace MlSystems.Monitoring;

/// <summary>
/// Tests a window of served rows against the champion's profile by the drift policy; marks the check degraded while the
/// data drifts and reports <see cref="MonitoringEventKind.DriftDetected"/> once per episode.
/// </summary>
/// <remarks>The window is plain data, whoever collected it; the episode state lives on the <see cref="Champion"/>.</remarks>
internal sealed class DriftCheck(DriftPolicy policy, LoopReporter reporter)
{
    /// <summary>The fewest rows a window needs before it is tested.</summary>
    public int MinimumRows => policy.MinimumRows;

    /// <summary>Runs the check; returns null when the champion has no usable profile or there is no full window.</summary>
    /// <param name="champion">The serving version.</param>
    /// <param name="window">Its recent rows as a dataset, or null when fewer than <see cref="MinimumRows"/> were served.</param>
    /// <param name="run">The check being run.</param>
    public DriftReport? Run(Champion champion, DriftDataset? window, CheckRun run)
    {
        if (champion.Profile is null)
        {
            run.Worsen(MonitoringHealth.Unhealthy, champion.Error!);
            return null;
        }

        return window is null ? null : Judge(champion, DriftReport.Compute(champion.Profile, window, policy.Report), run);
    }

    /// <summary>Acts on a report of the champion's traffic, however it was computed (from rows here, from a fleet's merged bins).</summary>
    public DriftReport Judge(Champion champion, DriftReport report, CheckRun run)
    {
        if (!report.DatasetDrifted)
        {
            champion.DriftSince = null;
            return report;
        }

        string detail = string.Create(CultureInfo.InvariantCulture, $"{report.DriftedFeatureCount} of {report.Features.Count} features drifted over {report.CurrentRowCount} rows: ")
            + string.Join(", ", report.Features.Where(f => f.Drifted).Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Name} ({f.Result.TestName} {f.Result.Statistic:G3})")));
        run.Worsen(MonitoringHealth.Degraded, "drift: " + detail);
        if (champion.DriftSince is null)
        {
            champion.DriftSince = run.At;
            reporter.Report(run, MonitoringEventKind.DriftDetected, champion.Version.Version, detail);
        }

        return report;
    }
}
