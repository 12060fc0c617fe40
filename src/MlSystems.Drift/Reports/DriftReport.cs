using System.Buffers;
using System.Text;
using System.Text.Json;

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

    /// <summary>True when <see cref="DriftedShare"/> reaches <see cref="DatasetDriftShare"/>.</summary>
    public bool DatasetDrifted => Features.Count > 0 && DriftedShare >= DatasetDriftShare;

    /// <summary>Tests every feature of <paramref name="reference"/> on the same-named column of <paramref name="current"/>.</summary>
    /// <param name="reference">The reference profile.</param>
    /// <param name="current">The current window; must hold every profiled feature, with the same kind, and no others.</param>
    /// <param name="options">Test choice, thresholds, correction, parallelism; null for the defaults.</param>
    /// <param name="registry">The tests available by name; null for the built-in ones.</param>
    /// <exception cref="ArgumentException">
    /// The schemas differ (the message names the feature), an option is invalid, or a feature's current values are all missing.
    /// </exception>
    public static DriftReport Compute(ReferenceProfile reference, DriftDataset current, DriftReportOptions? options = null, DriftTestRegistry? registry = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        options ??= new DriftReportOptions();
        registry ??= new DriftTestRegistry();
        options.Validate(registry);
        CheckSchema(reference, current);

        var plans = reference.Features.Select(f => (Profile: f, Column: current.Find(f.Name)!, Test: ChooseTest(f, options, registry))).ToArray();
        var results = new DriftTestResult[plans.Length];
        var failures = new ArgumentException?[plans.Length];
        Parallel.For(0, plans.Length, new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism }, i =>
        {
            (FeatureProfile profile, FeatureColumn column, IDriftTest test) = plans[i];
            try
            {
                results[i] = test.Evaluate(profile, column, ChooseThreshold(profile.Name, test, options));
            }
            catch (ArgumentException e)
            {
                // Parallel.For would wrap this in an AggregateException; the caller is promised the ArgumentException.
                failures[i] = e.Message.Contains($"'{profile.Name}'", StringComparison.Ordinal)
                    ? e
                    : new ArgumentException($"Feature '{profile.Name}', test '{test.Name}': {e.Message}", nameof(current), e);
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

        double?[] adjusted = Adjust([.. results.Select(r => r.PValue)], options.Correction);
        var features = new FeatureDriftResult[plans.Length];
        for (int i = 0; i < plans.Length; i++)
        {
            DriftTestResult r = results[i];
            bool significant = adjusted[i] is double p ? p < r.Threshold : r.Statistic >= r.Threshold;
            bool large = !options.MinimumEffectSizes.TryGetValue(r.TestName, out double minimum) || Math.Abs(r.EffectSize) >= minimum;
            FeatureProfile profile = plans[i].Profile;
            features[i] = new FeatureDriftResult(
                profile.Name,
                profile.Kind,
                r,
                adjusted[i],
                significant && large,
                (double)profile.MissingCount / (profile.Count + profile.MissingCount),
                current.RowCount == 0 ? 0 : (double)MissingCount(plans[i].Column) / current.RowCount);
        }

        return new DriftReport(features, options, current.RowCount);
    }

    /// <summary>
    /// The report as JSON: the dataset verdict, then per feature its test, statistic, p-value (raw and adjusted),
    /// effect size, threshold, verdict, sample sizes and missing shares.
    /// </summary>
    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteBoolean("datasetDrifted", DatasetDrifted);
            w.WriteNumber("driftedFeatures", DriftedFeatureCount);
            w.WriteNumber("features", Features.Count);
            w.WriteNumber("driftedShare", DriftedShare);
            w.WriteNumber("datasetDriftShare", DatasetDriftShare);
            w.WriteString("correction", Correction.ToString());
            w.WriteNumber("currentRows", CurrentRowCount);
            w.WriteStartArray("results");
            foreach (FeatureDriftResult f in Features)
            {
                w.WriteStartObject();
                w.WriteString("feature", f.Name);
                w.WriteString("kind", f.Kind == FeatureKind.Numeric ? "numeric" : "categorical");
                w.WriteString("test", f.Result.TestName);
                WriteNumber(w, "statistic", f.Result.Statistic);
                WriteNullable(w, "pValue", f.Result.PValue);
                WriteNullable(w, "adjustedPValue", f.AdjustedPValue);
                WriteNumber(w, "effectSize", f.Result.EffectSize);
                w.WriteNumber("threshold", f.Result.Threshold);
                w.WriteBoolean("drifted", f.Drifted);
                w.WriteNumber("referenceCount", f.Result.ReferenceCount);
                w.WriteNumber("currentCount", f.Result.CurrentCount);
                w.WriteNumber("referenceMissingShare", f.ReferenceMissingShare);
                w.WriteNumber("currentMissingShare", f.CurrentMissingShare);
                if (f.Result.Details.Count > 0)
                {
                    w.WriteStartObject("details");
                    foreach ((string key, double value) in f.Result.Details.OrderBy(d => d.Key, StringComparer.Ordinal))
                    {
                        WriteNumber(w, key, value);
                    }

                    w.WriteEndObject();
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The test for a feature, by the precedence documented on <see cref="DriftReportOptions"/>.</summary>
    internal static IDriftTest ChooseTest(FeatureProfile profile, DriftReportOptions options, DriftTestRegistry registry)
    {
        string? name = options.Features.GetValueOrDefault(profile.Name)?.Test
            ?? (profile.Kind == FeatureKind.Numeric ? options.NumericTest : options.CategoricalTest);
        if (name is not null)
        {
            return registry.Contains(name, profile.Kind)
                ? registry.Get(name, profile.Kind)
                : throw new ArgumentException($"Feature '{profile.Name}' is {profile.Kind}, but test '{name}' is not registered for {profile.Kind} features.", nameof(options));
        }

        bool large = profile.Count > options.LargeSampleSize;
        if (profile.Kind == FeatureKind.Numeric)
        {
            return registry.Get(large ? DriftTestNames.Wasserstein : DriftTestNames.KolmogorovSmirnov, FeatureKind.Numeric);
        }

        return registry.Get(large ? DriftTestNames.JensenShannon : profile.Categories!.DistinctCount <= 2 ? DriftTestNames.TwoProportionZ : DriftTestNames.ChiSquared, FeatureKind.Categorical);
    }

    private static double ChooseThreshold(string feature, IDriftTest test, DriftReportOptions options) =>
        options.Features.GetValueOrDefault(feature)?.Threshold
        ?? (options.Thresholds.TryGetValue(test.Name, out double t) ? t : test.DefaultThreshold);

    private static void CheckSchema(ReferenceProfile reference, DriftDataset current)
    {
        foreach (FeatureProfile feature in reference.Features)
        {
            FeatureColumn column = current.Find(feature.Name)
                ?? throw new ArgumentException($"Feature '{feature.Name}' is in the reference profile but not in the current data.", nameof(current));
            if (column.Kind != feature.Kind)
            {
                throw new ArgumentException($"Feature '{feature.Name}' is {feature.Kind} in the reference but {column.Kind} in the current data.", nameof(current));
            }
        }

        foreach (FeatureColumn column in current.Columns)
        {
            if (reference.Find(column.Name) is null)
            {
                throw new ArgumentException($"Feature '{column.Name}' is in the current data but not in the reference profile.", nameof(current));
            }
        }
    }

    /// <summary>Adjusts the p-values that exist; distances (null) pass through and do not count towards m.</summary>
    internal static double?[] Adjust(double?[] pValues, MultipleTestingCorrection correction)
    {
        // NaN p-values (a propagated NaN sample) neither count towards m nor take part in the ordering.
        int[] tested = [.. Enumerable.Range(0, pValues.Length).Where(i => pValues[i] is double p && !double.IsNaN(p))];
        double?[] adjusted = (double?[])pValues.Clone();
        int m = tested.Length;
        if (correction == MultipleTestingCorrection.None || m == 0)
        {
            return adjusted;
        }

        int[] order = [.. tested.OrderBy(i => pValues[i]!.Value)];
        switch (correction)
        {
            case MultipleTestingCorrection.Bonferroni:
                foreach (int i in tested)
                {
                    adjusted[i] = Math.Min(1, pValues[i]!.Value * m);
                }

                break;
            case MultipleTestingCorrection.Holm:
                double running = 0;
                for (int rank = 0; rank < m; rank++)
                {
                    running = Math.Max(running, Math.Min(1, (m - rank) * pValues[order[rank]]!.Value));
                    adjusted[order[rank]] = running;
                }

                break;
            default:
                double next = 1;
                for (int rank = m - 1; rank >= 0; rank--)
                {
                    next = Math.Min(next, Math.Min(1, pValues[order[rank]]!.Value * m / (rank + 1)));
                    adjusted[order[rank]] = next;
                }

                break;
        }

        return adjusted;
    }

    private static int MissingCount(FeatureColumn column) => column.Kind == FeatureKind.Numeric
        ? Statistics.SpanStatistics.CountNonFinite(column.NumericValues.Span).NaN
        : column.CategoricalValues.Count(v => v is null);

    private static void WriteNumber(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value))
        {
            w.WriteNumber(name, value);
        }
        else
        {
            w.WriteString(name, double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, double? value)
    {
        if (value is double v)
        {
            WriteNumber(w, name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
