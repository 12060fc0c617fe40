using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MlSystems.Statistics.Summaries;
using MlSystems.Statistics.Tests.Support;

namespace MlSystems.Statistics.Tests.Summaries;

public sealed class KllSketchTests
{
    public static TheoryData<string> Streams => new() { "random", "sorted", "reversed", "few-distinct", "lognormal" };

    [Theory]
    [MemberData(nameof(Streams))]
    public void Rank_error_stays_within_the_stated_bound(string stream)
    {
        double[] x = Stream(stream, 200_000, seed: 17);
        var sketch = new KllSketch();
        sketch.Add(x);
        double[] sorted = (double[])x.Clone();
        Array.Sort(sorted);

        double bound = sketch.NormalizedRankError;
        Assert.Equal(0.0165, bound, 4);
        Assert.True(sketch.RetainedItems < 3 * sketch.K, $"{sketch.RetainedItems} items retained");
        for (int i = 1; i < 100; i++)
        {
            double p = i / 100.0;
            double q = sketch.Quantile(p);
            double below = LowerBound(sorted, q) / (double)x.Length;
            double atOrBelow = UpperBound(sorted, q) / (double)x.Length;
            // The true rank of q is an interval when q repeats; p must lie within ε of it.
            Assert.True(p >= below - bound && p <= atOrBelow + bound, $"{stream} p={p}: q={q:R} has true rank [{below}, {atOrBelow}]");

            double probe = sorted[(int)(p * (x.Length - 1))];
            Assert.InRange(sketch.Rank(probe) - (UpperBound(sorted, probe) / (double)x.Length), -bound, bound);
        }

        Assert.Equal(sorted[0], sketch.Min);
        Assert.Equal(sorted[^1], sketch.Max);
        Assert.Equal(sorted[0], sketch.Quantile(0));
        Assert.Equal(sorted[^1], sketch.Quantile(1));
    }

    [Fact]
    public void Merged_sketches_from_eight_hosts_keep_the_bound()
    {
        double[] x = Stream("random", 160_000, seed: 5);
        KllSketch merged = new();
        for (int host = 0; host < 8; host++)
        {
            var local = new KllSketch(seed: (ulong)host + 1);
            local.Add(x.AsSpan(host * 20_000, 20_000));
            merged.Merge(local);
        }

        double[] sorted = (double[])x.Clone();
        Array.Sort(sorted);
        Assert.Equal(x.Length, merged.Count);
        for (int i = 1; i < 20; i++)
        {
            double p = i / 20.0;
            double rank = UpperBound(sorted, merged.Quantile(p)) / (double)x.Length;
            Assert.InRange(rank - p, -merged.NormalizedRankError, merged.NormalizedRankError + (1.0 / x.Length));
        }
    }

    [Property(MaxTest = 60)]
    public Property Merge_is_commutative_and_keeps_count_min_and_max() =>
        Prop.ForAll(Generators.ThreeSamples(maxLength: 1500).Generator.Select(p => p).ToArbitrary(), parts =>
        {
            KllSketch a = Of(parts.A, seed: 1), b = Of(parts.B, seed: 2), c = Of(parts.C, seed: 3);
            bool commutative = KllSketch.Combine(a, b).ToJson() == KllSketch.Combine(b, a).ToJson();
            KllSketch left = KllSketch.Combine(KllSketch.Combine(a, b), c);
            KllSketch right = KllSketch.Combine(a, KllSketch.Combine(b, c));
            double[] all = [.. parts.A, .. parts.B, .. parts.C];
            bool exactParts = left.Count == all.Length && right.Count == all.Length
                && (all.Length == 0 || (left.Min == all.Min() && left.Max == all.Max() && right.Min == left.Min && right.Max == left.Max));
            return commutative && exactParts;
        });

    [Fact]
    public void Same_input_and_seed_give_the_same_sketch_and_json_round_trips()
    {
        double[] x = Stream("lognormal", 50_000, seed: 3);
        KllSketch first = Of(x, seed: 9), second = Of(x, seed: 9);
        Assert.Equal(first.ToJson(), second.ToJson());
        KllSketch back = KllSketch.FromJson(first.ToJson());
        Assert.Equal(first.ToJson(), back.ToJson());
        Assert.Equal(first.Quantile(0.37), back.Quantile(0.37));

        back.Add(1.0);
        first.Add(1.0);
        Assert.Equal(first.ToJson(), back.ToJson());
    }

    [Fact]
    public void Bad_arguments_and_tampered_json_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new KllSketch(k: 4));
        var sketch = new KllSketch();
        Assert.Throws<InvalidOperationException>(() => sketch.Quantile(0.5));
        Assert.Equal("value", Assert.Throws<ArgumentException>(() => sketch.Add(double.NaN)).ParamName);
        sketch.Add([1.0, 2.0, 3.0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => sketch.Quantile(1.5));
        Assert.Throws<ArgumentException>(() => sketch.Rank(double.NaN));
        Assert.Throws<ArgumentException>(() => sketch.Merge(new KllSketch(k: 100)));

        string json = sketch.ToJson();
        Assert.Throws<ArgumentException>(() => KllSketch.FromJson(json.Replace("\"count\":3", "\"count\":4", StringComparison.Ordinal)));
        Assert.Throws<ArgumentException>(() => KllSketch.FromJson(json.Replace("\"min\":1", "\"min\":2", StringComparison.Ordinal)));
    }

    private static KllSketch Of(double[] values, ulong seed)
    {
        var sketch = new KllSketch(seed: seed);
        sketch.Add(values);
        return sketch;
    }

    private static double[] Stream(string kind, int n, int seed)
    {
        var random = new Random(seed);
        double[] x = kind switch
        {
            "few-distinct" => Enumerable.Range(0, n).Select(_ => (double)random.Next(5)).ToArray(),
            "lognormal" => Enumerable.Range(0, n).Select(_ => Math.Exp(3 * (random.NextDouble() - 0.5))).ToArray(),
            _ => Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToArray(),
        };
        if (kind == "sorted")
        {
            Array.Sort(x);
        }
        else if (kind == "reversed")
        {
            Array.Sort(x);
            Array.Reverse(x);
        }

        return x;
    }

    private static int LowerBound(double[] sorted, double value)
    {
        int index = Array.BinarySearch(sorted, value);
        if (index < 0)
        {
            return ~index;
        }

        while (index > 0 && sorted[index - 1] == value)
        {
            index--;
        }

        return index;
    }

    private static int UpperBound(double[] sorted, double value)
    {
        int index = Array.BinarySearch(sorted, value);
        if (index < 0)
        {
            return ~index;
        }

        while (index < sorted.Length - 1 && sorted[index + 1] == value)
        {
            index++;
        }

        return index + 1;
    }
}
