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
    [Property(MaxTest = 80)]
    public Property Every_read_equals_the_brute_force_aggregate_of_the_accepted_events(PositiveInt seed) =>
        Prop.ForAll(Gen.Choose(1, 40).ToArbitrary(), lengthMinutes =>
        {
            var window = FeatureWindow.Sliding(TimeSpan.FromMinutes(lengthMinutes));
            FeatureSet<Payment> features = Payments.Features(window);
            var engine = new FeatureEngine<Payment>(features, new FeatureEngineOptions { AllowedLateness = TimeSpan.FromMinutes(20), LatePolicy = LateEventPolicy.Apply });
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

            return true;
        });

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
