using MlSystems.Statistics.Simd;
using MlSystems.Statistics.Tests.Support;

namespace MlSystems.Statistics.Tests.Kernels;

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
                foreach (VectorWidth width in Widths.Supported)
                {
                    Assert.True(Widths.SameBits(scalar, LaneSums.Sum(x, width)), $"length {length}, {width}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Deviation_sums_and_moments_are_bit_identical_across_widths(int seed)
    {
        for (int length = 0; length <= 300; length++)
        {
            double[] x = TestInputs.Mixed(length, seed * 7919 + length, specials: length % 3 == 0);
            var scalarDeviations = LaneSums.DeviationSums(x, 0.75, VectorWidth.Scalar);
            var scalarMoments = MomentsKernel.Run(x, VectorWidth.Scalar);
            foreach (VectorWidth width in Widths.Supported)
            {
                var deviations = LaneSums.DeviationSums(x, 0.75, width);
                var moments = MomentsKernel.Run(x, width);
                Assert.True(Widths.SameBits(scalarDeviations.Deviation, deviations.Deviation), $"length {length}, {width}");
                Assert.True(Widths.SameBits(scalarDeviations.SquaredDeviation, deviations.SquaredDeviation), $"length {length}, {width}");
                Assert.Equal(scalarMoments.Count, moments.Count);
                Assert.True(Widths.SameBits(scalarMoments.Mean, moments.Mean), $"length {length}, {width}");
                Assert.True(Widths.SameBits(scalarMoments.M2, moments.M2), $"length {length}, {width}");
            }
        }
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
            foreach (VectorWidth width in Widths.Supported)
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
            foreach (VectorWidth width in Widths.Supported.Append(VectorWidth.Scalar))
            {
                var (min, max) = MinMaxKernel.Run(x, width);
                Assert.Equal(length > 1, double.IsNegative(min));
                Assert.False(double.IsNegative(max));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Bin_counts_are_identical_across_widths(int seed)
    {
        double[][] edgeSets = [[], [0.0], Edges9, Enumerable.Range(0, 30).Select(i => i - 15.0).ToArray()];
        for (int length = 0; length <= 300; length++)
        {
            double[] x = TestInputs.Mixed(length, seed * 104729 + length, specials: true);
            foreach (double[] edges in edgeSets)
            {
                long[] expected = new long[edges.Length + 1];
                long expectedNaN = BinCounter.CountBySearch(x, edges, expected);
                Assert.Equal(x.Count(double.IsNaN), expectedNaN);
                Assert.Equal(x.Length - expectedNaN, expected.Sum());
                foreach (VectorWidth width in Widths.Supported)
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
