namespace MlSystems.Drift;

/// <summary>
/// Per-feature drift of a current window against a reference profile, with a dataset-level verdict: which test ran on
/// each feature, its statistic, p-value, effect size and verdict, and the share of features that drifted.
/// </summary>
/// <remarks>
/// Features are tested in parallel (see <see cref="DriftReportOptions.MaxDegreeOfParallelism"/>); the result lists them
/// in the profile's order whatever order they finished in. The test and threshold of each feature follow the one
/// precedence documented on <see cref="DriftReportOptions"/>.
/// </remarks>
public sealed class DriftReport
{
    private DriftReport(IReadOnlyList<FeatureDriftResult> features, DriftReportOptions options, int currentRows)
    {
        Features = features;
        Correction = options.Correction;
        DatasetDriftShare = options.DatasetDriftShare;
        CurrentRowCount = currentRows;
    }

    /// <summary>One result per feature, in the reference profile's order.</summary>
    public IReadOnlyList<FeatureDriftResult> Features { get; }

    /// <summary>The multiple-testing correction applied.</summary>
    public MultipleTestingCorrection Correction { get; }

    /// <summary>The share of drifted features that makes the dataset drifted.</summary>
    public double DatasetDriftShare { get; }

    /// <summary>The number of rows in the current window.</summary>
    public int CurrentRowCount { get; }

    /// <summary>The number of features that drifted.</summary>
    public int DriftedFeatureCount => Features.Count(f => f.Drifted);

    /// <summary>The share of features that drifted; 0 when there are none.</summary>
    public double DriftedShare => Features.Count == 0 ? 0 : (double)DriftedFeatureCount / Features.Count;

    /// <summary>The features whose share of missing values rose (<see cref="FeatureDriftResult.MissingShareRose"/>).</summary>
    public int MissingShareRoseCount => Features.Count(f => f.MissingShareRose);

    /// <summary>True when <see cref="DriftedShare"/> reaches <see cref="DatasetDriftShare"/>.</summary>
    public bool DatasetDrifted => Features.Count > 0 && DriftedShare >= DatasetDriftShare;

    /// <summary>Tests every feature of <paramref name="reference"/> on the same-named column of <paramref name="current"/>.</summary>
    /// <param name="reference">The reference profile.</param>
    /// <param name="current">The current window; must hold every profiled feature, with the same kind, and no others.</param>
    /// <param name="options">Test choice, thresholds, correction, parallelism; null for the defaults.</param>
    /// <param name="registry">The tests available by name; null for the built-in ones.</param>
    /// <exception cref="ArgumentException">
    /// An option is invalid. A <see cref="FeatureArgumentException"/> when the schemas differ, a feature's current values
    /// are all missing, or a test refuses a feature's data (any other <see cref="ArgumentException"/> from a test arrives
    /// wrapped in one that names the feature and the test).
    /// </exception>
    public static DriftReport Compute(ReferenceProfile reference, DriftDataset current, DriftReportOptions? options = null, DriftTestRegistry? registry = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        options ??= new DriftReportOptions();
        registry ??= new DriftTestRegistry();
        options.Validate(registry);
        DriftTestSelection.CheckSchema(reference, current);

        var plans = reference.Features.Select(f => (Profile: f, Column: current.Find(f.Name)!, Test: DriftTestSelection.ChooseTest(f, options, registry))).ToArray();
        var results = new DriftTestResult[plans.Length];
        var failures = new ArgumentException?[plans.Length];
        Parallel.For(0, plans.Length, new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism }, i =>
        {
            (FeatureProfile profile, FeatureColumn column, IDriftTest test) = plans[i];
            try
            {
                results[i] = test.Evaluate(profile, column, DriftTestSelection.ChooseThreshold(profile.Name, test, options));
            }
            catch (ArgumentException e)
            {
                // Parallel.For would wrap this in an AggregateException; the caller is promised the ArgumentException,
                // naming the feature: by type, since a message that happens to quote the name does not make it one.
                failures[i] = e is FeatureArgumentException named && named.Feature == profile.Name
                    ? e
                    : new FeatureArgumentException(profile.Name, $"Feature '{profile.Name}', test '{test.Name}': {e.Message}", nameof(current), e);
            }
        });

        if (Array.Find(failures, f => f is not null) is ArgumentException failure)
        {
            throw failure;
        }

        foreach (DriftTestResult r in results)
        {
            if (r.PValue is double p && double.IsNaN(p) && !double.IsNaN(r.Statistic))
            {
                throw new ArgumentException($"Test '{r.TestName}' returned a NaN p-value for a finite statistic.", nameof(registry));
            }
        }

        long[] currentMissing = [.. plans.Select(p => (long)MissingCount(p.Column))];
        return Assemble([.. plans.Select(p => p.Profile)], results, currentMissing, current.RowCount, options);
    }

    /// <summary>
    /// Tests every numeric feature of <paramref name="reference"/> by PSI on the profile's own bins, from the counts of
    /// current values in those bins: the report of data that was binned where it was served and whose counts were
    /// merged. The result equals, field for field, <see cref="Compute"/> with <see cref="DriftReportOptions.NumericTest"/>
    /// set to <c>psi</c> on all the counted values, which is what makes it the exact merge of many hosts' traffic.
    /// </summary>
    /// <param name="reference">The reference profile; numeric features only.</param>
    /// <param name="currentCounts">Per feature of the profile, the current count in each of its histogram's bins; the
    /// features' totals must agree (each is one row's value).</param>
    /// <param name="options">Thresholds (a feature's own, or the one for <c>psi</c>), the dataset share; the test choice
    /// is PSI whatever they say. Null for the defaults.</param>
    /// <exception cref="ArgumentException">An option is invalid. A <see cref="FeatureArgumentException"/> when a feature
    /// is categorical, has no counts or counts of the wrong length, or the totals differ.</exception>
    public static DriftReport ComputeBinned(ReferenceProfile reference, IReadOnlyDictionary<string, long[]> currentCounts, DriftReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(currentCounts);
        options ??= new DriftReportOptions();
        var registry = new DriftTestRegistry();
        options.Validate(registry);
        IDriftTest psi = registry.Get(DriftTestNames.PopulationStabilityIndex, FeatureKind.Numeric);
        var results = new DriftTestResult[reference.Features.Count];
        long rows = -1;
        for (int i = 0; i < results.Length; i++)
        {
            FeatureProfile profile = reference.Features[i];
            if (profile.Kind != FeatureKind.Numeric)
            {
                throw new FeatureArgumentException(profile.Name, $"Feature '{profile.Name}' is categorical; binned reports test numeric features only.", nameof(reference));
            }

            if (!currentCounts.TryGetValue(profile.Name, out long[]? counts) || counts.Length != profile.Histogram!.Counts.Length)
            {
                throw new FeatureArgumentException(profile.Name, $"Feature '{profile.Name}' needs {profile.Histogram!.Counts.Length} current bin counts.", nameof(currentCounts));
            }

            long total = counts.Sum();
            if (rows >= 0 && total != rows)
            {
                throw new FeatureArgumentException(profile.Name, $"Feature '{profile.Name}' counts {total} values where the features before it count {rows}.", nameof(currentCounts));
            }

            rows = total;
            try
            {
                results[i] = PopulationStabilityIndex.ComputeFromCounts(profile.Histogram.Edges, profile.Histogram.Counts, counts, DriftTestSelection.ChooseThreshold(profile.Name, psi, options)).ToDriftTestResult();
            }
            catch (ArgumentException e)
            {
                throw new FeatureArgumentException(profile.Name, $"Feature '{profile.Name}', test '{psi.Name}': {e.Message}", nameof(currentCounts), e);
            }
        }

        return Assemble([.. reference.Features], results, new long[results.Length], (int)Math.Min(Math.Max(rows, 0), int.MaxValue), options);
    }

    private static DriftReport Assemble(FeatureProfile[] profiles, DriftTestResult[] results, long[] currentMissing, int currentRows, DriftReportOptions options)
    {
        double?[] adjusted = options.Correction.Adjust([.. results.Select(r => r.PValue)]);
        var features = new FeatureDriftResult[profiles.Length];
        for (int i = 0; i < profiles.Length; i++)
        {
            DriftTestResult r = results[i];
            bool significant = adjusted[i] is double p ? p < r.Threshold : r.Statistic >= r.Threshold;
            bool large = !options.MinimumEffectSizes.TryGetValue(r.TestName, out double minimum) || Math.Abs(r.EffectSize) >= minimum;
            FeatureProfile profile = profiles[i];
            long referenceRows = profile.Count + profile.MissingCount, currentMissingCount = currentMissing[i];
            double referenceShare = (double)profile.MissingCount / referenceRows, currentShare = currentRows == 0 ? 0 : (double)currentMissingCount / currentRows;
            DriftTestResult? missing = referenceRows > 0 && currentRows > 0
                ? TwoProportionZTest.Compute(profile.MissingCount, referenceRows, currentMissingCount, currentRows, options.MissingShareAlpha)
                : null;
            bool rose = missing is not null && currentShare - referenceShare >= options.MinimumMissingShareRise && currentShare > referenceShare && missing.Drifted;
            features[i] = new FeatureDriftResult(profile.Name, profile.Kind, r, adjusted[i], significant && large, referenceShare, currentShare, missing, rose);
        }

        return new DriftReport(features, options, currentRows);
    }

    /// <summary>
    /// The report as JSON: <c>{"type":"drift-report","version":1,…}</c>, the dataset verdict, then per feature its test,
    /// statistic, p-value (raw and adjusted), effect size, threshold, verdict, sample sizes and missing shares. Numbers
    /// follow the rule of every MlSystems JSON form: NaN and the infinities as the strings <c>"NaN"</c>, <c>"Infinity"</c>
    /// and <c>"-Infinity"</c>; null only for a p-value a distance does not have.
    /// </summary>
    public string ToJson() => DriftReportJson.Write(this);

    private static int MissingCount(FeatureColumn column) => column.Kind == FeatureKind.Numeric
        ? Statistics.SpanStatistics.CountNonFinite(column.NumericValues.Span).NaN
        : column.CategoricalValues.Count(v => v is null);
}
