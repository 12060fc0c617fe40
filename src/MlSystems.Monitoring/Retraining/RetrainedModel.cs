using MlSystems.Drift;
using MlSystems.Registry;

namespace MlSystems.Monitoring;

/// <summary>A trained model as the retraining hook returns it: the artifact to register and the profile of its training data.</summary>
/// <param name="Artifact">The model's bytes, read from the current position; the monitor disposes it.</param>
/// <param name="Profile">The reference profile of the training features (and of the model's predictions on them, under
/// <see cref="ModelMonitorOptions.PredictionName"/>, to check prediction drift too).</param>
/// <param name="Metadata">Metrics (including the baseline loss the performance policy names), parameters, tags and the
/// parts of the lineage the hook knows (data fingerprint, code version); the monitor fills in the parent version and
/// the profile's link. Null for none.</param>
public sealed record RetrainedModel(Stream Artifact, ReferenceProfile Profile, ModelVersionMetadata? Metadata = null);
