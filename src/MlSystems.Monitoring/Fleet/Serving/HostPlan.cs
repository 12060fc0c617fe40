using System.Globalization;
using MlSystems.Rollout;

namespace MlSystems.Monitoring;

/// <summary>A plan revision made ready for the request path: its router built once, so routing parses and allocates nothing.</summary>
internal sealed class HostPlan
{
    private readonly TrafficRouter? router;
    private readonly string? candidateLabel;

    public HostPlan(long revision, RoutingPlan plan)
    {
        Revision = revision;
        Plan = plan;
        if (plan.Phase == FleetPhase.Canary)
        {
            // The same name, shares and hash on every host: a key lands in the same bucket, so the same version, everywhere.
            candidateLabel = plan.Candidate!.Value.ToString(CultureInfo.InvariantCulture);
            router = new TrafficRouter(plan.CanaryName!, [new TrafficArm(candidateLabel, plan.Percentage), new TrafficArm(plan.Champion.ToString(CultureInfo.InvariantCulture), 100 - plan.Percentage)], plan.Hash);
        }
    }

    public long Revision { get; }

    public RoutingPlan Plan { get; }

    public FleetHostRoute Route(ReadOnlySpan<char> routingKey) => Plan.Phase switch
    {
        FleetPhase.Canary when string.Equals(router!.Route(routingKey).Version, candidateLabel, StringComparison.Ordinal) => new FleetHostRoute(Plan.Candidate!.Value, Revision, true),
        FleetPhase.Promoting => new FleetHostRoute(Plan.Candidate!.Value, Revision, true),
        _ => new FleetHostRoute(Plan.Champion, Revision, false),
    };
}
