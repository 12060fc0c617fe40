using FsCheck;
using FsCheck.Fluent;

namespace MlSystems.Statistics.Tests.Support;

/// <summary>FsCheck generators for summaries: finite samples of moderate size and magnitude, split into parts.</summary>
internal static class Generators
{
    public sealed record Parts(double[] A, double[] B, double[] C);

    public static Gen<double> FiniteValue() =>
        Gen.Choose(-1_000_000, 1_000_000).Select(i => i / 1000.0);

    public static Gen<double[]> Sample(int maxLength) =>
        Gen.Choose(0, maxLength).SelectMany(n => Gen.ArrayOf(FiniteValue(), n));

    public static Arbitrary<Parts> ThreeSamples(int maxLength = 60) =>
        (from a in Sample(maxLength)
         from b in Sample(maxLength)
         from c in Sample(maxLength)
         select new Parts(a, b, c)).ToArbitrary();

    public static Gen<string> Category() => Gen.Elements("red", "green", "blue", "", "Red", "ünïcode", "a b");

    public static Arbitrary<(string[] A, string[] B, string[] C)> ThreeCategoryLists() =>
        (from a in Gen.ListOf(Category())
         from b in Gen.ListOf(Category())
         from c in Gen.ListOf(Category())
         select (a.ToArray(), b.ToArray(), c.ToArray())).ToArbitrary();
}
