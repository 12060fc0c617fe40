namespace MlSystems.Rollout;

/// <summary>Which ranker contributed a position of an interleaved list.</summary>
public enum InterleavingTeam
{
    /// <summary>The first ranker (usually the champion).</summary>
    A,

    /// <summary>The second ranker (usually the challenger).</summary>
    B,
}
