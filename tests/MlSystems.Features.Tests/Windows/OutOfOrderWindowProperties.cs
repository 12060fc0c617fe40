using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MlSystems.Features.Tests.Support;

namespace MlSystems.Features.Tests.Windows;

/// <summary>
/// Sliding windows fed out of order, in bursts that move each entity's window between its inline cell and its ring and
/// back, checked after every event against a brute-force aggregate of the events the engine accepted.
/// </summary>
public sealed class OutOfOrderWindowProperties
{
    /// <remarks>
    /// With <see cref="LateEventPolicy.Drop"/> the lateness (5 minutes) is shorter than the delays (up to 15), so events
    /// are also dropped for being late; with <see cref="LateEventPolicy.Apply"/> every delay is within it (20 minutes),
    /// so an event is refused only by windows that have moved past it. Either way all windows share one length, so an
    /// event counts exactly when its outcome is <see cref="IngestOutcome.Applied"/>.
    /// </remarks>
    [Property(MaxTest = 80)]
    public Property Every_read_equals_the_brute_force_aggregate_of_the_accepted_events(PositiveInt seed, bool drop) =>
        Prop.ForAll(Gen.Choose(1, 40).ToArbitrary(), lengthMinutes =>
        {
            var window = FeatureWindow.Sliding(TimeSpan.FromMinutes(lengthMinutes));
            FeatureSet<Payment> features = Payments.Features(window);
            var engine = new FeatureEngine<Payment>(features, drop
                ? new FeatureEngineOptions { AllowedLateness = TimeSpan.FromMinutes(5), LatePolicy = LateEventPolicy.Drop }
                : new FeatureEngineOptions { AllowedLateness = TimeSpan.FromMinutes(20), LatePolicy = LateEventPolicy.Apply });
            var accepted = new List<Payment>();
            var newest = new Dictionary<string, DateTimeOffset>();
            double[] v = new double[features.Width];
            foreach (Payment p in Bursty(seed.Get, 400))
            {
                if (engine.Ingest(p) == IngestOutcome.Applied)
                {
                    accepted.Add(p);
                }

                // Read as of the entity's newest event: what a request at that moment would see.
                DateTimeOffset now = newest[p.Card] = newest.TryGetValue(p.Card, out DateTimeOffset n) && n > p.Time ? n : p.Time;
                engine.Compute(p with { Time = now }, v);
                double[] inWindow = [.. accepted.Where(a => a.Card == p.Card && a.Time > now - window.Length && a.Time <= now).OrderBy(a => a.Time).Select(a => a.Amount)];
                if (!BruteForceWindow.Matches(features, v, inWindow))
                {
                    return false;
                }
            }

            // Drop mode must actually have dropped some events for lateness, or the property says nothing about it.
            return !drop || engine.Counters.Late > 0;
        });

    [Fact]
    public void An_event_counts_in_the_windows_that_still_hold_its_time_and_is_late_only_when_none_does()
    {
        var shortWindow = FeatureWindow.Sliding(TimeSpan.FromMinutes(1));
        FeatureSet<Payment> features = new FeatureSetBuilder<Payment>("two", p => p.Card, p => p.Time)
            .Window("count_1m", p => p.Amount, Aggregation.Count, shortWindow)
            .Window("count_1h", p => p.Amount, Aggregation.Count, FeatureWindow.Sliding(TimeSpan.FromHours(1)))
            .Build();
        var engine = new FeatureEngine<Payment>(features, new FeatureEngineOptions { AllowedLateness = TimeSpan.FromMinutes(10) });
        engine.Ingest(new Payment("c", Payments.Start, 1));
        engine.Ingest(new Payment("c", Payments.Start.AddMinutes(1), 1));
        engine.Ingest(new Payment("c", Payments.Start.AddMinutes(10), 1));   // the minute window evicts 0 and 1 min

        // Within the lateness: the hour window takes it, the minute window has moved past it. Applied, counted once.
        Assert.Equal(IngestOutcome.Applied, engine.Ingest(new Payment("c", Payments.Start.AddSeconds(30), 1)));
        double[] v = new double[features.Width];
        engine.Compute(new Payment("c", Payments.Start.AddMinutes(10.5), 0), v);
        Assert.Equal([1.0, 4.0], v);

        // A feature set with only the minute window refuses the same event everywhere: late, though within the lateness.
        FeatureSet<Payment> minuteOnly = new FeatureSetBuilder<Payment>("one", p => p.Card, p => p.Time)
            .Window("count_1m", p => p.Amount, Aggregation.Count, shortWindow)
            .Build();
        var refusing = new FeatureEngine<Payment>(minuteOnly, new FeatureEngineOptions { AllowedLateness = TimeSpan.FromMinutes(10) });
        refusing.Ingest([new Payment("c", Payments.Start, 1), new Payment("c", Payments.Start.AddMinutes(1), 1), new Payment("c", Payments.Start.AddMinutes(10), 1)]);
        Assert.Equal(IngestOutcome.Late, refusing.Ingest(new Payment("c", Payments.Start.AddSeconds(30), 1)));
        Assert.Equal(1, refusing.Counters.Late);
    }

    /// <summary>Three cards; quiet spells and bursts of up to 30 events a minute; a fifth of the events up to 15 minutes late.</summary>
    private static IEnumerable<Payment> Bursty(int seed, int count)
    {
        var random = new Random(seed);
        DateTimeOffset clock = Payments.Start;
        for (int i = 0; i < count; i++)
        {
            clock = clock.AddSeconds(random.Next(4) == 0 ? random.Next(600, 3_600) : random.Next(0, 3));
            DateTimeOffset time = random.Next(5) == 0 ? clock.AddSeconds(-random.Next(1, 900)) : clock;
            yield return new Payment($"card-{random.Next(3)}", time, random.Next(-500, 500) + (random.Next(100) / 100.0));
        }
    }
}
