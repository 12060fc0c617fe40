using MlSystems.Drift;
using MlSystems.Registry;

namespace MlSystems.Monitoring;

/// <summary>
/// Finds the version the champion alias names and loads what checking it needs: its reference profile, restricted to
/// the logged features, and its baseline metric. Reloads only when the alias moves or the last load failed.
/// </summary>
/// <remarks>Not thread-safe: one check at a time calls <see cref="ResolveAsync"/>; <see cref="Current"/> may be read from any thread.</remarks>
internal sealed class ChampionResolver(ModelMonitorOptions options, IModelRegistry registry, IReferenceProfileStore profiles, LoopReporter reporter)
{
    private readonly string[] featureNames = [.. options.FeatureNames];
    private volatile Champion? current;

    /// <summary>The champion found by the last resolution; null before the first or while the alias is unset.</summary>
    public Champion? Current => current;

    /// <summary>Reads the alias; reports <see cref="MonitoringEventKind.ChampionChanged"/> when it has moved.</summary>
    public async Task<Champion?> ResolveAsync(CheckRun run, CancellationToken cancellationToken)
    {
        ModelVersion? version = await registry.GetByAliasAsync(options.ModelName, options.ChampionAlias, cancellationToken).ConfigureAwait(false);
        Champion? previous = current;
        if (version is null)
        {
            current = null;
            return null;
        }

        if (previous is not null && previous.Version.Version == version.Version && previous.Error is null)
        {
            return previous;
        }

        Champion loaded = await LoadChampionAsync(version, cancellationToken).ConfigureAwait(false);
        current = loaded;
        if (previous is not null && previous.Version.Version != version.Version)
        {
            reporter.Report(run, MonitoringEventKind.ChampionChanged, version.Version, $"the alias '{options.ChampionAlias}' moved from version {previous.Version.Version} to {version.Version}");
        }

        return loaded;
    }

    /// <summary>Loads a version's profile, restricted to the monitored features, as it would be loaded for a champion.</summary>
    public Task<Champion> LoadAsync(ModelVersion version, CancellationToken cancellationToken) => LoadChampionAsync(version, cancellationToken);

    private async Task<Champion> LoadChampionAsync(ModelVersion version, CancellationToken cancellationToken)
    {
        double? baseline = options.Performance is { } policy && version.Metadata.Metrics.TryGetValue(policy.MetricName, out double value) && double.IsFinite(value) ? value : null;
        string? link = version.Metadata.Lineage?.ReferenceProfile;
        if (link is null)
        {
            return Unavailable(version, baseline, $"version {version.Version} has no reference profile in its lineage");
        }

        try
        {
            ReferenceProfile profile = await profiles.LoadAsync(link, cancellationToken).ConfigureAwait(false);
            ProfileCoverage.Check(profile, featureNames);
            bool withPrediction = profile.Find(options.PredictionName) is { Kind: FeatureKind.Numeric };

            // Only what is logged is compared: other features the profile describes are left out.
            ReferenceProfile checkedProfile = profile.Select(withPrediction ? [.. featureNames, options.PredictionName] : featureNames);
            return new Champion(version, checkedProfile, withPrediction, baseline, error: null);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return Unavailable(version, baseline, $"the reference profile '{link}' of version {version.Version} is unusable: {exception.Message}");
        }
    }

    private Champion Unavailable(ModelVersion version, double? baseline, string error)
    {
        MonitoringLog.ProfileUnavailable(reporter.Logger, options.ModelName, version.Version, error);
        return new Champion(version, profile: null, withPrediction: false, baseline, error);
    }
}
