using MlSystems.Features.Tests.Support;

namespace MlSystems.Features.Tests.Windows;

public sealed class SketchAndLastValuesTests
{
    private static readonly FeatureSet<Payment> Features = new FeatureSetBuilder<Payment>("sketch", p => p.Card, p => p.Time)
        .DistinctCount("merchants_1h", p => p.Country, FeatureWindow.Tumbling(TimeSpan.FromHours(1)))
        .LastValues("recent", p => p.Amount, 3, emptyValue: -1)
        .Build();

    [Theory]
    [InlineData(37, 1)]
    [InlineData(900, 0.05)]
    [InlineData(20_000, 0.1)]
    public void Distinct_counts_are_within_the_sketch_error(int distinct, double tolerance)
    {
        // The events arrive in random order within the hour: allow that much lateness.
        var engine = new FeatureEngine<Payment>(Features, new FeatureEngineOptions { AllowedLateness = TimeSpan.FromHours(1) });
        var random = new Random(distinct);
        for (int i = 0; i < distinct * 3; i++)
        {
            // Every merchant id appears about three times in the first hour.
            engine.Ingest(new Payment("c", Payments.Start.AddSeconds(random.Next(3_600)), 1, $"m{i % distinct}"));
        }

        double[] v = new double[Features.Width];
        engine.Compute(new Payment("c", Payments.Start.AddMinutes(75), 0), v);
        Assert.Equal(0, engine.Counters.Late);
        double estimate = v[Features.IndexOf("merchants_1h")];
        Assert.InRange(estimate, distinct * (1 - tolerance) - 1, distinct * (1 + tolerance) + 1);

        // Two hours on, the window holds the second hour, which saw nothing.
        engine.Compute(new Payment("c", Payments.Start.AddMinutes(125), 0), v);
        Assert.Equal(0, v[Features.IndexOf("merchants_1h")]);
    }

    [Fact]
    public void Last_values_are_newest_first_with_out_of_order_events_in_place()
    {
        var engine = new FeatureEngine<Payment>(Features);
        double[] v = new double[Features.Width];
        engine.Compute(new Payment("c", Payments.Start, 0), v);
        Assert.Equal([-1.0, -1, -1], v[1..]);
        engine.Ingest(new Payment("c", Payments.Start.AddMinutes(1), 10));
        engine.Ingest(new Payment("c", Payments.Start.AddMinutes(3), 30));
        engine.Ingest(new Payment("c", Payments.Start.AddMinutes(2), 20));
        engine.Compute(new Payment("c", Payments.Start.AddMinutes(4), 0), v);
        Assert.Equal([30.0, 20, 10], v[1..]);
        engine.Ingest(new Payment("c", Payments.Start.AddMinutes(5), 50));
        engine.Compute(new Payment("c", Payments.Start.AddMinutes(6), 0), v);
        Assert.Equal([50.0, 30, 20], v[1..]);
        Assert.Equal(["merchants_1h", "recent[0]", "recent[1]", "recent[2]"], Features.Columns.Select(c => c.Name));
    }

    [Fact]
    public void Sketches_refuse_sliding_windows()
    {
        var builder = new FeatureSetBuilder<Payment>("x", p => p.Card, p => p.Time);
        Assert.Equal("window", Assert.Throws<ArgumentException>(() => builder.DistinctCount("d", p => p.Country, FeatureWindow.Sliding(TimeSpan.FromHours(1)))).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.LastValues("l", p => p.Amount, 0));
    }
}
