using MlSystems.Features.Tests.Support;

namespace MlSystems.Features.Tests.Windows;

/// <summary>The window rule at its edges, one case at a time: t − L counts, t does not, ties at t never, late requests as of their time.</summary>
public sealed class WindowRuleTests
{
    private static readonly FeatureSet<Payment> Features = new FeatureSetBuilder<Payment>("rule", p => p.Card, p => p.Time)
        .Window("count_1h", p => p.Amount, Aggregation.Count, FeatureWindow.Sliding(TimeSpan.FromHours(1)))
        .Window("sum_1h", p => p.Amount, Aggregation.Sum, FeatureWindow.Sliding(TimeSpan.FromHours(1)))
        .Window("sum_tumbling_1h", p => p.Amount, Aggregation.Sum, FeatureWindow.Tumbling(TimeSpan.FromHours(1)))
        .LastValues("last", p => p.Amount, 2)
        .Build();

    [Fact]
    public void An_event_exactly_one_window_back_counts_and_one_at_the_read_time_does_not()
    {
        var engine = new FeatureEngine<Payment>(Features);
        DateTimeOffset t = Payments.Start.AddHours(3);
        engine.Ingest([new Payment("c", t.AddHours(-1).AddTicks(-1), 1), new Payment("c", t.AddHours(-1), 10), new Payment("c", t, 100)]);
        double[] v = new double[Features.Width];
        engine.Compute(new Payment("c", t, 0), v);
        Assert.Equal([1.0, 10.0], v[..2]);
        engine.Compute(new Payment("c", t.AddTicks(1), 0), v);
        Assert.Equal([1.0, 100.0], v[..2]);
    }

    [Fact]
    public void Events_at_the_request_instant_never_count_in_serving_batch_or_training()
    {
        DateTimeOffset t = Payments.Start.AddHours(2).AddMinutes(30);
        Payment[] burst = [new("c", t.AddMinutes(-20), 5), new("c", t, 1), new("c", t, 2), new("c", t, 3)];

        // Serving: compute then ingest each; every event of the burst sees only the one 20 minutes before.
        var engine = new FeatureEngine<Payment>(Features);
        double[] v = new double[Features.Width];
        foreach (Payment p in burst)
        {
            engine.Compute(p, v);
            engine.Ingest(p);
            Assert.Equal(p.Time == t ? [1.0, 5.0] : [0.0, 0.0], v[..2]);
        }

        double[][] batch = [.. FeatureBatch.Compute(Features, burst).Select(r => r.Vector)];
        double[][] training = [.. FeatureBatch.TrainingSet(Features, burst, burst.Select(p => new LabelledEvent<Payment>(p, 0))).Select(r => r.Features)];
        Assert.All(Enumerable.Range(1, 3), i => Assert.Equal(batch[i], training[i]));
        Assert.All(Enumerable.Range(1, 3), i => Assert.Equal([1.0, 5.0, 0.0, 5.0, 0.0], batch[i]));
    }

    [Fact]
    public void A_request_late_within_the_lateness_gets_the_features_as_of_its_time_and_an_older_one_is_flagged()
    {
        var engine = new FeatureEngine<Payment>(Features, new FeatureEngineOptions { AllowedLateness = TimeSpan.FromMinutes(15) });
        DateTimeOffset t = Payments.Start.AddHours(5);
        engine.Ingest([new Payment("c", t.AddMinutes(-70), 1), new Payment("c", t.AddMinutes(-50), 2), new Payment("c", t.AddMinutes(5), 4)]);
        engine.Ingest(new Payment("c", t.AddMinutes(10), 8));

        // At t (10 minutes behind the newest event): the hour before t and the tumbling hour [t − 1 h, t) hold the
        // event at t − 50 min only; the last values are the two before t. Nothing after t counts.
        double[] v = new double[Features.Width];
        Assert.Equal(ComputeOutcome.Exact, engine.Compute(new Payment("c", t, 0), v));
        Assert.Equal([1.0, 2.0, 2.0, 2.0, 1.0], v);
        Assert.Equal(0, engine.Counters.LateComputes);

        // 20 minutes behind: beyond the lateness, flagged and counted.
        Assert.Equal(ComputeOutcome.BeyondLateness, engine.Compute(new Payment("c", t.AddMinutes(-10), 0), v));
        Assert.Equal(1, engine.Counters.LateComputes);
    }

    [Fact]
    public void Events_at_one_instant_count_in_value_order_whatever_order_they_arrive_in()
    {
        DateTimeOffset t = Payments.Start.AddHours(1);
        Payment[] tied = [new("c", t, 0.1), new("c", t, 0.7), new("c", t, 0.2), new("c", t, 1e17), new("c", t, -1e17)];
        Payment read = new("c", t.AddMinutes(1), 0);
        double[] a = new double[Features.Width], b = new double[Features.Width];
        var forward = new FeatureEngine<Payment>(Features);
        forward.Ingest(tied);
        forward.Compute(read, a);
        var backward = new FeatureEngine<Payment>(Features);
        backward.Ingest([.. tied.Reverse()]);
        backward.Compute(read, b);

        // Values whose sum depends on the order they are added in: the same bits either way, and the last values are the largest.
        Assert.Equal(a.Select(BitConverter.DoubleToInt64Bits), b.Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal([1e17, 0.7], a[3..]);
    }
}
