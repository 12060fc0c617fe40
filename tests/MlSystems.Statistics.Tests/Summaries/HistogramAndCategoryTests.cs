using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MlSystems.Statistics.Summaries;
using MlSystems.Statistics.Tests.Support;

namespace MlSystems.Statistics.Tests.Summaries;

public sealed class HistogramAndCategoryTests
{
    private static readonly double[] Edges = [-100, -1, 0, 0.5, 7, 250];

    [Property(MaxTest = 150)]
    public Property Histogram_merge_is_exact_associative_and_commutative() =>
        Prop.ForAll(Generators.ThreeSamples(), parts =>
        {
            FixedEdgeHistogram a = Of(parts.A), b = Of(parts.B), c = Of(parts.C);
            string left = FixedEdgeHistogram.Combine(FixedEdgeHistogram.Combine(a, b), c).ToJson();
            string right = FixedEdgeHistogram.Combine(a, FixedEdgeHistogram.Combine(b, c)).ToJson();
            string swapped = FixedEdgeHistogram.Combine(FixedEdgeHistogram.Combine(c, b), a).ToJson();
            string whole = Of([.. parts.A, .. parts.B, .. parts.C]).ToJson();
            return left == right && left == swapped && left == whole;
        });

    [Fact]
    public void Histogram_counts_single_and_bulk_adds_alike_and_keeps_outer_values()
    {
        double[] x = [double.NegativeInfinity, -1e300, -100, -1, 0, 0.49, 0.5, 7, 250, 1e300, double.PositiveInfinity];
        FixedEdgeHistogram bulk = Of(x), single = new(Edges);
        foreach (double v in x)
        {
            single.Add(v);
        }

        Assert.Equal([2L, 1L, 1L, 2L, 1L, 1L, 3L], bulk.Counts.ToArray());
        Assert.Equal(bulk.ToJson(), single.ToJson());
        Assert.Equal(x.Length, bulk.Total);
        double[] shares = new double[7];
        bulk.GetShares(shares);
        Assert.Equal(1.0, shares.Sum(), 12);
    }

    [Fact]
    public void Histogram_rejects_bad_edges_nan_and_foreign_merges()
    {
        Assert.Equal("edges", Assert.Throws<ArgumentException>(() => new FixedEdgeHistogram([1, 0])).ParamName);
        Assert.Equal("edges", Assert.Throws<ArgumentException>(() => new FixedEdgeHistogram([0, double.PositiveInfinity])).ParamName);
        var h = new FixedEdgeHistogram(Edges);
        Assert.Equal("value", Assert.Throws<ArgumentException>(() => h.Add(double.NaN)).ParamName);
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => h.Add([1.0, double.NaN])).ParamName);
        Assert.Equal(0, h.Total);
        Assert.Equal("other", Assert.Throws<ArgumentException>(() => h.Merge(new FixedEdgeHistogram([1.0]))).ParamName);
    }

    [Fact]
    public void Histogram_json_round_trips_and_refuses_tampering()
    {
        FixedEdgeHistogram h = Of(TestInputs.Finite(500, 9));
        Assert.Equal(h.ToJson(), FixedEdgeHistogram.FromJson(h.ToJson()).ToJson());
        Assert.Throws<ArgumentException>(() => FixedEdgeHistogram.FromJson("{\"type\":\"histogram\",\"version\":1,\"edges\":[1,2],\"counts\":[1,2]}"));
        Assert.Throws<ArgumentException>(() => FixedEdgeHistogram.FromJson("{\"type\":\"histogram\",\"version\":1,\"edges\":[2,1],\"counts\":[1,2,3]}"));
        Assert.Throws<ArgumentException>(() => FixedEdgeHistogram.FromJson("{\"type\":\"histogram\",\"version\":1,\"edges\":[1],\"counts\":[1,-2]}"));
    }

    [Property(MaxTest = 150)]
    public Property Category_merge_is_exact_associative_and_commutative() =>
        Prop.ForAll(Generators.ThreeCategoryLists(), lists =>
        {
            CategoryCounts a = Of(lists.A), b = Of(lists.B), c = Of(lists.C);
            string left = CategoryCounts.Combine(CategoryCounts.Combine(a, b), c).ToJson();
            string right = CategoryCounts.Combine(a, CategoryCounts.Combine(b, c)).ToJson();
            string swapped = CategoryCounts.Combine(c, CategoryCounts.Combine(b, a)).ToJson();
            string whole = Of([.. lists.A, .. lists.B, .. lists.C]).ToJson();
            return left == right && left == swapped && left == whole;
        });

    [Fact]
    public void Categories_count_ordinally_round_trip_and_validate()
    {
        CategoryCounts c = Of(["b", "a", "B", "a", ""]);
        Assert.Equal(2, c["a"]);
        Assert.Equal(0, c["missing"]);
        Assert.Equal(4, c.DistinctCount);
        Assert.Equal(["", "B", "a", "b"], c.Entries.Select(e => e.Key));
        Assert.Equal("{\"type\":\"categories\",\"version\":1,\"counts\":{\"\":1,\"B\":1,\"a\":2,\"b\":1}}", c.ToJson());
        Assert.Equal(c.ToJson(), CategoryCounts.FromJson(c.ToJson()).ToJson());
        Assert.Throws<ArgumentNullException>(() => c.Add(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => c.Add("x", 0));
        Assert.Throws<ArgumentException>(() => CategoryCounts.FromJson("{\"type\":\"categories\",\"version\":1,\"counts\":{\"a\":0}}"));
    }

    private static FixedEdgeHistogram Of(double[] values)
    {
        var h = new FixedEdgeHistogram(Edges);
        h.Add(values);
        return h;
    }

    private static CategoryCounts Of(string[] values)
    {
        var c = new CategoryCounts();
        foreach (string v in values)
        {
            c.Add(v);
        }

        return c;
    }
}
