namespace MlSystems.Drift;

/// <summary>
/// Compiles the drift kernels before the first real call needs them. A monitor calls a drift test every few minutes or
/// hours, too rarely for tiered compilation ever to promote the code, and the kernels are compiled fully optimised on
/// their first call instead: in a fresh process that first call spends tens of milliseconds in the JIT (PSI on 1e6
/// against 1e6 values: about 45 ms of compilation against 3 ms of work; see <c>benchmarks/README.md</c>, "Cold start").
/// Running a warm-up on a background thread when a service starts moves that cost off the first check.
/// </summary>
/// <remarks>
/// <para>A warm-up computes real results on synthetic data and discards them; it changes no state the library keeps, so
/// it may run concurrently with real calls (a method being compiled by one thread is waited for by the others, not
/// compiled twice). It does not pre-fault the memory a large call rents: the first call on a million values still
/// pays for the pages its scratch buffers touch for the first time.</para>
/// <para>Only the code a warm-up reaches is compiled: <see cref="Run()"/> reaches every built-in test on large enough
/// inputs to take their parallel paths; <see cref="Run(ReferenceProfile, int, DriftReportOptions?, DriftTestRegistry?)"/>
/// reaches exactly what a report against that profile and those options reaches, a custom test included.</para>
/// </remarks>
public static class DriftWarmUp
{
    /// <summary>Values per sample in <see cref="Run()"/>: two of them reach every parallel threshold (the largest, the
    /// ECDF walk's, is 2²⁰ values of both samples together).</summary>
    private const int SampleLength = 1 << 19;

    /// <summary>Values of the exact-sample profile: within <see cref="ProfileOptions.MaxExactSampleSize"/>'s default.</summary>
    private const int ExactProfileLength = 50_000;

    private const int CategoricalLength = 4096;

    private static readonly string[] NumericTests =
        [DriftTestNames.KolmogorovSmirnov, DriftTestNames.PopulationStabilityIndex, DriftTestNames.Wasserstein, DriftTestNames.JensenShannon, DriftTestNames.Hellinger];

    private static readonly string[] CategoricalTests =
        [DriftTestNames.ChiSquared, DriftTestNames.TwoProportionZ, DriftTestNames.LInfinity, DriftTestNames.PopulationStabilityIndex, DriftTestNames.JensenShannon, DriftTestNames.Hellinger];

    /// <summary>
    /// Runs every built-in test once on synthetic samples of 2¹⁹ values: the two-sample calls (KS, PSI, Wasserstein,
    /// Jensen–Shannon, Hellinger); profiles fitted with an exact sample and with a sketch only, and reports against each
    /// with every numeric test; a binned report; reports on a categorical profile with every categorical test. About
    /// 0.6 s of one core in a fresh process, nearly all of it compilation, and 40 MB of transient memory.
    /// </summary>
    public static void Run()
    {
        var random = new Random(20_261_207);
        double[] reference = SyntheticColumns.Normal(random, SampleLength, shift: 0);
        double[] current = SyntheticColumns.Normal(random, SampleLength, shift: 0.01);
        _ = KolmogorovSmirnov.TwoSample(reference, current);
        _ = PopulationStabilityIndex.Compute(reference, current);
        _ = Wasserstein.Compute(reference, current);
        _ = JensenShannon.Compute(reference, current);
        _ = Hellinger.Compute(reference, current);

        // A profile above the exact-sample limit keeps a sketch only, one within it the values: reports take other
        // branches against each.
        ReferenceProfile numeric = ReferenceProfile.Fit(new DriftDataset([FeatureColumn.Numeric("numeric", reference)]));
        ReferenceProfile exact = ReferenceProfile.Fit(new DriftDataset([FeatureColumn.Numeric("numeric", reference.AsSpan(0, ExactProfileLength))]));
        var numericWindow = new DriftDataset([FeatureColumn.Numeric("numeric", current)]);
        foreach (string test in NumericTests)
        {
            _ = DriftReport.Compute(numeric, numericWindow, new DriftReportOptions { NumericTest = test });
            _ = DriftReport.Compute(exact, numericWindow, new DriftReportOptions { NumericTest = test });
        }

        _ = DriftReport.ComputeBinned(numeric, new Dictionary<string, long[]> { ["numeric"] = numeric.Features[0].Histogram!.Counts.ToArray() });

        // Counting categories takes the same path at any size, so a small sample does.
        string[] categories = [.. Enumerable.Range(0, CategoricalLength).Select(i => i % 3 == 0 ? "yes" : "no")];
        ReferenceProfile categorical = ReferenceProfile.Fit(new DriftDataset([FeatureColumn.Categorical("categorical", categories)]));
        var categoricalWindow = new DriftDataset([FeatureColumn.Categorical("categorical", categories)]);
        foreach (string test in CategoricalTests)
        {
            _ = DriftReport.Compute(categorical, categoricalWindow, new DriftReportOptions { CategoricalTest = test });
        }
    }

    /// <summary>
    /// Computes, and discards, the report <see cref="DriftReport.Compute"/> would make against <paramref name="profile"/>
    /// for a window of <paramref name="rowCount"/> rows drawn from the profile itself: the same tests by the same rules,
    /// on the same sizes, so the same kernels are compiled. Costs one such report.
    /// </summary>
    /// <param name="profile">The reference profile the real reports will use.</param>
    /// <param name="rowCount">The rows the real windows will have (the size decides some paths); at least 1.</param>
    /// <param name="options">The report options the real reports will use; null for the defaults.</param>
    /// <param name="registry">The tests available by name; null for the built-in ones.</param>
    /// <exception cref="ArgumentNullException"><paramref name="profile"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rowCount"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">The options are invalid, or a test refuses the synthetic data, as
    /// <see cref="DriftReport.Compute"/> would say.</exception>
    public static void Run(ReferenceProfile profile, int rowCount, DriftReportOptions? options = null, DriftTestRegistry? registry = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentOutOfRangeException.ThrowIfLessThan(rowCount, 1);
        var random = new Random(rowCount);
        var window = new DriftDataset(profile.Features.Select(f => SyntheticColumns.Like(f, rowCount, random)).ToArray());
        _ = DriftReport.Compute(profile, window, options, registry);
    }
}
