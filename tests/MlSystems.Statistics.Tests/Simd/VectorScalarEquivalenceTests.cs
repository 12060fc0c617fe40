using MlSystems.Statistics.Simd;
using MlSystems.Statistics.Tests.Support;

namespace MlSystems.Statistics.Tests.Simd;

/// <summary>Every vector width must return exactly what the scalar path returns, at every length 0..300.</summary>
public sealed class VectorScalarEquivalenceTests
{
    private static readonly double[] Edges9 = [-2, -1, -0.5, 0, 0.25, 1, 3, 10, 1e5];

    public static TheoryData<int> Seeds => new() { 1, 2, 3 };

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Sums_are_bit_identical_across_widths(int seed)
    {
        for (int length = 0; length <= 300; length++)
        {
            foreach (bool specials in new[] { false, true })
            {
                double[] x = TestInputs.Mixed(length, seed * 1000 + length, specials);
                double scalar = LaneSums.Sum(x, VectorWidth.Scalar);
                foreach (VectorWidth width in Widths.All)
                {
                    Assert.True(Widths.SameBits(scalar, LaneSums.Sum(x, width)), $"length {length}, {width}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Squared_deviations_and_moments_are_bit_identical_across_widths(int seed)
    {
        for (int length = 0; length <= 300; length++)
        {
            double[] x = TestInputs.Mixed(length, seed * 7919 + length, specials: length % 3 == 0);
            var scalarShifted = LaneSums.ShiftedSums(x, 0.75, VectorWidth.Scalar);
            var scalarMoments = MomentsKernel.Run(x, VectorWidth.Scalar);
            foreach (VectorWidth width in Widths.All)
            {

                var moments = MomentsKernel.Run(x, width);
                var shifted = LaneSums.ShiftedSums(x, 0.75, width);
                Assert.True(Widths.SameBits(scalarShifted.Linear, shifted.Linear), $"length {length}, {width}");
                Assert.True(Widths.SameBits(scalarShifted.Squares, shifted.Squares), $"length {length}, {width}");
                Assert.Equal(scalarMoments.Count, moments.Count);
                Assert.True(Widths.SameBits(scalarMoments.Mean, moments.Mean), $"length {length}, {width}");
                Assert.True(Widths.SameBits(scalarMoments.M2, moments.M2), $"length {length}, {width}");
            }
        }
    }

    [Fact]
    public void Moments_take_the_same_path_at_every_width_when_a_step_forces_the_two_pass_fallback()
    {
        double[] x = StepInput();
        var scalar = MomentsKernel.Run(x, VectorWidth.Scalar);
        foreach (VectorWidth width in Widths.All)
        {
            var vector = MomentsKernel.Run(x, width);
            Assert.True(Widths.SameBits(scalar.Mean, vector.Mean) && Widths.SameBits(scalar.M2, vector.M2), width.ToString());
        }
    }

    [Fact]
    public void Moments_across_a_step_match_an_exact_decimal_reference()
    {
        double[] x = StepInput();
        decimal mean = x.Sum(v => (decimal)v) / x.Length;
        decimal m2 = x.Sum(v => ((decimal)v - mean) * ((decimal)v - mean));
        var (count, actualMean, actualM2) = MomentsKernel.Run(x, VectorWidth.Scalar);
        Assert.Equal(x.Length, count);
        Assert.Equal((double)mean, actualMean, 1e-15 * (double)mean);
        Assert.Equal((double)m2, actualM2, 1e-12 * (double)m2);
    }

    /// <summary>A chunk of N(0, 1) then chunks around 1e6: the running mean is a bad shift for the later chunks.</summary>
    private static double[] StepInput()
    {
        var random = new Random(11);
        return Enumerable.Range(0, 3 * 4096 + 77)
            .Select(i => (i < 4096 ? 0 : 1e6) + random.NextDouble() - 0.5)
            .ToArray();
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Min_max_and_nan_counts_are_identical_across_widths(int seed)
    {
        for (int length = 0; length <= 300; length++)
        {
            double[] x = TestInputs.Mixed(length, seed * 31 + length, specials: true);
            var scalar = MinMaxKernel.Run(x, VectorWidth.Scalar);
            int scalarNaN = NaNCounter.Count(x, VectorWidth.Scalar);
            Assert.Equal(x.Count(double.IsNaN), scalarNaN);
            foreach (VectorWidth width in Widths.All)
            {
                var vector = MinMaxKernel.Run(x, width);
                Assert.True(Widths.SameBits(scalar.Min, vector.Min), $"min, length {length}, {width}");
                Assert.True(Widths.SameBits(scalar.Max, vector.Max), $"max, length {length}, {width}");
                Assert.Equal(scalarNaN, NaNCounter.Count(x, width));
            }
        }
    }

    [Fact]
    public void Min_max_orders_signed_zeros_at_every_width()
    {
        for (int length = 1; length <= 40; length++)
        {
            double[] x = Enumerable.Range(0, length).Select(i => i % 2 == 0 ? 0.0 : -0.0).ToArray();
            foreach (VectorWidth width in Widths.All.Append(VectorWidth.Scalar))
            {
                var (min, max) = MinMaxKernel.Run(x, width);
                Assert.Equal(length > 1, double.IsNegative(min));
                Assert.False(double.IsNegative(max));
            }
        }
    }

    private static double[] EvenEdges(int count) => [.. Enumerable.Range(0, count).Select(i => (i - (count / 2.0)) / 4)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Bin_counts_are_identical_across_widths(int seed)
    {
        // Edge counts around the groups of four thresholds (−∞ and the edges), the most counted by comparison, one past it.
        double[][] edgeSets = [[], [0.0], [-0.5, 0.5], [-1, 0, 1], [-1.5, -0.5, 0.5, 1.5], Edges9, EvenEdges(24), EvenEdges(25), EvenEdges(30)];
        foreach (int length in Enumerable.Range(0, 301).Append(1100))
        {
            double[] x = TestInputs.Mixed(length, seed * 104729 + length, specials: true);
            foreach (double[] edges in edgeSets)
            {
                long[] expected = new long[edges.Length + 1];
                long expectedNaN = BinCounter.CountBySearch(x, edges, expected);
                Assert.Equal(x.Count(double.IsNaN), expectedNaN);
                Assert.Equal(x.Length - expectedNaN, expected.Sum());
                foreach (VectorWidth width in Widths.All)
                {
                    long[] actual = new long[edges.Length + 1];
                    Assert.Equal(expectedNaN, BinCounter.Count(x, edges, actual, width));
                    Assert.Equal(expected, actual);
                }
            }
        }
    }

    [Fact]
    public void Binary_search_places_values_on_edges_in_the_upper_bin()
    {
        double[] edges = [1, 2, 3];
        Assert.Equal(0, BinCounter.UpperBound(edges, 0.5));
        Assert.Equal(1, BinCounter.UpperBound(edges, 1));
        Assert.Equal(2, BinCounter.UpperBound(edges, 2.5));
        Assert.Equal(3, BinCounter.UpperBound(edges, 3));
        Assert.Equal(3, BinCounter.UpperBound(edges, double.PositiveInfinity));
        Assert.Equal(0, BinCounter.UpperBound(edges, double.NegativeInfinity));
        Assert.Equal(0, BinCounter.UpperBound([], 5));
    }
}
