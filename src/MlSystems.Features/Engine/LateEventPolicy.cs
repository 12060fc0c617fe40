namespace MlSystems.Features;

/// <summary>What happens to an event older than its entity's watermark (newest event time − allowed lateness).</summary>
public enum LateEventPolicy
{
    /// <summary>Dropped and counted as late. The default.</summary>
    Drop,

    /// <summary>Applied wherever a window still holds its time (counted as late when none does).</summary>
    Apply,
}
