namespace MlSystems.Registry;

/// <summary>Where a model version came from: enough to reproduce it and to monitor it against its training data.</summary>
/// <param name="TrainingDataFingerprint">A fingerprint of the training data (for example its SHA-256 or a dataset version); null when unknown.</param>
/// <param name="ReferenceProfile">A link to the drift reference profile fitted on the training data (a path or URI); null when none.</param>
/// <param name="CodeVersion">The code version that trained it (a commit id); null when unknown.</param>
/// <param name="ParentVersion">The version this one was retrained from; null for a first model.</param>
public sealed record ModelLineage(string? TrainingDataFingerprint = null, string? ReferenceProfile = null, string? CodeVersion = null, int? ParentVersion = null);
