using MlSystems.Statistics.Tests.Support;

namespace MlSystems.Statistics.Tests.Kernels;

public sealed class NonFiniteCountTests
{
    [Fact]
    public void Counts_match_a_scalar_count_at_every_length()
    {
        for (int length = 0; length <= 300; length++)
        {
            double[] x = TestInputs.Mixed(length, length, specials: true);
            NonFiniteCounts counts = SpanStatistics.CountNonFinite(x);
            Assert.Equal(x.Count(double.IsNaN), counts.NaN);
            Assert.Equal(x.Count(double.IsInfinity), counts.Infinite);
            Assert.Equal(x.All(double.IsFinite), counts.AllFinite);
        }
    }
}
