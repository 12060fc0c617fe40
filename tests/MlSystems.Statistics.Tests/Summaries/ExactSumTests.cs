using System.Globalization;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MlSystems.Statistics.Summaries;

namespace MlSystems.Statistics.Tests.Summaries;

public sealed class ExactSumTests
{
    [Fact]
    public void Sums_and_moments_match_python_fsum_and_exact_fractions_bit_for_bit()
    {
        using JsonDocument golden = GoldenFile.Json("exact_sums.json");
        int withMoments = 0;
        foreach (JsonElement row in golden.RootElement.GetProperty("cases").EnumerateArray())
        {
            string name = row.GetProperty("name").GetString()!;
            double[] values = [.. row.GetProperty("values").EnumerateArray().Select(v => Parse(v.GetString()!))];
            var sum = new ExactSum();
            sum.Add(values);
            Assert.True(Parse(row, "sum").Equals(sum.Value), $"{name}: sum {sum.Value:R}, fsum {Parse(row, "sum"):R}");
            Assert.Equal(sum.Value, ExactSum.FromPartials(sum.Partials()).Value);

            if (!row.TryGetProperty("sumOfSquares", out _))
            {
                continue;
            }

            withMoments++;
            var moments = new ExactMoments();
            foreach (double v in values)
            {
                moments.Add(v);
            }

            Assert.Equal(values.Length, moments.Count);
            Assert.True(Parse(row, "sumOfSquares").Equals(moments.SumOfSquares), $"{name}: Σx² {moments.SumOfSquares:R}");
            Assert.True((row.TryGetProperty("mean", out _) ? Parse(row, "mean") : double.NaN).Equals(moments.Mean), $"{name}: mean {moments.Mean:R}");
            double variance = row.TryGetProperty("sampleVariance", out _) ? Parse(row, "sampleVariance") : double.NaN;
            Assert.True(variance.Equals(moments.SampleVariance), $"{name}: variance {moments.SampleVariance:R}, exact {variance:R}");
        }

        Assert.True(withMoments >= 15, $"only {withMoments} cases checked the moments");
    }

    [Property(MaxTest = 200)]
    public Property Any_order_and_grouping_gives_the_same_sum_and_partials() =>
        Prop.ForAll(WideValues().ToArbitrary(), Gen.Choose(0, int.MaxValue).ToArbitrary(), (values, seed) =>
        {
            var whole = new ExactSum();
            whole.Add(values);

            // The same values shuffled, cut into up to five sums, merged in a shuffled order.
            var random = new Random(seed);
            double[] shuffled = [.. values.OrderBy(_ => random.Next())];
            var parts = Enumerable.Range(0, 1 + random.Next(5)).Select(_ => new ExactSum()).ToArray();
            foreach (double v in shuffled)
            {
                parts[random.Next(parts.Length)].Add(v);
            }

            var merged = new ExactSum();
            foreach (ExactSum part in parts.OrderBy(_ => random.Next()))
            {
                merged.Merge(part);
            }

            return BitConverter.DoubleToInt64Bits(whole.Value) == BitConverter.DoubleToInt64Bits(merged.Value)
                && whole.Partials().SequenceEqual(merged.Partials())
                && whole.Value.Equals(ExactSum.FromPartials(merged.Partials()).Value);
        });

    [Property(MaxTest = 200)]
    public Property Exact_moments_merge_to_the_same_bits_in_any_grouping() =>
        Prop.ForAll(MomentValues().ToArbitrary(), Gen.Choose(0, int.MaxValue).ToArbitrary(), (values, seed) =>
        {
            ExactMoments whole = Of(values);
            var random = new Random(seed);
            var parts = Enumerable.Range(0, 1 + random.Next(4)).Select(_ => new ExactMoments()).ToArray();
            foreach (double v in values.OrderBy(_ => random.Next()))
            {
                parts[random.Next(parts.Length)].Add(v);
            }

            ExactMoments merged = parts[^1].Clone();
            foreach (ExactMoments part in parts[..^1].Reverse())
            {
                merged.Merge(part);
            }

            ExactMoments read = ExactMoments.FromParts(merged.Count, merged.SumPartials(), merged.SquarePartials());
            return Same(whole, merged) && Same(whole, read);
        });

    [Property(MaxTest = 100)]
    public Property Exact_moments_agree_with_welford_within_rounding() =>
        Prop.ForAll(MomentValues().ToArbitrary(), values =>
        {
            ExactMoments exact = Of(values);
            var welford = new RunningMoments();
            welford.Add(values);
            double scale = values.Length == 0 ? 1 : values.Max(Math.Abs) + 1;
            return exact.Count == welford.Count
                && (values.Length == 0 || Math.Abs(exact.Mean - welford.Mean) <= 1e-12 * scale)
                && (values.Length < 2 || Math.Abs(exact.SampleVariance - welford.SampleVariance) <= 1e-9 * ((scale * scale) + welford.SampleVariance));
        });

    [Fact]
    public void A_sum_that_would_overflow_is_refused_and_left_unchanged()
    {
        var sum = new ExactSum();
        sum.Add(double.MaxValue);
        sum.Add(1.0);
        double[] before = sum.Partials();
        Assert.Throws<OverflowException>(() => sum.Add(double.MaxValue));
        Assert.Equal(before, sum.Partials());
        Assert.Throws<OverflowException>(() => sum.Merge(sum));
        Assert.Equal(before, sum.Partials());
        Assert.Throws<OverflowException>(() => sum.AddProduct(1e200, 1e200));
        Assert.Equal(before, sum.Partials());

        // A finite product that carries the sum past the range, from a sum far from the edge: rolled back as well.
        var half = new ExactSum();
        half.Add(double.MaxValue / 2);
        half.Add(3.0);
        double[] halfBefore = half.Partials();
        Assert.Throws<OverflowException>(() => half.AddProduct(double.MaxValue / 1e10, 1e10 * 0.75));
        Assert.Equal(halfBefore, half.Partials());
        half.AddProduct(double.MaxValue / 1e10, 1e10 * 0.25);
        Assert.Equal(double.MaxValue / 2 + (double.MaxValue / 1e10 * (1e10 * 0.25)) + 3.0, half.Value);

        // Cancellation brings it back into range: the exact sum was finite all along.
        sum.Add(-double.MaxValue);
        Assert.Equal(1.0, sum.Value);
    }

    [Fact]
    public void Adding_products_far_from_the_edge_of_the_range_allocates_nothing()
    {
        var sum = new ExactSum();
        var random = new Random(7);
        for (int i = 0; i < 100; i++)
        {
            sum.AddProduct(random.NextDouble(), random.NextDouble());
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            double x = random.NextDouble() * 1e6;
            sum.AddProduct(x, x);
        }

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1_024, "only the partials' growth may allocate");
    }

    [Fact]
    public void Non_finite_values_are_refused_naming_them()
    {
        var sum = new ExactSum();
        sum.Add(2.5);
        Assert.Equal("value", Assert.Throws<ArgumentException>(() => sum.Add(double.NaN)).ParamName);
        Assert.Contains("Value 1", Assert.Throws<ArgumentException>(() => sum.Add([1.0, double.PositiveInfinity])).Message, StringComparison.Ordinal);
        Assert.Equal("b", Assert.Throws<ArgumentException>(() => sum.AddProduct(1, double.NaN)).ParamName);
        Assert.Equal(2.5, sum.Value);

        var moments = new ExactMoments();
        Assert.Equal("value", Assert.Throws<ArgumentException>(() => moments.Add(2e100)).ParamName);
        Assert.Equal("value", Assert.Throws<ArgumentException>(() => moments.Add(double.NegativeInfinity)).ParamName);
        Assert.Equal(0, moments.Count);
        Assert.True(double.IsNaN(moments.Mean) && double.IsNaN(moments.SampleVariance) && double.IsNaN(moments.PopulationVariance));
    }

    [Fact]
    public void Values_at_the_bounds_keep_finite_statistics_and_round_trip()
    {
        // At the largest magnitude the squares and the variance's products stay within a double; at the smallest the
        // squares underflow to 0 and the parts still read back.
        ExactMoments large = Of(Enumerable.Repeat(ExactMoments.MaximumMagnitude, 1000).Append(-ExactMoments.MaximumMagnitude));
        Assert.True(double.IsFinite(large.SampleVariance) && large.SampleVariance > 0);
        ExactMoments tiny = Of([1e-200, 3e-200]);
        Assert.Equal(0, tiny.SumOfSquares);
        ExactMoments read = ExactMoments.FromParts(tiny.Count, tiny.SumPartials(), tiny.SquarePartials());
        Assert.Equal(tiny.Mean, read.Mean);
        Assert.Equal(large.SampleVariance, ExactMoments.FromParts(large.Count, large.SumPartials(), large.SquarePartials()).SampleVariance);
    }

    [Fact]
    public void Products_are_added_exactly()
    {
        // 0.1 × 0.1 rounds; the exact product minus its rounded value is the FMA's error term, which the sum keeps.
        var sum = new ExactSum();
        sum.AddProduct(0.1, 0.1);
        sum.Add(-(0.1 * 0.1));
        Assert.Equal(Math.FusedMultiplyAdd(0.1, 0.1, -(0.1 * 0.1)), sum.Value);
        Assert.NotEqual(0, sum.Value);
    }

    [Fact]
    public void The_variance_keeps_its_digits_when_the_mean_dwarfs_the_spread()
    {
        // Σx² − (Σx)²/n in doubles loses everything here; the exact numerator does not.
        double[] values = [1e9 + 1, 1e9 + 2, 1e9 + 3];
        Assert.Equal(1.0, Of(values).SampleVariance);
        Assert.Equal(2.0 / 3, Of(values).PopulationVariance, 15);
    }

    [Fact]
    public void Parts_that_no_values_could_give_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ExactMoments.FromParts(-1, [], []));
        Assert.Throws<ArgumentException>(() => ExactMoments.FromParts(0, [1.0], [1.0]));
        Assert.Throws<ArgumentException>(() => ExactMoments.FromParts(2, [1.0], []));
        Assert.Throws<ArgumentException>(() => ExactMoments.FromParts(1, [0.0], [-1.0]));
        Assert.Throws<ArgumentException>(() => ExactMoments.FromParts(2, [10.0], [1.0]));
        Assert.Throws<ArgumentException>(() => ExactMoments.FromParts(1, [double.NaN], [1.0]));
        Assert.Throws<ArgumentException>(() => ExactMoments.FromParts(2, [double.MaxValue, double.MaxValue], [1.0]));
        Assert.Throws<ArgumentException>(() => ExactMoments.FromParts(2, [1e250], [1e300]));
        Assert.Throws<ArgumentException>(() => ExactMoments.FromParts(2, [1.0], [1e250]));
        ExactMoments ok = ExactMoments.FromParts(2, [3.0], [5.0]);
        Assert.Equal(1.5, ok.Mean);
        Assert.Equal(0.5, ok.SampleVariance);
    }

    private static ExactMoments Of(IEnumerable<double> values)
    {
        var m = new ExactMoments();
        foreach (double v in values)
        {
            m.Add(v);
        }

        return m;
    }

    private static bool Same(ExactMoments a, ExactMoments b) =>
        a.Count == b.Count && a.Sum.Equals(b.Sum) && a.SumOfSquares.Equals(b.SumOfSquares) && a.Mean.Equals(b.Mean)
        && a.SampleVariance.Equals(b.SampleVariance) && a.SumPartials().SequenceEqual(b.SumPartials()) && a.SquarePartials().SequenceEqual(b.SquarePartials());

    // Doubles over the whole exponent range, positive and negative, so that the partials overlap and cancel.
    private static Gen<double[]> WideValues() =>
        Gen.Choose(0, 40).SelectMany(n => Gen.ArrayOf(
            from mantissa in Gen.Choose(-1_000_000, 1_000_000)
            from exponent in Gen.Choose(-300, 300)
            select mantissa * Math.Pow(2, exponent) / 1_000_000, n));

    private static Gen<double[]> MomentValues() =>
        Gen.Choose(0, 40).SelectMany(n => Gen.ArrayOf(
            from mantissa in Gen.Choose(-1_000_000, 1_000_000)
            from exponent in Gen.Choose(-60, 60)
            from offset in Gen.Elements(0.0, 1e6, -1e9)
            select offset + (mantissa * Math.Pow(2, exponent) / 1_000_000), n));

    private static double Parse(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static double Parse(JsonElement row, string name) => Parse(row.GetProperty(name).GetString()!);
}
