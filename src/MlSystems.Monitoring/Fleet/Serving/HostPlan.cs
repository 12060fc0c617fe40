using System.Globalization;
using MlSystems.Rollout;
using MlSystems.Statistics.Summaries;

namespace MlSystems.Monitoring;

/// <summary>
/// A plan revision made ready for the request path: its router built once, so routing parses nothing, and its bins
/// mapped to the host's feature order, so counting a row is one search per feature.
/// </summary>
internal sealed class HostPlan
{
    private readonly TrafficRouter? router;
    private readonly string? candidateLabel;
    private readonly FixedEdgeHistogram[] binners = [];
    private readonly int[] sources = [];
    private readonly int[] binCounts = [];

    /// <param name="revision">The revision.</param>
    /// <param name="plan">Its plan.</param>
    /// <param name="featureNames">The host's feature order; the prediction is source −1.</param>
    /// <param name="predictionName">What the profile calls the prediction.</param>
    public HostPlan(long revision, RoutingPlan plan, IReadOnlyList<string> featureNames, string predictionName)
    {
        Revision = revision;
        Plan = plan;
        if (plan.Phase == FleetPhase.Canary)
        {
            // The same name, shares and hash on every host: a key lands in the same bucket, so the same version, everywhere.
            candidateLabel = plan.Candidate!.Value.ToString(CultureInfo.InvariantCulture);
            router = new TrafficRouter(plan.CanaryName!, [new TrafficArm(candidateLabel, plan.Percentage), new TrafficArm(plan.Champion.ToString(CultureInfo.InvariantCulture), 100 - plan.Percentage)], plan.Hash);
        }

        // Bins this host cannot fill (a feature it does not log) leave its rows uncounted rather than counted in part.
        if (plan.Bins is { } bins && bins.All(b => b.Feature == predictionName || featureNames.Contains(b.Feature)))
        {
            binners = [.. bins.Select(b => new FixedEdgeHistogram(b.Edges))];
            sources = [.. bins.Select(b => b.Feature == predictionName ? -1 : featureNames.ToList().IndexOf(b.Feature))];
            binCounts = [.. bins.Select(b => b.Edges.Length + 1)];
        }
    }

    public long Revision { get; }

    public RoutingPlan Plan { get; }

    /// <summary>The number of bins of each binned feature; empty when this revision's rows are not counted.</summary>
    public ReadOnlySpan<int> BinCounts => binCounts;

    public FleetHostRoute Route(ReadOnlySpan<char> routingKey) => Plan.Phase switch
    {
        FleetPhase.Canary when string.Equals(router!.Route(routingKey).Version, candidateLabel, StringComparison.Ordinal) => new FleetHostRoute(Plan.Candidate!.Value, true, this),
        FleetPhase.Promoting => new FleetHostRoute(Plan.Candidate!.Value, true, this),
        _ => new FleetHostRoute(Plan.Champion, false, this),
    };

    /// <summary>Writes the bin of each binned feature of one row into <paramref name="bins"/> (of <see cref="BinCounts"/>' length).</summary>
    public void Bin(ReadOnlySpan<double> features, double prediction, Span<int> bins)
    {
        for (int f = 0; f < binners.Length; f++)
        {
            bins[f] = binners[f].BinOf(sources[f] < 0 ? prediction : features[sources[f]]);
        }
    }
}
