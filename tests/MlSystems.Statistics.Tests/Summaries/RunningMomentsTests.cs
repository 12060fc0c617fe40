using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MlSystems.Statistics.Summaries;
using MlSystems.Statistics.Tests.Support;

namespace MlSystems.Statistics.Tests.Summaries;

public sealed class RunningMomentsTests
{
    private const double MachineEpsilon = 2.220446049250313e-16;

    [Fact]
    public void Moments_match_scipy_for_every_golden_sample()
    {
        using JsonDocument golden = GoldenFile.Json("kernels.json");
        Dictionary<string, double[]> samples = GoldenData.Samples(golden);
        foreach (JsonElement row in golden.RootElement.GetProperty("moments").EnumerateArray())
        {
            string name = row.GetProperty("name").GetString()!;
            double[] x = samples[name];
            if (name == "large_magnitudes_200")
            {
                // Deviations near 1e150 put the fourth moment past double range: refused, where SpanStatistics.MeanVariance copes.
                Assert.Throws<ArgumentException>(() => new RunningMoments().Add(x));
                continue;
            }

            var bulk = new RunningMoments();
            bulk.Add(x);
            var single = new RunningMoments();
            foreach (double v in x)
            {
                single.Add(v);
            }

            foreach (RunningMoments m in new[] { bulk, single })
            {
                Assert.Equal(x.Length, m.Count);
                Assert.Equal(row.GetProperty("min").GetDouble(), m.Min);
                Assert.Equal(row.GetProperty("max").GetDouble(), m.Max);
                // Streaming updates carry each running mean's rounding (ε·|mean|) into M2, so the attainable relative
                // error scales with the condition number |mean|/σ; numpy's two-pass over the whole array avoids that.
                double variance = row.GetProperty("var_ddof0").GetDouble();
                double condition = variance > 0 ? 1 + (Math.Abs(m.Mean) / Math.Sqrt(variance)) : 1;
                Tolerance.AssertClose(variance, m.PopulationVariance, 64 * condition * MachineEpsilon, name);
                if (row.GetProperty("skew").ValueKind == JsonValueKind.Number)
                {
                    // Skewness and kurtosis of a nearly symmetric sample are differences of nearly equal terms, so compare absolutely.
                    double tolerance = 1e-10 + (64 * condition * MachineEpsilon);
                    Assert.Equal(row.GetProperty("skew").GetDouble(), m.Skewness, tolerance);
                    Assert.Equal(row.GetProperty("kurtosis").GetDouble(), m.ExcessKurtosis, tolerance);
                }
            }
        }
    }

    [Fact]
    public void Empty_summary_reports_nan_statistics_and_zero_count()
    {
        var m = new RunningMoments();
        Assert.Equal(0, m.Count);
        Assert.True(double.IsNaN(m.Mean) && double.IsNaN(m.Min) && double.IsNaN(m.SampleVariance) && double.IsNaN(m.Skewness));
    }

    [Fact]
    public void Non_finite_values_are_refused_and_leave_the_summary_unchanged()
    {
        var m = new RunningMoments();
        m.Add([1.0, 2.0]);
        string before = m.ToJson();
        Assert.Equal("value", Assert.Throws<ArgumentException>(() => m.Add(double.NaN)).ParamName);
        Assert.Equal("value", Assert.Throws<ArgumentException>(() => m.Add(double.PositiveInfinity)).ParamName);
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => m.Add([3.0, double.NegativeInfinity])).ParamName);
        Assert.Contains("1 of 2 values are NaN", Assert.Throws<ArgumentException>(() => m.Add([3.0, double.NaN])).Message, StringComparison.Ordinal);
        Assert.Equal(before, m.ToJson());
        m.Add([3.0, double.NaN], NaNPolicy.Omit);
        Assert.Equal(3, m.Count);
    }

    [Fact]
    public void Json_round_trips_bit_for_bit_and_rejects_foreign_or_broken_input()
    {
        var m = new RunningMoments();
        m.Add(TestInputs.Finite(1000, 3));
        RunningMoments back = RunningMoments.FromJson(m.ToJson());
        Assert.Equal(m.ToJson(), back.ToJson());
        Assert.Equal(m.Skewness, back.Skewness);
        Assert.Equal(new RunningMoments().ToJson(), RunningMoments.FromJson(new RunningMoments().ToJson()).ToJson());
        Assert.Contains("\"min\":\"NaN\",\"max\":\"NaN\"", new RunningMoments().ToJson(), StringComparison.Ordinal);

        Assert.Equal("json", Assert.Throws<ArgumentException>(() => RunningMoments.FromJson("{\"type\":\"histogram\",\"version\":1}")).ParamName);
        Assert.Equal("json", Assert.Throws<ArgumentException>(() => RunningMoments.FromJson("{\"type\":\"moments\",\"version\":99}")).ParamName);
        Assert.Equal("json", Assert.Throws<ArgumentException>(() => RunningMoments.FromJson("{\"type\":\"moments\",\"version\":1,\"count\":-1,\"mean\":0,\"m2\":0,\"m3\":0,\"m4\":0,\"min\":\"NaN\",\"max\":\"NaN\"}")).ParamName);
        Assert.Contains("not a number", Assert.Throws<ArgumentException>(() => RunningMoments.FromJson("{\"type\":\"moments\",\"version\":1,\"count\":0,\"mean\":\"zero\",\"m2\":0,\"m3\":0,\"m4\":0,\"min\":\"NaN\",\"max\":\"NaN\"}")).Message, StringComparison.Ordinal);
        Assert.Equal("json", Assert.Throws<ArgumentException>(() => RunningMoments.FromJson("not json")).ParamName);
    }

    [Property(MaxTest = 150)]
    public Property Merge_is_commutative_bit_for_bit_and_associative_within_rounding() =>
        Prop.ForAll(Generators.ThreeSamples(), parts =>
        {
            RunningMoments a = Of(parts.A), b = Of(parts.B), c = Of(parts.C);
            bool commutative = RunningMoments.Combine(a, b).ToJson() == RunningMoments.Combine(b, a).ToJson();
            RunningMoments left = RunningMoments.Combine(RunningMoments.Combine(a, b), c);
            RunningMoments right = RunningMoments.Combine(a, RunningMoments.Combine(b, c));
            RunningMoments whole = Of([.. parts.A, .. parts.B, .. parts.C]);
            return commutative && Close(left, right) && Close(left, whole);
        });

    private static RunningMoments Of(double[] values)
    {
        var m = new RunningMoments();
        m.Add(values);
        return m;
    }

    private static bool Close(RunningMoments x, RunningMoments y)
    {
        if (x.Count != y.Count || !x.Min.Equals(y.Min) || !x.Max.Equals(y.Max))
        {
            return false;
        }

        if (x.Count == 0)
        {
            return true;
        }

        double scale = Math.Max(Math.Abs(x.Min), Math.Abs(x.Max)) + 1;
        return Math.Abs(x.Mean - y.Mean) <= 1e-12 * scale
            && Math.Abs(x.SumOfSquaredDeviations - y.SumOfSquaredDeviations) <= 1e-10 * (x.SumOfSquaredDeviations + (scale * scale));
    }
}
