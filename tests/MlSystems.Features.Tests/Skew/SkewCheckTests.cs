using MlSystems.Drift;
using MlSystems.Features.Tests.Support;

namespace MlSystems.Features.Tests.Skew;

public sealed class SkewCheckTests
{
    [Fact]
    public void A_serving_bug_in_one_feature_is_flagged_by_distribution_and_row_by_row()
    {
        FeatureSet<Payment> features = Payments.Features();
        Payment[] events = Payments.Random(seed: 3, count: 6_000, cards: 50, spreadMinutes: 24 * 60);
        IReadOnlyList<(Payment Event, double[] Vector)> training = FeatureBatch.Compute(features, events);
        ReferenceProfile profile = SkewCheck.Profile(features.Columns, training.Select(r => r.Vector));

        // Serving computes the same vectors, except a bug that sends the amount in cents.
        int amount = features.IndexOf("amount");
        ServedVector[] served = [.. training.Select((r, i) => new ServedVector($"req-{i}", r.Event.Card, r.Event.Time, [.. r.Vector.Select((v, c) => c == amount ? v * 100 : v)]))];
        DriftReport report = SkewCheck.Distribution(profile, features.Columns, served);
        Assert.True(report.Features.Single(f => f.Name == "amount").Drifted);
        Assert.All(report.Features.Where(f => f.Name != "amount"), f => Assert.False(f.Drifted, f.Name));

        var trainingById = training.Select((r, i) => (Id: $"req-{i}", r.Vector)).ToDictionary(p => p.Id, p => p.Vector);
        (IReadOnlyList<RowSkew> columns, long unmatched) = SkewCheck.RowLevel(features.Columns, trainingById, served.Append(new ServedVector("req-x", "c", Payments.Start, new double[features.Width])));
        Assert.Equal(1, unmatched);
        Assert.Equal(6_000, columns.Single(c => c.Column == "amount").Mismatches);
        Assert.All(columns.Where(c => c.Column != "amount"), c => Assert.Equal((6_000L, 0L), (c.Compared, c.Mismatches)));
    }

    [Fact]
    public void The_feature_log_samples_by_request_and_keeps_the_newest()
    {
        var log = new FeatureLog(width: 2, sampleRate: 0.1, capacity: 500);
        int logged = 0;
        for (int i = 0; i < 20_000; i++)
        {
            logged += log.Offer($"req-{i}", "c", Payments.Start.AddSeconds(i), [i, -i]) ? 1 : 0;
        }

        // 10% within a 99.99% binomial interval, the same requests on a second host, only the newest 500 kept.
        Assert.InRange(logged, 2_000 - (3.9 * 42.4), 2_000 + (3.9 * 42.4));
        var other = new FeatureLog(width: 2, sampleRate: 0.1, capacity: 500);
        bool again = log.Offer("req-7", "c", Payments.Start, [0, 0]);
        Assert.Equal(again, other.Offer("req-7", "c", Payments.Start, [0, 0]));
        IReadOnlyList<ServedVector> kept = log.Snapshot();
        Assert.Equal(500, kept.Count);
        Assert.True(kept.Zip(kept.Skip(1)).All(p => p.First.Time <= p.Second.Time));
        long expectedLogged = logged + (again ? 1 : 0);
        Assert.Equal(new FeatureLogCounters(20_001, expectedLogged, expectedLogged - 500), log.Counters);
        Assert.Equal("vector", Assert.Throws<ArgumentException>(() => log.Offer("r", "c", Payments.Start, [1])).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new FeatureLog(2, sampleRate: 0));
    }
}
