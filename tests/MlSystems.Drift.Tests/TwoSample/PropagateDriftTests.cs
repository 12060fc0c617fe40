using MlSystems.Statistics;

namespace MlSystems.Drift.Tests.TwoSample;

/// <summary>On request, NaN and ±∞ give a NaN statistic that does not count as drift, instead of an exception.</summary>
public sealed class PropagateDriftTests
{
    private static readonly double[] Clean = [.. Enumerable.Range(0, 200).Select(i => Math.Sin(i))];
    private static readonly double[] Dirty = [.. Clean.Select((v, i) => i == 7 ? double.NaN : i == 9 ? double.PositiveInfinity : v)];

    [Fact]
    public void Every_numeric_test_returns_nan_and_no_drift()
    {
        KsResult ks = KolmogorovSmirnov.TwoSample(Clean, Dirty, nanPolicy: NaNPolicy.Propagate);
        Assert.True(double.IsNaN(ks.Statistic) && double.IsNaN(ks.PValue) && !ks.Drifted);
        Assert.Equal(200, ks.CurrentCount);

        PsiResult psi = PopulationStabilityIndex.Compute(Dirty, Clean, new PsiOptions { NaNPolicy = NaNPolicy.Propagate });
        Assert.True(double.IsNaN(psi.Value) && !psi.Drifted);

        foreach (DriftTestResult r in new[]
        {
            JensenShannon.Compute(Clean, Dirty, nanPolicy: NaNPolicy.Propagate),
            Hellinger.Compute(Clean, Dirty, nanPolicy: NaNPolicy.Propagate),
            Wasserstein.Compute(Clean, Dirty, nanPolicy: NaNPolicy.Propagate),
        })
        {
            Assert.True(double.IsNaN(r.Statistic) && !r.Drifted, r.TestName);
        }
    }

    [Fact]
    public void Clean_samples_give_the_same_result_as_under_reject()
    {
        double[] shifted = [.. Clean.Select(v => v + 0.2)];
        Assert.Equal(KolmogorovSmirnov.TwoSample(Clean, shifted).PValue, KolmogorovSmirnov.TwoSample(Clean, shifted, nanPolicy: NaNPolicy.Propagate).PValue);
        Assert.Equal(PopulationStabilityIndex.Compute(Clean, shifted).Value, PopulationStabilityIndex.Compute(Clean, shifted, new PsiOptions { NaNPolicy = NaNPolicy.Propagate }).Value);
        Assert.Equal(Wasserstein.Compute(Clean, shifted).Statistic, Wasserstein.Compute(Clean, shifted, nanPolicy: NaNPolicy.Propagate).Statistic);
    }
}
