using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MlSystems.Features.Tests.Support;

namespace MlSystems.Features.Tests.Windows;

/// <summary>Every window kind and aggregation against a brute-force recomputation from the raw events.</summary>
public sealed class WindowAggregationProperties
{
    [Property(MaxTest = 120)]
    public Property Windows_equal_the_brute_force_aggregate(PositiveInt seed, bool tumbling, bool hopping) =>
        Prop.ForAll(Gen.Choose(1, 120).ToArbitrary(), lengthMinutes =>
        {
            FeatureWindow window = hopping ? FeatureWindow.Hopping(TimeSpan.FromMinutes(lengthMinutes * 2), TimeSpan.FromMinutes(lengthMinutes))
                : tumbling ? FeatureWindow.Tumbling(TimeSpan.FromMinutes(lengthMinutes))
                : FeatureWindow.Sliding(TimeSpan.FromMinutes(lengthMinutes));
            FeatureSet<Payment> features = Payments.Features(window);
            Payment[] events = Payments.Random(seed.Get, 300);
            IReadOnlyList<(Payment Event, double[] Vector)> rows = FeatureBatch.Compute(features, events);
            for (int i = 0; i < rows.Count; i++)
            {
                Payment now = rows[i].Event;
                double[] inWindow = WindowOracle.Values(events, window, now.Card, now.Time);
                if (!BruteForceWindow.Matches(features, rows[i].Vector, inWindow))
                {
                    return false;
                }
            }

            return true;
        });

    [Fact]
    public void Min_and_max_stay_exact_as_extremes_leave_the_window()
    {
        FeatureSet<Payment> features = Payments.Features(FeatureWindow.Sliding(TimeSpan.FromMinutes(10)));
        var engine = new FeatureEngine<Payment>(features);
        double[] amounts = [500, 1, 40, 30, 20];
        for (int i = 0; i < amounts.Length; i++)
        {
            engine.Ingest(new Payment("c", Payments.Start.AddMinutes(4 * i), amounts[i]));
        }

        double[] v = new double[features.Width];

        // At 20 min the window [10, 20) holds the events at 12 and 16 min: 30 and 20; 500 and 1 have left.
        engine.Compute(new Payment("c", Payments.Start.AddMinutes(20), 0), v);
        Assert.Equal((2.0, 20.0, 30.0), (v[features.IndexOf("count")], v[features.IndexOf("min")], v[features.IndexOf("max")]));
    }

    [Fact]
    public void Variance_is_stable_on_large_offsets()
    {
        // 1e9 plus small noise: a naive sum-of-squares variance loses every digit here.
        FeatureSet<Payment> features = Payments.Features(FeatureWindow.Sliding(TimeSpan.FromDays(1)));
        var engine = new FeatureEngine<Payment>(features);
        double[] values = [1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16];
        for (int i = 0; i < values.Length; i++)
        {
            engine.Ingest(new Payment("c", Payments.Start.AddMinutes(i), values[i]));
        }

        double[] v = new double[features.Width];
        engine.Compute(new Payment("c", Payments.Start.AddMinutes(10), 0), v);
        Assert.Equal(30, v[features.IndexOf("variance")], 9);
    }
}
