using System.Text.Json;
using MlSystems.Drift.Tests.Support;
using MlSystems.Statistics.Summaries;

namespace MlSystems.Drift.Tests.TwoSample;

/// <summary>Every two-sample test against numpy/scipy (Data/generate_drift.py).</summary>
public sealed class GoldenDriftTests : IDisposable
{
    private const double Relative = 1e-12;
    private readonly DriftGolden golden = new();

    public void Dispose() => golden.Dispose();

    [Fact]
    public void Numeric_tests_match_numpy_and_scipy()
    {
        int rows = 0;
        foreach (JsonElement row in golden.Root.GetProperty("numeric").EnumerateArray())
        {
            rows++;
            string name = $"{row.GetProperty("reference").GetString()} vs {row.GetProperty("current").GetString()}";
            double[] reference = golden.Sample(row.GetProperty("reference").GetString()!);
            double[] current = golden.Sample(row.GetProperty("current").GetString()!);

            PsiResult psi = PopulationStabilityIndex.Compute(reference, current);
            Tolerance.AssertClose(row.GetProperty("psi_quantiles").GetDouble(), psi.Value, Relative, $"PSI deciles, {name}");
            Assert.Equal(psi.Value >= 0.1, psi.Drifted);
            Tolerance.AssertClose(row.GetProperty("psi_quantiles_20").GetDouble(), PopulationStabilityIndex.Compute(reference, current, new PsiOptions { BinCount = 20 }).Value, Relative, $"PSI 20 bins, {name}");
            Tolerance.AssertClose(row.GetProperty("psi_evidently").GetDouble(), PopulationStabilityIndex.Compute(reference, current, PsiOptions.EvidentlyCompatible).Value, Relative, $"PSI Evidently, {name}");

            DriftTestResult js = JensenShannon.Compute(reference, current);
            Tolerance.AssertClose(row.GetProperty("jensenshannon").GetDouble(), js.Statistic, Relative, $"JS, {name}");
            Assert.Equal(Math.E, js.Details["logBase"]);
            Tolerance.AssertClose(row.GetProperty("jensenshannon_base2").GetDouble(), JensenShannon.Compute(reference, current, logBase: 2).Statistic, Relative, $"JS base 2, {name}");
            Tolerance.AssertClose(row.GetProperty("hellinger").GetDouble(), Hellinger.Compute(reference, current).Statistic, Relative, $"Hellinger, {name}");

            DriftTestResult w = Wasserstein.Compute(reference, current);
            Tolerance.AssertClose(row.GetProperty("wasserstein").GetDouble(), w.Details["raw"], Relative, $"Wasserstein, {name}");
            Tolerance.AssertClose(row.GetProperty("wasserstein").GetDouble() / row.GetProperty("reference_std").GetDouble(), w.Statistic, Relative, $"Wasserstein normed, {name}");
            Tolerance.AssertClose(row.GetProperty("wasserstein").GetDouble(), Wasserstein.Distance(reference, current), Relative, $"Wasserstein distance, {name}");
        }

        Assert.Equal(6, rows);
    }

    [Fact]
    public void Categorical_tests_match_scipy_and_handle_new_and_lost_categories()
    {
        IDriftTest psiTest = new DriftTestRegistry().Get("psi", FeatureKind.Categorical);
        int rows = 0;
        foreach (JsonElement row in golden.Root.GetProperty("categorical").EnumerateArray())
        {
            rows++;
            string name = $"{row.GetProperty("reference").GetString()} vs {row.GetProperty("current").GetString()}";
            CategoryCounts reference = golden.Categories(row.GetProperty("reference").GetString()!);
            CategoryCounts current = golden.Categories(row.GetProperty("current").GetString()!);

            DriftTestResult chi = ChiSquaredTest.Compute(reference, current);
            Tolerance.AssertClose(row.GetProperty("chi2").GetDouble(), chi.Statistic, Relative, $"chi2, {name}");
            Tolerance.AssertClose(row.GetProperty("chi2_p").GetDouble(), chi.PValue!.Value, 1e-10, $"chi2 p, {name}");
            Tolerance.AssertClose(row.GetProperty("cramers_v").GetDouble(), chi.EffectSize, Relative, $"Cramér's V, {name}");
            Assert.Equal(chi.PValue < 0.05, chi.Drifted);

            Tolerance.AssertClose(row.GetProperty("jensenshannon").GetDouble(), JensenShannon.Compute(reference, current).Statistic, Relative, $"JS, {name}");
            Tolerance.AssertClose(row.GetProperty("hellinger").GetDouble(), Hellinger.Compute(reference, current).Statistic, Relative, $"Hellinger, {name}");
            Tolerance.AssertClose(row.GetProperty("linf").GetDouble(), LInfinity.Compute(reference, current).Statistic, Relative, $"L-infinity, {name}");

            // PSI over categories runs through the registry, as a report runs it: a profile of the reference, a column of the current.
            FeatureProfile profile = ReferenceProfile.Fit(new DriftDataset([Expand("c", reference)])).Features[0];
            DriftTestResult psi = psiTest.Evaluate(profile, Expand("c", current), psiTest.DefaultThreshold);
            Tolerance.AssertClose(row.GetProperty("psi").GetDouble(), psi.Statistic, Relative, $"PSI over categories, {name}");
        }

        Assert.Equal(4, rows);
    }

    [Fact]
    public void Two_proportion_z_test_matches_scipy()
    {
        int rows = 0;
        foreach (JsonElement row in golden.Root.GetProperty("z").EnumerateArray())
        {
            rows++;
            DriftTestResult z = TwoProportionZTest.Compute(row.GetProperty("s1").GetInt64(), row.GetProperty("n1").GetInt64(), row.GetProperty("s2").GetInt64(), row.GetProperty("n2").GetInt64());
            Assert.Equal(row.GetProperty("z").GetDouble(), z.Statistic, 12);
            Tolerance.AssertClose(row.GetProperty("p").GetDouble(), z.PValue!.Value, 1e-10, $"z-test p for {row}");
        }

        Assert.Equal(5, rows);
    }

    /// <summary>A categorical column holding each category as often as it is counted.</summary>
    private static FeatureColumn Expand(string name, CategoryCounts counts) =>
        FeatureColumn.Categorical(name, counts.Entries.SelectMany(c => Enumerable.Repeat<string?>(c.Key, (int)c.Value)));
}
