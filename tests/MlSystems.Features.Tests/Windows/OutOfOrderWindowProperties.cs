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
    /// are also dropped for being late; with <see cref="LateEventPolicy.Apply"/> every delay is within it (20 minutes).
    /// The expected outcomes and window contents come from <see cref="WindowOracle"/>, not from the engine.
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
            Payment[] arrivals = [.. Bursty(seed.Get, 400)];
            IngestOutcome[] expected = WindowOracle.Outcomes(arrivals, engine.Options.AllowedLateness);
            var accepted = new List<Payment>();
            var newest = new Dictionary<string, DateTimeOffset>();
            double[] v = new double[features.Width];
            for (int i = 0; i < arrivals.Length; i++)
            {
                Payment p = arrivals[i];
                if (engine.Ingest(p) != expected[i])
                {
                    return false;
                }

                if (expected[i] == IngestOutcome.Applied)
                {
                    accepted.Add(p);
                }

                // Read just after the entity's newest event (what a request then would see), and at the event's own time:
                // exact within the lateness, flagged beyond it.
                DateTimeOffset now = newest[p.Card] = newest.TryGetValue(p.Card, out DateTimeOffset n) && n > p.Time ? n : p.Time;
                foreach (DateTimeOffset at in (ReadOnlySpan<DateTimeOffset>)[now.AddTicks(1), p.Time])
                {
                    bool withinLateness = at >= now - engine.Options.AllowedLateness;
                    ComputeOutcome outcome = engine.Compute(p with { Time = at }, v);
                    if (outcome != (withinLateness ? ComputeOutcome.Exact : ComputeOutcome.BeyondLateness)
                        || (withinLateness && !BruteForceWindow.Matches(features, v, WindowOracle.Values(accepted, window, p.Card, at))))
                    {
                        return false;
                    }
                }
            }

            // Drop mode must actually have dropped some events for lateness, or the property says nothing about it.
            return !drop || engine.Counters.Late > 0;
        });

    [Fact]
    public void An_event_applied_beyond_the_lateness_counts_in_the_windows_that_still_hold_its_time()
    {
        var shortWindow = FeatureWindow.Sliding(TimeSpan.FromMinutes(1));
        FeatureSet<Payment> features = new FeatureSetBuilder<Payment>("two", p => p.Card, p => p.Time)
            .Window("count_1m", p => p.Amount, Aggregation.Count, shortWindow)
            .Window("count_1h", p => p.Amount, Aggregation.Count, FeatureWindow.Sliding(TimeSpan.FromHours(1)))
            .Build();
        var options = new FeatureEngineOptions { AllowedLateness = TimeSpan.FromMinutes(2), LatePolicy = LateEventPolicy.Apply };
        var engine = new FeatureEngine<Payment>(features, options);
        engine.Ingest([new Payment("c", Payments.Start, 1), new Payment("c", Payments.Start.AddMinutes(1), 1), new Payment("c", Payments.Start.AddMinutes(10), 1)]);

        // Within the lateness every window takes an event, whatever its length.
        Assert.Equal(IngestOutcome.Applied, engine.Ingest(new Payment("c", Payments.Start.AddMinutes(8.5), 1)));

        // Beyond it (before 8 min), the minute window keeps only from 7 min: a 6.5-min event counts in the hour window
        // alone, and is late.
        Assert.Equal(IngestOutcome.Late, engine.Ingest(new Payment("c", Payments.Start.AddMinutes(6.5), 1)));
        double[] v = new double[features.Width];
        Assert.Equal(ComputeOutcome.Exact, engine.Compute(new Payment("c", Payments.Start.AddMinutes(9), 0), v));
        Assert.Equal([1.0, 4.0], v);
        engine.Compute(new Payment("c", Payments.Start.AddMinutes(10.5), 0), v);
        Assert.Equal([1.0, 5.0], v);

        // A feature set with only the minute window refuses the same event everywhere.
        FeatureSet<Payment> minuteOnly = new FeatureSetBuilder<Payment>("one", p => p.Card, p => p.Time)
            .Window("count_1m", p => p.Amount, Aggregation.Count, shortWindow)
            .Build();
        var refusing = new FeatureEngine<Payment>(minuteOnly, options);
        refusing.Ingest([new Payment("c", Payments.Start, 1), new Payment("c", Payments.Start.AddMinutes(1), 1), new Payment("c", Payments.Start.AddMinutes(10), 1)]);
        Assert.Equal(IngestOutcome.Late, refusing.Ingest(new Payment("c", Payments.Start.AddMinutes(6.5), 1)));
        refusing.Compute(new Payment("c", Payments.Start.AddMinutes(7.2), 0), v);
        Assert.Equal(0, v[0]);
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
