namespace MlSystems.Features;

/// <summary>
/// The arithmetic of event time in ticks since the Unix epoch, shared by every window: the order of events, the pane or
/// hop a time falls in, and bounds that saturate instead of wrapping.
/// </summary>
internal static class EventTime
{
    /// <summary>
    /// Whether (<paramref name="ticks"/>, <paramref name="value"/>) comes strictly before (<paramref name="otherTicks"/>,
    /// <paramref name="otherValue"/>): by time, then events at one instant by value (−0 before +0). The order depends on
    /// nothing but the events, so a window's contents, and the order their values are combined in, are the same
    /// whichever order they arrived in.
    /// </summary>
    public static bool Precedes(long ticks, double value, long otherTicks, double otherValue) =>
        ticks < otherTicks || (ticks == otherTicks && (value < otherValue || (value == otherValue && double.IsNegative(value) && !double.IsNegative(otherValue))));

    /// <summary><paramref name="ticks"/> − <paramref name="span"/>, or <see cref="long.MinValue"/> where that is below it.</summary>
    public static long Before(long ticks, long span) => ticks < long.MinValue + span ? long.MinValue : ticks - span;

    /// <summary>The number of the period of <paramref name="period"/> ticks (counted from the epoch) that holds <paramref name="ticks"/>.</summary>
    public static long PeriodOf(long ticks, long period) => ticks >= 0 ? ticks / period : ((ticks + 1) / period) - 1;
}
