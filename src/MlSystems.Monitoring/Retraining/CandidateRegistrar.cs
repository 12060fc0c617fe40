using MlSystems.Registry;

namespace MlSystems.Monitoring;

/// <summary>
/// Registers a trained model as a new version of the monitored model: checks that its profile covers the logged features
/// and that its metrics hold the performance baseline, saves the profile and links it from the lineage. Moves no alias.
/// </summary>
internal sealed class CandidateRegistrar(ModelMonitorOptions options, IModelRegistry registry, IReferenceProfileStore profiles)
{
    /// <summary>Registers <paramref name="model"/> with <paramref name="parent"/> as its lineage parent; disposes its artifact.</summary>
    /// <exception cref="ArgumentException">The profile lacks a logged feature, or the metrics lack a finite baseline.</exception>
    public async Task<ModelVersion> RegisterAsync(RetrainedModel model, int? parent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model.Artifact, nameof(model));
        ArgumentNullException.ThrowIfNull(model.Profile, nameof(model));
        await using (model.Artifact.ConfigureAwait(false))
        {
            // Every check comes before the first write: a refused model leaves no profile and no version behind.
            ProfileCoverage.Check(model.Profile, options.FeatureNames);
            ModelVersionMetadata metadata = model.Metadata ?? new ModelVersionMetadata();
            if (options.Performance is { } policy && !(metadata.Metrics.TryGetValue(policy.MetricName, out double baseline) && double.IsFinite(baseline)))
            {
                throw new ArgumentException($"The model's metrics have no finite '{policy.MetricName}', which the performance policy needs as the version's baseline.", nameof(model));
            }

            string link = await profiles.SaveAsync(options.ModelName, model.Profile, cancellationToken).ConfigureAwait(false);
            ModelLineage lineage = (metadata.Lineage ?? new ModelLineage()) with { ReferenceProfile = link, ParentVersion = parent };
            return await registry.RegisterAsync(options.ModelName, model.Artifact, metadata with { Lineage = lineage }, cancellationToken).ConfigureAwait(false);
        }
    }
}
