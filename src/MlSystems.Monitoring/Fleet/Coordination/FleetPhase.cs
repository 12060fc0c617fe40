namespace MlSystems.Monitoring;

/// <summary>What a model's hosts do, as a plan revision says.</summary>
internal enum FleetPhase
{
    /// <summary>Every request goes to the champion.</summary>
    Serving,

    /// <summary>A canary runs: the step's share of keys goes to the candidate.</summary>
    Canary,

    /// <summary>The candidate passed its last step and serves everything while the alias moves to it; a coordinator that
    /// finds this revision finishes the move (the logged promotion is replayed, never repeated: the move is a
    /// compare-and-swap from the champion).</summary>
    Promoting,
}
