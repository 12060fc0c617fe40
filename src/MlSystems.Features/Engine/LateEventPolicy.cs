namespace MlSystems.Features;

/// <summary>What happens to an event older than its entity's watermark (newest event time − allowed lateness).</summary>
public enum LateEventPolicy
{
    /// <summary>Dropped and counted as late. The default.</summary>
    Drop,

    /// <summary>
    /// Applied wherever a window still holds its time, and counted as late either way. Sliding windows place it at its
    /// time; hopping and tumbling windows fold it into its hop as it comes, so their sums can differ in the last bits
    /// from a replay in time order.
    /// </summary>
    Apply,
}
