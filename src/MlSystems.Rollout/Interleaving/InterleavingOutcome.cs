namespace MlSystems.Rollout;

/// <summary>The credited clicks of one interleaved impression.</summary>
/// <param name="ClicksA">Clicks on positions team A picked.</param>
/// <param name="ClicksB">Clicks on positions team B picked.</param>
public readonly record struct InterleavingOutcome(int ClicksA, int ClicksB)
{
    /// <summary>The team with more clicks, or null on a tie (no clicks included): a tie is no preference.</summary>
    public InterleavingTeam? Winner => ClicksA > ClicksB ? InterleavingTeam.A : ClicksB > ClicksA ? InterleavingTeam.B : null;
}
