using MlSystems.Cli.Csv;
using MlSystems.Drift;

namespace MlSystems.Cli.Drift;

/// <summary>
/// Which test and threshold each column gets and how p-values are corrected, as the command line and the config file
/// ask; turned into report options once the reference's schema is known, so a choice that names no compared column, or
/// a test that cannot compare a column's kind, is refused before any test runs.
/// </summary>
/// <param name="Test">The test for every column it can compare (by kind); null for the default table.</param>
/// <param name="Tests">A test per column, winning over <paramref name="Test"/>.</param>
/// <param name="Threshold">The threshold for every column; null for each test's default.</param>
/// <param name="Thresholds">A threshold per column, winning over <paramref name="Threshold"/>.</param>
/// <param name="Correction">The multiple-testing correction.</param>
internal sealed record DriftChoices(
    string? Test,
    IReadOnlyDictionary<string, string> Tests,
    double? Threshold,
    IReadOnlyDictionary<string, double> Thresholds,
    MultipleTestingCorrection Correction)
{
    /// <summary>The correction names the command line takes.</summary>
    public static IReadOnlyDictionary<string, MultipleTestingCorrection> Corrections { get; } = new Dictionary<string, MultipleTestingCorrection>(StringComparer.OrdinalIgnoreCase)
    {
        ["none"] = MultipleTestingCorrection.None,
        ["bonferroni"] = MultipleTestingCorrection.Bonferroni,
        ["holm"] = MultipleTestingCorrection.Holm,
        ["benjamini-hochberg"] = MultipleTestingCorrection.BenjaminiHochberg,
    };

    /// <summary>The report options for <paramref name="schema"/>.</summary>
    /// <exception cref="ArgumentException">A choice names a column that is not compared, a test that is not registered or
    /// does not compare its column's kind, or a threshold out of range (a level in (0, 1) for a test with a p-value, a
    /// positive finite cut-off otherwise).</exception>
    public DriftReportOptions ToReportOptions(CsvSchema schema, double datasetDriftShare)
    {
        var registry = new DriftTestRegistry();
        if (Test is not null && !registry.Contains(Test, FeatureKind.Numeric) && !registry.Contains(Test, FeatureKind.Categorical))
        {
            throw new ArgumentException($"--test '{Test}' is not a drift test; the tests are {Names(registry, null)}.");
        }

        var features = new Dictionary<string, FeatureDriftOptions>(StringComparer.Ordinal);
        for (int i = 0; i < schema.Columns.Length; i++)
        {
            string name = schema.Columns[i];
            if (schema.Kinds[i] == ColumnKind.Excluded)
            {
                continue;
            }

            FeatureKind kind = schema.Kinds[i] == ColumnKind.Numeric ? FeatureKind.Numeric : FeatureKind.Categorical;
            string? test = Tests.GetValueOrDefault(name);
            if (test is not null && !registry.Contains(test, kind))
            {
                string kindName = kind == FeatureKind.Numeric ? "numeric" : "categorical";
                throw new ArgumentException($"--test {name}={test}: '{test}' does not compare {kindName} columns; the {kindName} tests are {Names(registry, kind)}.");
            }

            double? threshold = Thresholds.TryGetValue(name, out double own) ? own : Threshold;
            if (threshold is double level)
            {
                CheckThreshold(registry, name, kind, test ?? (Test is not null && registry.Contains(Test, kind) ? Test : null), level);
            }

            if (test is not null || threshold is not null)
            {
                features[name] = new FeatureDriftOptions { Test = test, Threshold = threshold };
            }
        }

        foreach (string name in Tests.Keys.Concat(Thresholds.Keys))
        {
            int index = Array.IndexOf(schema.Columns, name);
            if (index < 0 || schema.Kinds[index] == ColumnKind.Excluded)
            {
                throw new ArgumentException($"--test/--threshold names the column '{name}', which is not compared (compared: {string.Join(", ", schema.Columns.Where((_, i) => schema.Kinds[i] != ColumnKind.Excluded))}).");
            }
        }

        var options = new DriftReportOptions
        {
            NumericTest = Test is not null && registry.Contains(Test, FeatureKind.Numeric) ? Test : null,
            CategoricalTest = Test is not null && registry.Contains(Test, FeatureKind.Categorical) ? Test : null,
            Features = features,
            Correction = Correction,
            DatasetDriftShare = datasetDriftShare,
        };
        options.Validate(registry);
        return options;
    }

    /// <summary>
    /// Refuses a threshold the column's test cannot take: a level in (0, 1) when the test has a p-value, a positive finite
    /// cut-off otherwise. Without a chosen test, the default table may pick a p-value test, so the threshold must suit it.
    /// </summary>
    private static void CheckThreshold(DriftTestRegistry registry, string column, FeatureKind kind, string? test, double threshold)
    {
        string[] candidates = test is not null ? [test]
            : kind == FeatureKind.Numeric ? [DriftTestNames.KolmogorovSmirnov, DriftTestNames.Wasserstein]
            : [DriftTestNames.TwoProportionZ, DriftTestNames.ChiSquared, DriftTestNames.JensenShannon];
        bool pValue = candidates.Any(registry.YieldsPValue);
        if (!double.IsFinite(threshold) || threshold <= 0 || (pValue && threshold >= 1))
        {
            string which = test is null ? "the default test (KS, z or chi-squared for smaller references) has a p-value" : $"'{test}' {(pValue ? "has a p-value" : "is a distance")}";
            throw new ArgumentException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"--threshold {threshold} for '{column}' is out of range: {which}, so it takes {(pValue ? "a significance level in (0, 1)" : "a positive finite cut-off")}."));
        }
    }

    /// <summary>The built-in tests of <paramref name="kind"/>, by name, comma-separated.</summary>
    public static string TestNames(FeatureKind kind) => Names(new DriftTestRegistry(), kind);

    private static string Names(DriftTestRegistry registry, FeatureKind? kind) =>
        string.Join(", ", registry.Tests.Where(t => kind is null || t.Kind == kind).Select(t => t.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
}
