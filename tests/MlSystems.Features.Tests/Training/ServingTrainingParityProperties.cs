using FsCheck;
using FsCheck.Xunit;
using MlSystems.Features.Tests.Support;

namespace MlSystems.Features.Tests.Training;

/// <summary>
/// Serving (compute then ingest, in arrival order), batch replay and training sets give the same vector for the same
/// event, bit for bit, and each equals a brute-force oracle written from the documented rules: ties at one instant,
/// events exactly a window back, and late arrivals within and beyond the lateness.
/// </summary>
public sealed class ServingTrainingParityProperties
{
    private static readonly FeatureWindow Short = FeatureWindow.Sliding(TimeSpan.FromMinutes(10));
    private static readonly FeatureWindow Long = FeatureWindow.Sliding(TimeSpan.FromHours(1));
    private static readonly FeatureWindow Tumbling = FeatureWindow.Tumbling(TimeSpan.FromMinutes(15));
    private static readonly FeatureWindow Hopping = FeatureWindow.Hopping(TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(10));

    private static readonly FeatureSet<Payment> Features = new FeatureSetBuilder<Payment>("parity", p => p.Card, p => p.Time)
        .Row("amount", p => p.Amount)
        .Window("count_10m", p => p.Amount, Aggregation.Count, Short)
        .Window("sum_10m", p => p.Amount, Aggregation.Sum, Short)
        .Window("mean_10m", p => p.Amount, Aggregation.Mean, Short)
        .Window("variance_10m", p => p.Amount, Aggregation.Variance, Short)
        .Window("min_10m", p => p.Amount, Aggregation.Min, Short)
        .Window("max_10m", p => p.Amount, Aggregation.Max, Short)
        .Window("sum_1h", p => p.Amount, Aggregation.Sum, Long)
        .Window("variance_1h", p => p.Amount, Aggregation.Variance, Long)
        .Window("sum_15m_tumbling", p => p.Amount, Aggregation.Sum, Tumbling)
        .Window("mean_15m_tumbling", p => p.Amount, Aggregation.Mean, Tumbling)
        .Window("count_30m_hopping", p => p.Amount, Aggregation.Count, Hopping)
        .Window("variance_30m_hopping", p => p.Amount, Aggregation.Variance, Hopping)
        .Window("max_30m_hopping", p => p.Amount, Aggregation.Max, Hopping)
        .LastValues("last", p => p.Amount, 3)
        .DistinctCount("countries_30m", p => p.Country, Hopping)
        .Build();

    private static readonly FeatureEngineOptions Options = new() { AllowedLateness = SkewStream.Lateness };

    [Property(MaxTest = 25)]
    public bool Serving_batch_and_training_agree_bit_for_bit_and_with_the_oracle(PositiveInt seed)
    {
        Payment[] arrivals = SkewStream.Arrivals(seed.Get, 1_500, cards: 12);
        IngestOutcome[] expectedOutcomes = WindowOracle.Outcomes(arrivals, SkewStream.Lateness);

        // Serving: each request computed before its event is ingested, in arrival order.
        var engine = new FeatureEngine<Payment>(Features, Options);
        var served = new double[arrivals.Length][];
        var outcomes = new ComputeOutcome[arrivals.Length];
        for (int i = 0; i < arrivals.Length; i++)
        {
            served[i] = new double[Features.Width];
            outcomes[i] = engine.Compute(arrivals[i], served[i]);
            Assert.Equal(expectedOutcomes[i], engine.Ingest(arrivals[i]));
        }

        // Batch replay and training sets see every event in time order; ties in two different given orders.
        double[][] batch = [.. FeatureBatch.Compute(Features, arrivals, Options).OrderBy(r => Array.IndexOf(arrivals, r.Event)).Select(r => r.Vector)];
        Payment[] reversed = [.. arrivals.Reverse()];
        Dictionary<Payment, double[]> batchReversed = FeatureBatch.Compute(Features, reversed, Options).ToDictionary(r => r.Event, r => r.Vector);
        IReadOnlyList<TrainingRow<Payment>> training = FeatureBatch.TrainingSet(Features, reversed, arrivals.Select(p => new LabelledEvent<Payment>(p, 1)), Options);

        int lateRequestsMatched = 0, ties = 0, edges = 0, beyond = 0;
        for (int i = 0; i < arrivals.Length; i++)
        {
            Payment e = arrivals[i];
            Assert.Equal(Bits(batch[i]), Bits(training[i].Features));
            Assert.Equal(Bits(batch[i]), Bits(batchReversed[e]));
            Assert.Null(Oracle.Mismatch(Features, batch[i], arrivals, e));

            Payment[] before = [.. arrivals.Take(i)];
            DateTimeOffset newest = before.Where(p => p.Card == e.Card).Select(p => p.Time).DefaultIfEmpty(DateTimeOffset.MinValue).Max();
            bool withinLateness = newest == DateTimeOffset.MinValue || e.Time >= newest - SkewStream.Lateness;
            Assert.Equal(withinLateness ? ComputeOutcome.Exact : ComputeOutcome.BeyondLateness, outcomes[i]);
            if (!withinLateness)
            {
                beyond++;
                continue;
            }

            // Served: exactly the oracle over what had arrived (and was accepted) by then; and, when nothing older than
            // the request arrived after it or was dropped, the training row bit for bit.
            Payment[] known = [.. before.Where((p, j) => expectedOutcomes[j] == IngestOutcome.Applied)];
            Assert.Null(Oracle.Mismatch(Features, served[i], known, e));
            bool complete = !arrivals.Where((p, j) => p.Card == e.Card && p.Time < e.Time && (j > i || expectedOutcomes[j] != IngestOutcome.Applied)).Any();
            if (complete)
            {
                Assert.Equal(Bits(training[i].Features), Bits(served[i]));
                lateRequestsMatched += newest > e.Time ? 1 : 0;
            }

            ties += before.Any(p => p.Card == e.Card && p.Time == e.Time) ? 1 : 0;
            edges += before.Any(p => p.Card == e.Card && p.Time == e.Time - Short.Length) ? 1 : 0;
        }

        // The stream must have exercised what the property is about.
        Assert.True(lateRequestsMatched > 0 && ties > 0 && edges > 0 && beyond > 0, $"late {lateRequestsMatched}, ties {ties}, edges {edges}, beyond {beyond}");
        Assert.Equal(beyond, engine.Counters.LateComputes);
        return true;
    }

    private static long[] Bits(double[] vector) => [.. vector.Select(BitConverter.DoubleToInt64Bits)];

    /// <summary>The vector of <see cref="Features"/> for an event, recomputed from the raw events by the documented rules.</summary>
    private static class Oracle
    {
        /// <summary>The first feature whose value differs from the oracle's, with both values; null when none does.</summary>
        public static string? Mismatch(FeatureSet<Payment> features, double[] v, IEnumerable<Payment> history, Payment e)
        {
            Payment[] card = [.. history.Where(p => p.Card == e.Card)];
            double[] Values(FeatureWindow w) => WindowOracle.Values(card, w, e.Card, e.Time);
            double[] s = Values(Short), l = Values(Long), t = Values(Tumbling), h = Values(Hopping);
            double[] last = [.. card.Where(p => p.Time < e.Time).OrderByDescending(p => p.Time).ThenByDescending(p => p.Amount).Take(3).Select(p => p.Amount)];
            last = [.. last, .. Enumerable.Repeat(0.0, 3 - last.Length)];
            int countries = card.Where(p => p.Country is not null && WindowOracle.Holds(Hopping, p.Time, e.Time)).Select(p => p.Country).Distinct().Count();
            // Exact: counts, extremes, last values and small distinct counts. Sums and means to 1e-12 relative; variances to
            // their rounding bound, about eps·|mean|·sd per value merged (a naive sum of squares is off by eps·mean²).
            (string Name, double Expected, double Tolerance)[] expected =
            [
                ("amount", e.Amount, 0),
                ("count_10m", s.Length, 0), ("min_10m", s.Length > 0 ? s.Min() : 0, 0), ("max_10m", s.Length > 0 ? s.Max() : 0, 0),
                ("sum_10m", s.Sum(), Relative(s.Sum())), ("mean_10m", Mean(s), Relative(Mean(s))), ("variance_10m", Variance(s), VarianceTolerance(s)),
                ("sum_1h", l.Sum(), Relative(l.Sum())), ("variance_1h", Variance(l), VarianceTolerance(l)),
                ("sum_15m_tumbling", t.Sum(), Relative(t.Sum())), ("mean_15m_tumbling", Mean(t), Relative(Mean(t))),
                ("count_30m_hopping", h.Length, 0), ("variance_30m_hopping", Variance(h), VarianceTolerance(h)), ("max_30m_hopping", h.Length > 0 ? h.Max() : 0, 0),
                ("last[0]", last[0], 0), ("last[1]", last[1], 0), ("last[2]", last[2], 0),
                ("countries_30m", countries, 0),
            ];
            foreach ((string name, double value, double tolerance) in expected)
            {
                double actual = v[features.IndexOf(name)];
                if (tolerance == 0 ? actual != value : Math.Abs(actual - value) > tolerance)
                {
                    return $"{name}: {actual:R}, expected {value:R}";
                }
            }

            return null;
        }

        private static double Relative(double expected) => (1e-12 * Math.Abs(expected)) + 1e-9;

        private static double VarianceTolerance(double[] x) =>
            x.Length < 2 ? 0 : (1e-12 * Variance(x)) + (1e-14 * x.Length * Math.Abs(Mean(x)) * Math.Sqrt(Variance(x))) + 1e-9;

        private static double Mean(double[] x) => x.Length == 0 ? 0 : (double)(x.Select(v => (decimal)v).Sum() / x.Length);

        /// <summary>The sample variance, in decimal so that values near 1e9 keep their digits.</summary>
        private static double Variance(double[] x)
        {
            if (x.Length < 2)
            {
                return 0;
            }

            decimal mean = x.Select(v => (decimal)v).Sum() / x.Length;
            return (double)(x.Select(v => ((decimal)v - mean) * ((decimal)v - mean)).Sum() / (x.Length - 1));
        }
    }
}
