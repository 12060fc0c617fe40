namespace MlSystems.Drift;

/// <summary>
/// What <see cref="DriftReport.Compute"/> decides before any test runs: that the schemas match, and each feature's test
/// and threshold by the precedence documented on <see cref="DriftReportOptions"/>.
/// </summary>
internal static class DriftTestSelection
{
    /// <summary>The test for a feature, by the precedence documented on <see cref="DriftReportOptions"/>.</summary>
    public static IDriftTest ChooseTest(FeatureProfile profile, DriftReportOptions options, DriftTestRegistry registry)
    {
        string? name = options.Features.GetValueOrDefault(profile.Name)?.Test
            ?? (profile.Kind == FeatureKind.Numeric ? options.NumericTest : options.CategoricalTest);
        if (name is not null)
        {
            return registry.Contains(name, profile.Kind)
                ? registry.Get(name, profile.Kind)
                : throw new FeatureArgumentException(profile.Name, $"Feature '{profile.Name}' is {profile.Kind}, but test '{name}' is not registered for {profile.Kind} features.", nameof(options));
        }

        bool large = profile.Count > options.LargeSampleSize;
        if (profile.Kind == FeatureKind.Numeric)
        {
            return registry.Get(large ? DriftTestNames.Wasserstein : DriftTestNames.KolmogorovSmirnov, FeatureKind.Numeric);
        }

        return registry.Get(large ? DriftTestNames.JensenShannon : profile.Categories!.DistinctCount <= 2 ? DriftTestNames.TwoProportionZ : DriftTestNames.ChiSquared, FeatureKind.Categorical);
    }

    /// <summary>The feature's threshold: its own, else the test's entry in the options, else the test's default.</summary>
    public static double ChooseThreshold(string feature, IDriftTest test, DriftReportOptions options) =>
        options.Features.GetValueOrDefault(feature)?.Threshold
        ?? (options.Thresholds.TryGetValue(test.Name, out double t) ? t : test.DefaultThreshold);

    /// <summary>Throws unless <paramref name="current"/> holds exactly the profiled features, each of the same kind.</summary>
    public static void CheckSchema(ReferenceProfile reference, DriftDataset current)
    {
        foreach (FeatureProfile feature in reference.Features)
        {
            FeatureColumn column = current.Find(feature.Name)
                ?? throw new FeatureArgumentException(feature.Name, $"Feature '{feature.Name}' is in the reference profile but not in the current data.", nameof(current));
            if (column.Kind != feature.Kind)
            {
                throw new FeatureArgumentException(feature.Name, $"Feature '{feature.Name}' is {feature.Kind} in the reference but {column.Kind} in the current data.", nameof(current));
            }
        }

        foreach (FeatureColumn column in current.Columns)
        {
            if (reference.Find(column.Name) is null)
            {
                throw new FeatureArgumentException(column.Name, $"Feature '{column.Name}' is in the current data but not in the reference profile.", nameof(current));
            }
        }
    }
}
