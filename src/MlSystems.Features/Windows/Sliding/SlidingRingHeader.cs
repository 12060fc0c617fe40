namespace MlSystems.Features;

/// <summary>
/// A busy window's ring bookkeeping, kept in the spilled <see cref="SlidingCell"/> where the points were: an add reads
/// it from the line the engine has already loaded, and finds its entries at a computed offset into the entity's entry
/// array without touching a ring object or the array's header.
/// </summary>
internal struct SlidingRingHeader
{
    /// <summary>Where the entries start in the entity's array; those before the cell's floor are released but not yet dropped.</summary>
    public int Head;

    /// <summary>How many entries the array holds from <see cref="Head"/> on, released ones included.</summary>
    public int Length;

    /// <summary>The array's length, kept here so that an add need not read the array's header.</summary>
    public int Capacity;

    /// <summary>Whether <see cref="NewestPane"/> and <see cref="NewestPaneStart"/> describe the newest entry.</summary>
    public bool NewestKnown;

    /// <summary>Panes from this one on may have stale suffixes; those before it are current.</summary>
    public long StaleFrom;

    /// <summary>The pane of the newest entry.</summary>
    public long NewestPane;

    /// <summary>Where <see cref="NewestPane"/> starts.</summary>
    public long NewestPaneStart;
}
