using FsCheck;
using FsCheck.Fluent;
using MlSystems.Features.Tests.Support;

namespace MlSystems.Features.Tests.Engine;

/// <summary>
/// An engine restored from a snapshot is indistinguishable from the one that wrote it: from the cut on, the same events
/// give the same outcomes and the same vectors bit for bit, the counters agree, and the same state writes the same
/// bytes, whatever the two engines' hash seeds.
/// </summary>
public sealed class SnapshotProperties
{
    private static readonly FeatureWindow Short = FeatureWindow.Sliding(TimeSpan.FromMinutes(10));
    private static readonly FeatureWindow Long = FeatureWindow.Sliding(TimeSpan.FromHours(1));
    private static readonly FeatureWindow Hopping = FeatureWindow.Hopping(TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(10));

    internal static readonly FeatureSet<Payment> Features = new FeatureSetBuilder<Payment>("snapshots", p => p.Card, p => p.Time)
        .Row("amount", p => p.Amount)
        .Window("count_10m", p => p.Amount, Aggregation.Count, Short)
        .Window("sum_10m", p => p.Amount, Aggregation.Sum, Short)
        .Window("variance_1h", p => p.Amount, Aggregation.Variance, Long)
        .Window("min_1h", p => p.Amount, Aggregation.Min, Long)
        .Window("mean_30m_hopping", p => p.Amount, Aggregation.Mean, Hopping)
        .Window("max_15m_tumbling", p => p.Amount, Aggregation.Max, FeatureWindow.Tumbling(TimeSpan.FromMinutes(15)))
        .LastValues("last", p => p.Amount, 3)
        .DistinctCount("countries_30m", p => p.Country, Hopping)
        .Build();

    [Fact]
    public void A_restored_engine_continues_exactly_as_the_one_that_wrote_the_snapshot() =>
        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(30),
            Prop.ForAll(Gen.Choose(1, int.MaxValue).ToArbitrary(), Gen.Choose(0, 100).ToArbitrary(), Gen.Elements(false, true).ToArbitrary(), (seed, cutPercent, withIds) =>
                RoundTrips(Features, seed, cutPercent, withIds)));

    [Fact]
    public void Any_feature_set_round_trips() =>
        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(25),
            Prop.ForAll(Gen.Choose(1, int.MaxValue).ToArbitrary(), Gen.Choose(0, 100).ToArbitrary(), (seed, cutPercent) =>
                RoundTrips(RandomFeatures(new Random(seed)), seed, cutPercent, withIds: seed % 2 == 0)));

    /// <summary>A feature set of one to six window features of any kind, aggregation and length, with or without last values and a distinct count.</summary>
    private static FeatureSet<Payment> RandomFeatures(Random random)
    {
        var builder = new FeatureSetBuilder<Payment>("random", p => p.Card, p => p.Time).Row("amount", p => p.Amount);
        Aggregation[] aggregations = Enum.GetValues<Aggregation>();
        FeatureWindow Window() => random.Next(3) switch
        {
            0 => FeatureWindow.Sliding(TimeSpan.FromMinutes(random.Next(1, 90))),
            1 => FeatureWindow.Tumbling(TimeSpan.FromMinutes(5 * random.Next(1, 7))),
            _ => FeatureWindow.Hopping(TimeSpan.FromMinutes(5 * random.Next(2, 7)), TimeSpan.FromMinutes(5)),
        };

        for (int w = random.Next(1, 7); w > 0; w--)
        {
            builder.Window($"w{w}", p => p.Amount, aggregations[random.Next(aggregations.Length)], Window(), emptyValue: random.Next(2) == 0 ? 0 : double.NaN);
        }

        if (random.Next(2) == 0)
        {
            builder.LastValues("last", p => p.Amount, random.Next(1, 5));
        }

        if (random.Next(2) == 0)
        {
            // Distinct counts are kept per hop: tumbling or hopping windows only.
            FeatureWindow hops = random.Next(2) == 0 ? FeatureWindow.Tumbling(TimeSpan.FromMinutes(15)) : FeatureWindow.Hopping(TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(5));
            builder.DistinctCount("countries", p => p.Country, hops, precision: random.Next(4, 12));
        }

        return builder.Build();
    }

    /// <summary>Ingests a prefix of a random stream, restores its snapshot into a new engine and checks the two agree from there on.</summary>
    private static void RoundTrips(FeatureSet<Payment> features, int seed, int cutPercent, bool withIds)
    {
        FeatureEngineOptions options = Options(withIds);
        Payment[] arrivals = WithRedeliveries(SkewStream.Arrivals(seed, 600, cards: 8), seed);
        int cut = arrivals.Length * cutPercent / 100;
        var original = new FeatureEngine<Payment>(features, options);
        var vector = new double[features.Width];
        foreach (Payment e in arrivals.AsSpan(0, cut))
        {
            original.Compute(e, vector);
            original.Ingest(e);
        }

        byte[] snapshot = Snapshot(original);
        var restored = new FeatureEngine<Payment>(features, options);
        restored.RestoreSnapshot(new MemoryStream(snapshot));
        Assert.Equal(snapshot, Snapshot(restored));
        Assert.Equal(original.Counters, restored.Counters);

        var expected = new double[features.Width];
        var actual = new double[features.Width];
        foreach (Payment e in arrivals.AsSpan(cut))
        {
            Assert.Equal(original.Compute(e, expected), restored.Compute(e, actual));
            Assert.Equal(Bits(expected), Bits(actual));
            Assert.Equal(original.Ingest(e), restored.Ingest(e));
        }

        // Reads across the whole span, late ones included, once every event is in.
        foreach (Payment e in arrivals.Where((_, i) => i % 7 == 0))
        {
            var probe = e with { Time = e.Time.AddSeconds(seed % 97) };
            Assert.Equal(original.Compute(probe, expected), restored.Compute(probe, actual));
            Assert.Equal(Bits(expected), Bits(actual));
        }

        Assert.Equal(original.Counters, restored.Counters);
        Assert.Equal(Snapshot(original), Snapshot(restored));
    }

    [Fact]
    public void Restoring_into_an_engine_with_state_replaces_that_state() =>
        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(10),
            Prop.ForAll(Gen.Choose(1, int.MaxValue).ToArbitrary(), seed =>
            {
                Payment[] events = SkewStream.Arrivals(seed, 200, cards: 5);
                var source = new FeatureEngine<Payment>(Features, Options(withIds: false));
                source.Ingest(events.AsSpan(0, 100));
                var target = new FeatureEngine<Payment>(Features, Options(withIds: false));
                target.Ingest(events.AsSpan(100));
                target.RestoreSnapshot(new MemoryStream(Snapshot(source)));
                Assert.Equal(Snapshot(source), Snapshot(target));
            }));

    internal static FeatureEngineOptions Options(bool withIds) => new()
    {
        AllowedLateness = SkewStream.Lateness,
        LatePolicy = LateEventPolicy.Apply,
        EventId = withIds ? e => ((Payment)e).Id : null,
    };

    internal static byte[] Snapshot(FeatureEngine<Payment> engine)
    {
        var stream = new MemoryStream();
        engine.WriteSnapshot(stream);
        return stream.ToArray();
    }

    /// <summary>Every tenth event delivered a second time a little later, as a stream redelivers.</summary>
    private static Payment[] WithRedeliveries(Payment[] arrivals, int seed)
    {
        var random = new Random(seed);
        var result = new List<Payment>(arrivals);
        for (int i = 0; i < arrivals.Length; i += 10)
        {
            result.Insert(Math.Min(result.Count, i + random.Next(1, 20)), arrivals[i]);
        }

        return [.. result];
    }

    private static long[] Bits(double[] vector) => [.. vector.Select(BitConverter.DoubleToInt64Bits)];
}
