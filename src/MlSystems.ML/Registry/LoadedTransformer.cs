using Microsoft.ML;
using MlSystems.Registry;

namespace MlSystems.ML;

/// <summary>An ML.NET model loaded from the registry, with the input schema it was saved with and the version it came from.</summary>
/// <param name="Model">The transformer.</param>
/// <param name="InputSchema">The schema of the data it was trained on.</param>
/// <param name="Version">The registry version.</param>
public sealed record LoadedTransformer(ITransformer Model, DataViewSchema InputSchema, ModelVersion Version);
