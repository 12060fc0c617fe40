namespace MlSystems.Monitoring;

/// <summary>The version a fleet host serves one request with, and the plan revision it routed by.</summary>
/// <param name="Version">The registry version to score the request with.</param>
/// <param name="IsCandidate">Whether a canary sent the request to its candidate.</param>
/// <param name="Plan">The plan revision the route came from; the request's outcome and row are counted under it, in its bins.</param>
internal readonly record struct FleetHostRoute(int Version, bool IsCandidate, HostPlan Plan)
{
    /// <summary>The revision of <see cref="Plan"/>.</summary>
    public long PlanRevision => Plan.Revision;
}
