using MlSystems.Features.Tests.Support;

namespace MlSystems.Features.Tests.Engine;

public sealed class FeatureEngineTests
{
    [Fact]
    public void Online_serving_and_batch_replay_give_bit_identical_vectors_even_with_entities_served_in_parallel()
    {
        FeatureSet<Payment> features = Payments.Features();
        Payment[] events = Payments.Random(seed: 5, count: 4_000, cards: 40);
        Dictionary<Payment, double[]> batch = FeatureBatch.Compute(features, events).ToDictionary(r => r.Event, r => r.Vector);

        // A serving host: per request, compute then ingest; cards spread over threads, each card's events in order.
        var engine = new FeatureEngine<Payment>(features);
        var served = new System.Collections.Concurrent.ConcurrentDictionary<Payment, double[]>();
        Parallel.ForEach(events.GroupBy(e => e.Card), new ParallelOptions { MaxDegreeOfParallelism = 4 }, card =>
        {
            foreach (Payment p in card)
            {
                double[] vector = new double[features.Width];
                engine.Compute(p, vector);
                engine.Ingest(p);
                served[p] = vector;
            }
        });

        Assert.All(events, e => Assert.Equal(batch[e].Select(BitConverter.DoubleToInt64Bits), served[e].Select(BitConverter.DoubleToInt64Bits)));
    }

    [Fact]
    public void Row_features_transform_and_encode_the_current_event()
    {
        FeatureSet<Payment> features = new FeatureSetBuilder<Payment>("rows", p => p.Card, p => p.Time)
            .Row("z", p => p.Amount, RowTransform.Standardize(100, 50))
            .Row("scaled", p => p.Amount, RowTransform.MinMax(0, 1_000))
            .Row("bucket", p => p.Amount, RowTransform.Bucketize([10, 100, 1_000]))
            .OneHot("country", p => p.Country, ["FR", "DE"])
            .Hashed("card_hash", p => p.Card, 8)
            .Build();
        var engine = new FeatureEngine<Payment>(features);
        double[] v = new double[features.Width];
        engine.Compute(new Payment("card-1", Payments.Start, 100, "DE"), v);
        Assert.Equal([0, 0.1, 2, 0, 1, 0], v[..6]);
        Assert.Equal(1, v[6..].Sum());
        engine.Compute(new Payment("card-1", Payments.Start, 10, null), v);
        Assert.Equal([-1.8, 0.01, 1, 0, 0, 1], v[..6]);
        Assert.Equal(["z", "scaled", "bucket", "country=FR", "country=DE", "country=(other)", "card_hash#0"], features.Columns.Take(7).Select(c => c.Name));
    }

    [Fact]
    public void Out_of_order_events_within_the_lateness_count_and_later_ones_are_dropped_and_counted()
    {
        FeatureSet<Payment> features = Payments.Features(FeatureWindow.Sliding(TimeSpan.FromHours(1)));
        var engine = new FeatureEngine<Payment>(features, new FeatureEngineOptions { AllowedLateness = TimeSpan.FromMinutes(5) });
        Assert.Equal(IngestOutcome.Applied, engine.Ingest(new Payment("c", Payments.Start.AddMinutes(10), 10)));
        Assert.Equal(IngestOutcome.Applied, engine.Ingest(new Payment("c", Payments.Start.AddMinutes(20), 20)));
        Assert.Equal(IngestOutcome.Applied, engine.Ingest(new Payment("c", Payments.Start.AddMinutes(16), 16)));
        Assert.Equal(IngestOutcome.Late, engine.Ingest(new Payment("c", Payments.Start.AddMinutes(14), 14)));
        double[] v = new double[features.Width];
        engine.Compute(new Payment("c", Payments.Start.AddMinutes(30), 0), v);
        Assert.Equal((3.0, 46.0), (v[features.IndexOf("count")], v[features.IndexOf("sum")]));
        Assert.Equal(1, engine.Counters.Late);

        var applying = new FeatureEngine<Payment>(features, new FeatureEngineOptions { AllowedLateness = TimeSpan.Zero, LatePolicy = LateEventPolicy.Apply });
        applying.Ingest(new Payment("c", Payments.Start.AddMinutes(20), 20));
        Assert.Equal(IngestOutcome.Late, applying.Ingest(new Payment("c", Payments.Start.AddMinutes(15), 15)));
        applying.Compute(new Payment("c", Payments.Start.AddMinutes(30), 0), v);
        Assert.Equal(2, v[features.IndexOf("count")]);
    }

    [Fact]
    public void Duplicates_NaN_and_unknown_entities_have_documented_counted_outcomes()
    {
        FeatureSet<Payment> features = Payments.Features();
        var engine = new FeatureEngine<Payment>(features, new FeatureEngineOptions { EventId = e => ((Payment)e).Id });
        Assert.Equal(IngestOutcome.Applied, engine.Ingest(new Payment("c", Payments.Start, 10, Id: "p1")));
        Assert.Equal(IngestOutcome.Duplicate, engine.Ingest(new Payment("c", Payments.Start, 10, Id: "p1")));
        engine.Ingest(new Payment("c", Payments.Start.AddMinutes(1), double.NaN, Id: "p2"));

        double[] v = new double[features.Width];
        engine.Compute(new Payment("c", Payments.Start.AddMinutes(2), double.PositiveInfinity), v);
        Assert.Equal(1, v[features.IndexOf("count")]);
        Assert.Equal(0, v[features.IndexOf("amount")]);

        engine.Compute(new Payment("never-seen", Payments.Start, 5), v);
        Assert.Equal((0.0, 0.0, 5.0), (v[features.IndexOf("count")], v[features.IndexOf("mean")], v[features.IndexOf("amount")]));

        FeatureEngineCounters counters = engine.Counters;
        Assert.Equal((3L, 1L, 0L), (counters.Events, counters.Duplicates, counters.Late));

        // NaN: six window values skipped at ingest; the ∞ amount and its log at compute.
        Assert.Equal(8, counters.MissingValues);
        Assert.Equal(1, counters.Entities);
    }

    [Fact]
    public void Changing_the_options_after_construction_changes_nothing()
    {
        FeatureSet<Payment> features = Payments.Features(FeatureWindow.Sliding(TimeSpan.FromHours(1)));
        var options = new FeatureEngineOptions { AllowedLateness = TimeSpan.FromMinutes(5) };
        var engine = new FeatureEngine<Payment>(features, options);
        options.AllowedLateness = TimeSpan.Zero;
        engine.Options.AllowedLateness = TimeSpan.Zero;

        engine.Ingest(new Payment("c", Payments.Start.AddMinutes(10), 1));
        Assert.Equal(IngestOutcome.Applied, engine.Ingest(new Payment("c", Payments.Start.AddMinutes(7), 1)));
        Assert.Equal(TimeSpan.FromMinutes(5), engine.Options.AllowedLateness);
        Assert.NotSame(options, engine.Options);
    }

    [Fact]
    public void Bad_input_names_what_is_wrong()
    {
        FeatureSet<Payment> features = Payments.Features();
        var engine = new FeatureEngine<Payment>(features);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => engine.Compute(new Payment("c", Payments.Start, 1), new double[3])).ParamName);
        Assert.Contains("no entity key", Assert.Throws<ArgumentException>(() => engine.Ingest(new Payment("", Payments.Start, 1))).Message, StringComparison.Ordinal);
        Assert.Equal("feature", Assert.Throws<ArgumentException>(() => new FeatureSetBuilder<Payment>("x", p => p.Card, p => p.Time).Row("a", p => 1).Row("a", p => 2)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => FeatureWindow.Hopping(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(3)));
        Assert.Throws<ArgumentOutOfRangeException>(() => RowTransform.Standardize(0, 0));
        Assert.Throws<ArgumentException>(() => RowTransform.Bucketize([2, 1]));
        Assert.Equal("AllowedLateness", Assert.Throws<ArgumentException>(() => new FeatureEngine<Payment>(features, new FeatureEngineOptions { AllowedLateness = TimeSpan.FromSeconds(-1) })).ParamName);
        Assert.Throws<InvalidOperationException>(() => new FeatureSetBuilder<Payment>("empty", p => p.Card, p => p.Time).Build());
    }
}
