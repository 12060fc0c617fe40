namespace MlSystems.Monitoring;

/// <summary>The version a fleet host serves one request with, and the plan revision it routed by.</summary>
/// <param name="Version">The registry version to score the request with.</param>
/// <param name="PlanRevision">The plan revision the route came from; the request's outcome is counted under it.</param>
/// <param name="IsCandidate">Whether a canary sent the request to its candidate.</param>
internal readonly record struct FleetHostRoute(int Version, long PlanRevision, bool IsCandidate);
