using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MlSystems.Statistics.Ecdf;
using MlSystems.Statistics.Tests.Support;

namespace MlSystems.Statistics.Tests.Ecdf;

/// <summary>The branch-free integer walk must agree with the reference walk in every bit, ties included.</summary>
public sealed class EcdfWalkTests
{
    [Property(MaxTest = 300)]
    public Property Fast_walk_equals_the_reference_walk_on_tie_heavy_samples() =>
        Prop.ForAll(TieHeavyPair().ToArbitrary(), pair => Same(pair.A, pair.B));

    [Property(MaxTest = 200)]
    public Property Fast_walk_equals_the_reference_walk_on_continuous_samples() =>
        Prop.ForAll(ContinuousPair().ToArbitrary(), pair => Same(pair.A, pair.B));

    [Property(MaxTest = 40)]
    public Property Interleaved_walks_equal_the_reference_walk_on_large_samples() =>
        Prop.ForAll(LargePair().ToArbitrary(), pair => Same(pair.A, pair.B));

    [Fact]
    public void Fast_walk_equals_the_reference_walk_on_large_equal_sized_samples()
    {
        // Equal sizes make the gap a ±1 walk that revisits its extremes, which exercises the candidate buffer.
        for (int seed = 0; seed < 20; seed++)
        {
            double[] a = Sorted(TestInputs.Finite(3000, seed));
            double[] b = Sorted(TestInputs.Finite(3000, seed + 100).Select(v => v + 0.01).ToArray());
            Assert.True(Same(a, b), $"seed {seed}");
        }
    }

    [Theory]
    [InlineData(3, 0.0)]
    [InlineData(1_000, 0.5)]
    [InlineData(1_000_000_000, 0.0)]
    public void Walks_on_two_threads_equal_the_reference_walk(int levels, double offset)
    {
        // Past 2²⁰ merged values the two interleaved pairs run on two threads; unequal sizes put the splits mid-run.
        var random = new Random(levels);
        double[] a = Sorted([.. Enumerable.Range(0, 600_001).Select(_ => (double)random.Next(levels))]);
        double[] b = Sorted([.. Enumerable.Range(0, 700_003).Select(_ => random.Next(levels) + offset)]);
        Assert.True(Same(a, b));
    }

    private static bool Same(double[] a, double[] b)
    {
        EcdfDifference fast = EcdfWalk.Run(a, b), exact = EcdfWalk.Exact(a, b);
        return Widths.SameBits(fast.DPlus, exact.DPlus) && Widths.SameBits(fast.DPlusLocation, exact.DPlusLocation)
            && Widths.SameBits(fast.DMinus, exact.DMinus) && Widths.SameBits(fast.DMinusLocation, exact.DMinusLocation);
    }

    private static Gen<(double[] A, double[] B)> TieHeavyPair() =>
        from n1 in Gen.Choose(1, 80)
        from n2 in Gen.Choose(1, 80)
        from a in Gen.ArrayOf(Gen.Choose(-4, 4).Select(v => (double)v), n1)
        from b in Gen.ArrayOf(Gen.Choose(-4, 4).Select(v => (double)v), n2)
        select (Sorted(a), Sorted(b));

    private static Gen<(double[] A, double[] B)> ContinuousPair() =>
        from n1 in Gen.Choose(1, 300)
        from n2 in Gen.Choose(1, 300)
        from a in Gen.ArrayOf(Gen.Choose(-1_000_000, 1_000_000).Select(v => v / 7.0), n1)
        from b in Gen.ArrayOf(Gen.Choose(-1_000_000, 1_000_000).Select(v => v / 7.0), n2)
        select (Sorted(a), Sorted(b));

    /// <summary>Large enough for the interleaved walks; tie-heavy or continuous at random.</summary>
    private static Gen<(double[] A, double[] B)> LargePair() =>
        from n1 in Gen.Choose(1, 6000)
        from n2 in Gen.Choose(4096, 7000)
        from levels in Gen.Elements(3, 50, 1_000_000)
        from offset in Gen.Elements(0.0, 0.5)
        from a in Gen.ArrayOf(Gen.Choose(0, levels).Select(v => (double)v), n1)
        from b in Gen.ArrayOf(Gen.Choose(0, levels).Select(v => v + offset), n2)
        select (Sorted(a), Sorted(b));

    private static double[] Sorted(double[] values)
    {
        double[] copy = (double[])values.Clone();
        Array.Sort(copy);
        return copy;
    }
}
