using MlSystems.Rollout;

namespace MlSystems.Monitoring;

/// <summary>What one coordinator round found and did.</summary>
/// <param name="Leading">Whether this coordinator held the lease for the round; when false nothing was judged or written.</param>
/// <param name="Plan">The plan in force after the round; null when not leading.</param>
/// <param name="Revision">Its revision; 0 when not leading.</param>
/// <param name="Evaluation">The running canary's evaluation; null when none ran or not leading.</param>
/// <param name="Written">The revisions this round wrote, with their plans, in order.</param>
/// <param name="SilentHosts">Hosts that flushed before but not within two flush intervals: traffic the verdicts may be
/// missing, reported rather than silently dropped; empty when not leading.</param>
/// <param name="PendingLabels">The predictions waiting for labels across the hosts, by each host's latest flush.</param>
internal sealed record FleetRound(bool Leading, RoutingPlan? Plan, long Revision, CanaryEvaluation? Evaluation, IReadOnlyList<(long Revision, RoutingPlan Plan)> Written, IReadOnlyList<FleetHost> SilentHosts, long PendingLabels = 0)
{
    /// <summary>A round in which this coordinator did not lead.</summary>
    public static FleetRound Standby(IReadOnlyList<(long Revision, RoutingPlan Plan)> written) => new(false, null, 0, null, written, []);
}
