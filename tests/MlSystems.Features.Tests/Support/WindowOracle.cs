namespace MlSystems.Features.Tests.Support;

/// <summary>
/// The documented window rules, written from the docs and not from the engine: which event times a window holds at a
/// time, and which events an engine accepts.
/// </summary>
internal static class WindowOracle
{
    /// <summary>
    /// Whether a window read at <paramref name="at"/> holds an event at <paramref name="time"/>: a sliding window
    /// at − length ≤ time &lt; at; a hopping or tumbling one the last window [k·hop − length, k·hop) from the epoch with
    /// k·hop ≤ at.
    /// </summary>
    public static bool Holds(FeatureWindow window, DateTimeOffset time, DateTimeOffset at)
    {
        if (window.Kind == WindowKind.Sliding)
        {
            return at - window.Length <= time && time < at;
        }

        long hop = window.Hop.Ticks, atTicks = (at - DateTimeOffset.UnixEpoch).Ticks;
        long end = (atTicks - (((atTicks % hop) + hop) % hop));
        long ticks = (time - DateTimeOffset.UnixEpoch).Ticks;
        return end - window.Length.Ticks <= ticks && ticks < end;
    }

    /// <summary>The amounts of <paramref name="events"/> that a window read at <paramref name="at"/> holds, for one card.</summary>
    public static double[] Values(IEnumerable<Payment> events, FeatureWindow window, string card, DateTimeOffset at) =>
        [.. events.Where(p => p.Card == card && Holds(window, p.Time, at)).Select(p => p.Amount)];

    /// <summary>
    /// The outcome the docs promise for each event ingested in the given order: late when it is older than its card's
    /// newest event less the lateness (dropped under <see cref="LateEventPolicy.Drop"/>); applied otherwise.
    /// </summary>
    public static IngestOutcome[] Outcomes(IReadOnlyList<Payment> arrivals, TimeSpan lateness)
    {
        var newest = new Dictionary<string, DateTimeOffset>();
        var outcomes = new IngestOutcome[arrivals.Count];
        for (int i = 0; i < arrivals.Count; i++)
        {
            Payment p = arrivals[i];
            bool seen = newest.TryGetValue(p.Card, out DateTimeOffset n);
            outcomes[i] = seen && p.Time < n - lateness ? IngestOutcome.Late : IngestOutcome.Applied;
            newest[p.Card] = seen && n > p.Time ? n : p.Time;
        }

        return outcomes;
    }
}
