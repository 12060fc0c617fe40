using MlSystems.Rollout;

namespace MlSystems.Monitoring;

/// <summary>A running canary with its versions as registry numbers, so routing never parses a version string.</summary>
internal sealed class ActiveCanary(CanaryController controller, int championVersion, int candidateVersion)
{
    public CanaryController Controller { get; } = controller;

    public int ChampionVersion { get; } = championVersion;

    public int CandidateVersion { get; } = candidateVersion;

    public string CandidateLabel { get; } = candidateVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Whether the last evaluation asked for a decision; written by one check at a time.</summary>
    public bool AwaitingDecision { get; set; }
}
