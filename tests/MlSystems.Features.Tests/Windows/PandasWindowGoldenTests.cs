using System.Globalization;
using MlSystems.Features.Tests.Support;

namespace MlSystems.Features.Tests.Windows;

/// <summary>
/// Sliding windows against pandas' time-based rolling windows (closed='left', read through marker rows), from
/// <c>Data/generate_windows.py</c>: bursts at one instant, events exactly a window back, values offset by 1e9.
/// </summary>
public sealed class PandasWindowGoldenTests
{
    private static readonly string[] Aggregations = ["count", "sum", "mean", "variance", "min", "max"];
    private static readonly (string Name, TimeSpan Length)[] Lengths = [("10m", TimeSpan.FromMinutes(10)), ("1h", TimeSpan.FromHours(1))];

    [Fact]
    public void Serving_batch_and_training_equal_pandas_on_every_event()
    {
        Payment[] events = [.. GoldenFile.CsvRows("windows_events.csv").Select(r => new Payment(r[0], DateTimeOffset.UnixEpoch.AddTicks(long.Parse(r[1], CultureInfo.InvariantCulture)), Parse(r[2])))];
        string[] header = GoldenFile.CsvHeader("windows_expected.csv");
        double[][] expected = [.. GoldenFile.CsvRows("windows_expected.csv").Select(r => r.Select(Parse).ToArray())];
        Assert.Equal(events.Length, expected.Length);
        Assert.Equal(6_000, events.Length);

        FeatureSetBuilder<Payment> builder = new("golden", p => p.Card, p => p.Time);
        foreach ((string name, TimeSpan length) in Lengths)
        {
            foreach (string aggregation in Aggregations)
            {
                builder.Window($"{aggregation}_{name}", p => p.Amount, Enum.Parse<Aggregation>(aggregation, ignoreCase: true), FeatureWindow.Sliding(length));
            }
        }

        FeatureSet<Payment> features = builder.Build();
        Assert.Equal(header, features.Columns.Select(c => c.Name));

        // Serving in time order (ties in the file's order): compute, then ingest.
        var engine = new FeatureEngine<Payment>(features);
        Dictionary<Payment, double[]> served = [];
        foreach (Payment e in events.OrderBy(e => e.Time))
        {
            double[] vector = new double[features.Width];
            Assert.Equal(ComputeOutcome.Exact, engine.Compute(e, vector));
            engine.Ingest(e);
            served[e] = vector;
        }

        Dictionary<Payment, double[]> batch = FeatureBatch.Compute(features, events).ToDictionary(r => r.Event, r => r.Vector);
        IReadOnlyList<TrainingRow<Payment>> training = FeatureBatch.TrainingSet(features, events, events.Select(e => new LabelledEvent<Payment>(e, 0)));

        int ties = 0, edges = 0, compared = 0;
        for (int i = 0; i < events.Length; i++)
        {
            Assert.Equal(Bits(served[events[i]]), Bits(batch[events[i]]));
            Assert.Equal(Bits(served[events[i]]), Bits(training[i].Features));
            for (int c = 0; c < header.Length; c++)
            {
                Assert.True(Agrees(header[c], served[events[i]][c], expected[i], header), $"event {i} ({events[i]}), {header[c]}: {served[events[i]][c]:R}, pandas {expected[i][c]:R}");
                compared++;
            }

            ties += events.Take(i).Any(p => p.Card == events[i].Card && p.Time == events[i].Time) ? 1 : 0;
            edges += events.Any(p => p.Card == events[i].Card && p.Time == events[i].Time - TimeSpan.FromMinutes(10)) ? 1 : 0;
        }

        Assert.Equal(6_000 * 12, compared);
        Assert.True(ties > 500 && edges > 100, $"ties {ties}, edges {edges}");
    }

    /// <summary>
    /// Counts, extremes exact; sums and means to 1e-14 relative; variances (exact from fractions in the golden) to their
    /// rounding bound. pandas writes NaN for an empty window (and a variance of one value), where the engine writes the
    /// documented empty values: 0 for count and sum, the feature's empty value (0) otherwise, 0 for one value's variance.
    /// </summary>
    private static bool Agrees(string column, double actual, double[] row, string[] header)
    {
        string window = column[(column.IndexOf('_', StringComparison.Ordinal) + 1)..];
        double count = row[Array.IndexOf(header, $"count_{window}")];
        double expected = row[Array.IndexOf(header, column)];
        if (double.IsNaN(expected))
        {
            return actual == 0;
        }

        if (column.StartsWith("count", StringComparison.Ordinal) || column.StartsWith("min", StringComparison.Ordinal) || column.StartsWith("max", StringComparison.Ordinal))
        {
            return actual == expected;
        }

        if (column.StartsWith("variance", StringComparison.Ordinal))
        {
            double mean = row[Array.IndexOf(header, $"mean_{window}")];
            return Math.Abs(actual - expected) <= (1e-12 * expected) + (1e-14 * count * Math.Abs(mean) * Math.Sqrt(expected)) + 1e-9;
        }

        return Math.Abs(actual - expected) <= 1e-14 * Math.Max(1, Math.Abs(expected));
    }

    private static long[] Bits(double[] vector) => [.. vector.Select(BitConverter.DoubleToInt64Bits)];

    private static double Parse(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
