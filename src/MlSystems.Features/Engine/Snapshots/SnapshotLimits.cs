namespace MlSystems.Features;

/// <summary>The largest counts a snapshot reader accepts, far above what an engine holds and low enough that a corrupt count fails before it allocates much.</summary>
internal static class SnapshotLimits
{
    /// <summary>Values one window, pending buffer or last-N feature of one entity holds.</summary>
    public const int MaxWindowValues = 1 << 26;

    /// <summary>Event ids one entity remembers.</summary>
    public const int MaxEventIds = 1 << 24;

    /// <summary>Entities in one engine: its shards hold at most 2^30 each.</summary>
    public const long MaxEntities = 16L << 30;
}
