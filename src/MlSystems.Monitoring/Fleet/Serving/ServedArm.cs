namespace MlSystems.Monitoring;

/// <summary>Which traffic a canary window counts: the requests one version served under one plan revision.</summary>
/// <param name="PlanRevision">The plan revision the host routed by; 0 before any plan.</param>
/// <param name="Version">The registry version that served them.</param>
internal readonly record struct ServedArm(long PlanRevision, int Version) : IComparable<ServedArm>
{
    public int CompareTo(ServedArm other)
    {
        int c = PlanRevision.CompareTo(other.PlanRevision);
        return c != 0 ? c : Version.CompareTo(other.Version);
    }
}
