using MlSystems.Rollout;

namespace MlSystems.Monitoring;

/// <summary>The version that serves one request, as <see cref="ModelMonitor.Route"/> chose it.</summary>
/// <remarks>Pass it back to <see cref="ModelMonitor.RecordPrediction"/> so the outcome reaches the canary that routed it,
/// even if another canary has started since.</remarks>
public readonly struct ModelRoute : IEquatable<ModelRoute>
{
    internal ModelRoute(int version, ActiveCanary? canary, RoutingDecision decision)
    {
        Version = version;
        Canary = canary;
        Decision = decision;
    }

    internal ModelRoute(int version, FleetHostRoute fleet)
    {
        Version = version;
        Fleet = fleet;
    }

    /// <summary>The registry version to score the request with.</summary>
    public int Version { get; }

    /// <summary>True when a canary routed the request to its candidate.</summary>
    public bool IsCandidate => Fleet?.IsCandidate ?? (Canary is not null && Canary.CandidateVersion == Version);

    internal ActiveCanary? Canary { get; }

    internal RoutingDecision Decision { get; }

    /// <summary>The fleet plan revision that routed the request, for a monitor in a fleet.</summary>
    internal FleetHostRoute? Fleet { get; }

    /// <inheritdoc/>
    public bool Equals(ModelRoute other) => Version == other.Version && ReferenceEquals(Canary, other.Canary) && Decision == other.Decision && Fleet == other.Fleet;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ModelRoute other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Version, Canary, Decision, Fleet);

    /// <summary>Compares two routes.</summary>
    public static bool operator ==(ModelRoute left, ModelRoute right) => left.Equals(right);

    /// <summary>Compares two routes.</summary>
    public static bool operator !=(ModelRoute left, ModelRoute right) => !left.Equals(right);
}
