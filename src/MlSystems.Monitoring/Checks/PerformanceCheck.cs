using System.Globalization;
using MlSystems.Statistics;

namespace MlSystems.Monitoring;

/// <summary>
/// Compares the champion's labelled loss with its baseline by the performance policy: decayed when the one-sided lower
/// confidence bound of the mean loss lies above baseline + tolerance, after the policy's minimum of labels. Reports
/// <see cref="MonitoringEventKind.PerformanceDecayed"/> once per episode.
/// </summary>
internal sealed class PerformanceCheck(PerformancePolicy policy, LoopReporter reporter)
{
    /// <summary>Runs the check on <paramref name="losses"/>, the labelled losses of the champion's window.</summary>
    public PerformanceSnapshot Run(Champion champion, LossSummary losses, CheckRun run)
    {
        int version = champion.Version.Version;
        (int labels, double mean, double variance) = losses;
        double lower = labels > 1 ? mean - (NormalDistribution.Quantile(1 - policy.Alpha) * Math.Sqrt(variance / labels)) : double.NaN;
        if (champion.Baseline is not double baseline)
        {
            run.Worsen(MonitoringHealth.Degraded, $"version {version} has no finite '{policy.MetricName}' metric to compare its loss with");
            return new PerformanceSnapshot(version, labels, mean, lower, null, false);
        }

        double line = baseline + policy.MaximumIncrease;
        bool decayed = labels >= policy.MinimumLabels && lower > line;
        string detail = string.Create(CultureInfo.InvariantCulture, $"mean loss {mean:G4} (lower bound {lower:G4}) over {labels} labels against a baseline of {baseline:G4} + {policy.MaximumIncrease:G4}");
        if (decayed)
        {
            run.Worsen(MonitoringHealth.Unhealthy, "decay: " + detail);
            if (!champion.DecayReported)
            {
                champion.DecayReported = true;
                reporter.Report(run, MonitoringEventKind.PerformanceDecayed, version, detail);
            }
        }
        else
        {
            champion.DecayReported = false;
            if (labels >= policy.MinimumLabels && mean > line)
            {
                run.Worsen(MonitoringHealth.Degraded, "loss above tolerance, not yet significantly: " + detail);
            }
        }

        return new PerformanceSnapshot(version, labels, mean, lower, baseline, decayed);
    }
}
