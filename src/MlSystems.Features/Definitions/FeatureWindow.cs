namespace MlSystems.Features;

/// <summary>A window over event time.</summary>
public sealed record FeatureWindow
{
    private FeatureWindow(WindowKind kind, TimeSpan length, TimeSpan hop)
    {
        Kind = kind;
        Length = length;
        Hop = hop;
    }

    /// <summary>How the window moves.</summary>
    public WindowKind Kind { get; }

    /// <summary>The window's length.</summary>
    public TimeSpan Length { get; }

    /// <summary>How far consecutive windows start apart (the length itself for tumbling windows, a tick for sliding ones).</summary>
    public TimeSpan Hop { get; }

    /// <summary>
    /// A sliding window: at time t, the events with t − length ≤ timestamp &lt; t — an event exactly a length before
    /// counts, one at t does not (pandas' <c>closed='left'</c>, Feast's inclusive point-in-time lower bound, Flink's
    /// half-open windows).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The length is not positive.</exception>
    public static FeatureWindow Sliding(TimeSpan length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(length, TimeSpan.Zero);
        return new FeatureWindow(WindowKind.Sliding, length, TimeSpan.FromTicks(1));
    }

    /// <summary>Tumbling windows [k·length, (k + 1)·length) from the Unix epoch; at time t, the last one that ended at or before t (so an event at t never counts).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The length is not positive.</exception>
    public static FeatureWindow Tumbling(TimeSpan length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(length, TimeSpan.Zero);
        return new FeatureWindow(WindowKind.Tumbling, length, length);
    }

    /// <summary>Hopping windows [k·hop − length, k·hop) from the Unix epoch; at time t, the last one that ended at or before t (so an event at t never counts).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A span is not positive, or the length is not a whole number of hops.</exception>
    public static FeatureWindow Hopping(TimeSpan length, TimeSpan hop)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(length, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(hop, TimeSpan.Zero);
        if (length.Ticks % hop.Ticks != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, $"A hopping window's length must be a whole number of hops ({hop}).");
        }

        return new FeatureWindow(WindowKind.Hopping, length, hop);
    }
}
