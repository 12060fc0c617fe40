using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit.Abstractions;

namespace MlSystems.Statistics.Tests.Distributions;

public sealed class KolmogorovSmirnovTwoSampleTests(ITestOutputHelper output)
{
    [Fact]
    public void Exact_p_values_and_failures_match_scipy_attempt_exact_2kssamp()
    {
        GoldenCsv csv = GoldenCsv.Load("ks2_exact.csv");
        var byCase = new SortedDictionary<string, ScipyTolerance>(StringComparer.Ordinal);
        int failures = 0;
        int oneSidedRows = 0;
        foreach (string[] row in csv.Rows)
        {
            int n1 = csv.Int(row, "n1");
            int n2 = csv.Int(row, "n2");
            double d = csv.Double(row, "d");
            bool twoSided = csv.Text(row, "tail") == "two-sided";
            bool success = csv.Int(row, "success") == 1;
            string label = (twoSided ? "two-sided" : "one-sided") + (n1 == n2 ? ", n1 == n2" : ", n1 != n2");
            ScipyTolerance check = Tracker(byCase, label);

            // The two one-sided tails share one distribution (checked by a property below), so the
            // rows alternate between them rather than paying for both.
            KsAlternative tail = twoSided ? KsAlternative.TwoSided : (oneSidedRows++ % 2 == 0 ? KsAlternative.Greater : KsAlternative.Less);
            string context = Invariant($"n1={n1}, n2={n2}, d={d:R}, {tail}");
            bool ok = KolmogorovSmirnovTwoSample.TryExactPValue(n1, n2, d, tail, out double p);
            if (ok != success)
            {
                check.Fail($"{context}: scipy success={success}, ours={ok}");
            }
            else if (success)
            {
                check.Check(csv.Double(row, "p"), p, context);
            }
            else
            {
                failures++;
                Assert.True(double.IsNaN(p), context);
            }
        }

        output.WriteLine($"exact computations that fail as in scipy: {failures}");
        Assert.True(failures > 0, "The golden data should include scipy's failures.");
        foreach ((string label, ScipyTolerance check) in byCase)
        {
            check.AssertAll(output, "ks2 exact " + label);
        }
    }

    [Fact]
    public void Asymptotic_p_values_match_scipy_ks_2samp_asymp()
    {
        GoldenCsv csv = GoldenCsv.Load("ks2_asymp.csv");
        var twoSided = new ScipyTolerance();
        var oneSided = new ScipyTolerance();
        foreach (string[] row in csv.Rows)
        {
            int n1 = csv.Int(row, "n1");
            int n2 = csv.Int(row, "n2");
            double d = csv.Double(row, "d");
            double expected = csv.Double(row, "p");
            string context = Invariant($"n1={n1}, n2={n2}, d={d:R}");
            if (csv.Text(row, "tail") == "two-sided")
            {
                twoSided.Check(expected, KolmogorovSmirnovTwoSample.AsymptoticPValue(n1, n2, d, KsAlternative.TwoSided), context);
            }
            else
            {
                oneSided.Check(expected, KolmogorovSmirnovTwoSample.AsymptoticPValue(n1, n2, d, KsAlternative.Less), context);
                oneSided.Check(expected, KolmogorovSmirnovTwoSample.AsymptoticPValue(n1, n2, d, KsAlternative.Greater), context);
            }
        }

        twoSided.AssertAll(output, "ks2 asymp two-sided");
        oneSided.AssertAll(output, "ks2 asymp one-sided");
    }

    /// <summary>
    /// Replays scipy's own TestKSTwoSamples cases through ks_2samp's method selection (exact when
    /// both sizes are at most 10,000 under "auto", asymptotic at the lattice-rounded statistic when the
    /// exact computation fails) and checks both scipy's computed p-value and the published one.
    /// </summary>
    [Fact]
    public void Scipy_TestKSTwoSamples_cases_are_reproduced()
    {
        GoldenCsv csv = GoldenCsv.Load("ks2_scipy_tests.csv");
        var check = new ScipyTolerance();
        foreach (string[] row in csv.Rows)
        {
            int n1 = csv.Int(row, "n1");
            int n2 = csv.Int(row, "n2");
            double d = csv.Double(row, "d");
            string method = csv.Text(row, "method");
            KsAlternative tail = csv.Text(row, "alternative") switch
            {
                "two-sided" => KsAlternative.TwoSided,
                "less" => KsAlternative.Less,
                _ => KsAlternative.Greater,
            };

            double p = Ks2Samp(n1, n2, d, tail, method);
            string context = Invariant($"{csv.Text(row, "case")} n1={n1}, n2={n2}, d={d:R}, {tail}, {method}");
            check.Check(csv.Double(row, "p"), p, context);
            double published = csv.Double(row, "published_p");
            if (!double.IsNaN(published))
            {
                // scipy's assertion: assert_array_almost_equal with 6 decimals.
                Assert.True(Math.Abs(p - published) < 1.5e-6, $"{context}: published {published:R}, got {p:R}");
            }
        }

        check.AssertAll(output, "ks_2samp test cases");
    }

    [Fact]
    public void ExactPValue_returns_the_exact_value_or_throws_where_the_computation_fails()
    {
        Assert.True(KolmogorovSmirnovTwoSample.TryExactPValue(100, 110, 232.0 / 1100, KsAlternative.TwoSided, out double p));
        Assert.Equal(p, KolmogorovSmirnovTwoSample.ExactPValue(100, 110, 232.0 / 1100, KsAlternative.TwoSided));

        // scipy's test_warnings_gh_14019: one-sided, sizes 881 and 369, exact counting overflows.
        Assert.False(KolmogorovSmirnovTwoSample.TryExactPValue(881, 369, 0.5, KsAlternative.Less, out double failed));
        Assert.True(double.IsNaN(failed));
        Assert.Throws<ArithmeticException>(() => KolmogorovSmirnovTwoSample.ExactPValue(881, 369, 0.5, KsAlternative.Less));

        // Equal sizes, two-sided, small d: rounding pushes scipy's result above 1, which it rejects.
        Assert.False(KolmogorovSmirnovTwoSample.TryExactPValue(1000, 1000, 0.001, KsAlternative.TwoSided, out _));
    }

    [Fact]
    public void Small_cases_agree_with_hand_counted_lattice_paths()
    {
        // Sizes 2 and 4: of the C(6,2) = 15 orderings, 14 have D >= 1/2 and 6 have D >= 3/4.
        Assert.Equal(14.0 / 15, KolmogorovSmirnovTwoSample.ExactPValue(2, 4, 0.5, KsAlternative.TwoSided), 15);
        Assert.Equal(6.0 / 15, KolmogorovSmirnovTwoSample.ExactPValue(2, 4, 0.75, KsAlternative.TwoSided), 15);
        Assert.Equal(3.0 / 15, KolmogorovSmirnovTwoSample.ExactPValue(4, 2, 0.75, KsAlternative.Greater), 15);

        // Equal sizes 3 and 3: P(D+ >= 1/3) = C(6,2)/C(6,3) = 15/20.
        Assert.Equal(0.75, KolmogorovSmirnovTwoSample.ExactPValue(3, 3, 1.0 / 3, KsAlternative.Less), 15);
        Assert.Equal(1.0, KolmogorovSmirnovTwoSample.ExactPValue(3, 3, 0.0, KsAlternative.TwoSided));
    }

    [Fact]
    public void The_statistic_is_rounded_to_the_lattice_with_ties_to_even()
    {
        // lcm(1000, 1000) = 1000; 0.0025·1000 = 2.5 rounds to 2 and 0.0035·1000 = 3.5 to 4.
        Assert.Equal(
            KolmogorovSmirnovTwoSample.ExactPValue(1000, 1000, 0.002, KsAlternative.Greater),
            KolmogorovSmirnovTwoSample.ExactPValue(1000, 1000, 0.0025, KsAlternative.Greater));
        Assert.Equal(
            KolmogorovSmirnovTwoSample.ExactPValue(1000, 1000, 0.004, KsAlternative.Greater),
            KolmogorovSmirnovTwoSample.ExactPValue(1000, 1000, 0.0035, KsAlternative.Greater));
    }

    [Fact]
    public void Asymptotic_two_sided_is_NaN_only_for_two_single_observations()
    {
        Assert.True(double.IsNaN(KolmogorovSmirnovTwoSample.AsymptoticPValue(1, 1, 0.5, KsAlternative.TwoSided)));
        Assert.False(double.IsNaN(KolmogorovSmirnovTwoSample.AsymptoticPValue(1, 1, 0.5, KsAlternative.Greater)));
        Assert.False(double.IsNaN(KolmogorovSmirnovTwoSample.AsymptoticPValue(1, 2, 0.5, KsAlternative.TwoSided)));
    }

    [Fact]
    public void Lattices_too_fine_for_32_bit_integers_fall_back_like_scipy()
    {
        // (n1/g)·(n2/g) = 50000·50001 exceeds int32: scipy's exact mode switches to asymp.
        Assert.False(KolmogorovSmirnovTwoSample.TryExactPValue(50000, 50001, 0.01, KsAlternative.TwoSided, out double p));
        Assert.True(double.IsNaN(p));
    }

    [Theory]
    [InlineData(0, 5, "n1")]
    [InlineData(5, 0, "n2")]
    [InlineData(-1, 5, "n1")]
    [InlineData(5, int.MinValue, "n2")]
    public void Sample_sizes_below_one_are_rejected(int n1, int n2, string name)
    {
        Assert.Equal(name, Assert.Throws<ArgumentOutOfRangeException>(() => KolmogorovSmirnovTwoSample.TryExactPValue(n1, n2, 0.5, KsAlternative.TwoSided, out _)).ParamName);
        Assert.Equal(name, Assert.Throws<ArgumentOutOfRangeException>(() => KolmogorovSmirnovTwoSample.ExactPValue(n1, n2, 0.5, KsAlternative.TwoSided)).ParamName);
        Assert.Equal(name, Assert.Throws<ArgumentOutOfRangeException>(() => KolmogorovSmirnovTwoSample.AsymptoticPValue(n1, n2, 0.5, KsAlternative.TwoSided)).ParamName);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(-0.25)]
    [InlineData(1.25)]
    [InlineData(double.PositiveInfinity)]
    public void Statistics_outside_the_unit_interval_are_rejected(double d)
    {
        Assert.Equal("d", Assert.Throws<ArgumentOutOfRangeException>(() => KolmogorovSmirnovTwoSample.TryExactPValue(3, 4, d, KsAlternative.Less, out _)).ParamName);
        Assert.Equal("d", Assert.Throws<ArgumentOutOfRangeException>(() => KolmogorovSmirnovTwoSample.ExactPValue(3, 4, d, KsAlternative.Less)).ParamName);
        Assert.Equal("d", Assert.Throws<ArgumentOutOfRangeException>(() => KolmogorovSmirnovTwoSample.AsymptoticPValue(3, 4, d, KsAlternative.Less)).ParamName);
    }

    [Fact]
    public void Undefined_tails_are_rejected()
    {
        const KsAlternative bogus = (KsAlternative)7;
        Assert.Equal("alternative", Assert.Throws<ArgumentOutOfRangeException>(() => KolmogorovSmirnovTwoSample.TryExactPValue(3, 4, 0.5, bogus, out _)).ParamName);
        Assert.Equal("alternative", Assert.Throws<ArgumentOutOfRangeException>(() => KolmogorovSmirnovTwoSample.AsymptoticPValue(3, 4, 0.5, bogus)).ParamName);
    }

    [Property(MaxTest = 200)]
    public Property Exact_p_values_are_symmetric_in_the_sizes_and_tail_direction_and_monotone_in_d()
    {
        Gen<(int N1, int N2, int H1, int H2)> gen =
            from n1 in Gen.Choose(1, 60)
            from n2 in Gen.Choose(1, 60)
            from a in Gen.Choose(0, 1000)
            from b in Gen.Choose(0, 1000)
            select (n1, n2, Math.Min(a, b), Math.Max(a, b));
        return Prop.ForAll(Arb.From(gen), c =>
        {
            double d1 = c.H1 / 1000.0;
            double d2 = c.H2 / 1000.0;
            bool ok = true;
            foreach (KsAlternative tail in new[] { KsAlternative.TwoSided, KsAlternative.Greater })
            {
                bool ok1 = KolmogorovSmirnovTwoSample.TryExactPValue(c.N1, c.N2, d1, tail, out double p1);
                bool ok2 = KolmogorovSmirnovTwoSample.TryExactPValue(c.N1, c.N2, d2, tail, out double p2);
                bool swapped = KolmogorovSmirnovTwoSample.TryExactPValue(c.N2, c.N1, d1, tail, out double p1Swapped);
                // Equal sizes with h = 1 fail two-sided as in scipy (rounding takes the result past 1).
                ok &= ok1 == swapped && (!ok1 || p1 == p1Swapped) && (!(ok1 && ok2) || p2 <= p1 + 1e-12);
            }

            KolmogorovSmirnovTwoSample.TryExactPValue(c.N1, c.N2, d1, KsAlternative.Less, out double less);
            KolmogorovSmirnovTwoSample.TryExactPValue(c.N1, c.N2, d1, KsAlternative.Greater, out double greater);
            return ok && less == greater;
        });
    }

    [Property(MaxTest = 200)]
    public Property Asymptotic_p_values_are_symmetric_and_monotone_in_d()
    {
        Gen<(int N1, int N2, double D1, double D2)> gen =
            from n1 in Gen.Choose(1, 100_000)
            from n2 in Gen.Choose(2, 100_000)
            from a in Gen.Choose(0, 10_000)
            from b in Gen.Choose(0, 10_000)
            select (n1, n2, Math.Min(a, b) / 10_000.0, Math.Max(a, b) / 10_000.0);
        return Prop.ForAll(Arb.From(gen), c =>
        {
            bool ok = true;
            foreach (KsAlternative tail in new[] { KsAlternative.TwoSided, KsAlternative.Less })
            {
                double p1 = KolmogorovSmirnovTwoSample.AsymptoticPValue(c.N1, c.N2, c.D1, tail);
                double p2 = KolmogorovSmirnovTwoSample.AsymptoticPValue(c.N1, c.N2, c.D2, tail);
                ok &= p1 == KolmogorovSmirnovTwoSample.AsymptoticPValue(c.N2, c.N1, c.D1, tail) && p2 <= p1 + 1e-12;
            }

            return ok;
        });
    }

    /// <summary>The p-value ks_2samp reports for a given statistic and method.</summary>
    private static double Ks2Samp(int n1, int n2, double d, KsAlternative tail, string method)
    {
        if (method == "asymp" || (method == "auto" && Math.Max(n1, n2) > 10000))
        {
            return KolmogorovSmirnovTwoSample.AsymptoticPValue(n1, n2, d, tail);
        }

        if (KolmogorovSmirnovTwoSample.TryExactPValue(n1, n2, d, tail, out double p))
        {
            return p;
        }

        long g = (long)System.Numerics.BigInteger.GreatestCommonDivisor(n1, n2);
        long lcm = n1 / g * n2;
        double lattice = Math.Round(d * lcm, MidpointRounding.ToEven) / lcm;
        return KolmogorovSmirnovTwoSample.AsymptoticPValue(n1, n2, lattice, tail);
    }

    private static ScipyTolerance Tracker(SortedDictionary<string, ScipyTolerance> trackers, string key)
    {
        if (!trackers.TryGetValue(key, out ScipyTolerance? tracker))
        {
            tracker = new ScipyTolerance();
            trackers[key] = tracker;
        }

        return tracker;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
