namespace MlSystems.ML;

/// <summary>What a <see cref="ModelServingPool{TInput, TOutput}"/> serves and how it swaps.</summary>
public sealed class ModelServingOptions
{
    /// <summary>The registered model's name. Required.</summary>
    public string ModelName { get; set; } = "";

    /// <summary>The alias to follow; default <c>champion</c>.</summary>
    public string Alias { get; set; } = "champion";

    /// <summary>
    /// How often to re-read the alias, catching moves the registry did not report; default 30 seconds. Moves made through
    /// the same <see cref="MlSystems.Registry.IModelRegistry"/> instance are seen at once, and so are other hosts' moves
    /// when the registry's store reports them (<see cref="MlSystems.Registry.IModelRegistryChangeSource"/>: the PostgreSQL
    /// store does); the poll is then only a fallback. <see cref="Timeout.InfiniteTimeSpan"/> disables polling.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Prediction engines kept per generation; default twice the processor count.</summary>
    public int PoolSize { get; set; } = Environment.ProcessorCount * 2;

    /// <summary>
    /// An input every new generation must predict on before it takes traffic (the warm-up and the schema check); null by
    /// default, in which case only creating the engine checks the schema. Typed as object so the options stay non-generic;
    /// it must be a TInput.
    /// </summary>
    public object? WarmupInput { get; set; }

    /// <summary>
    /// The input schema definition for the prediction engines, for inputs whose shape is not in attributes (a feature
    /// set's vector: <see cref="FeatureDataView.Schema"/>); null by default (the type's attributes).
    /// </summary>
    public Microsoft.ML.Data.SchemaDefinition? InputSchemaDefinition { get; set; }

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(ModelName))
        {
            throw new ArgumentException("ModelName is required.", nameof(ModelName));
        }

        if (string.IsNullOrWhiteSpace(Alias))
        {
            throw new ArgumentException("Alias is required.", nameof(Alias));
        }

        if (PollInterval <= TimeSpan.Zero && PollInterval != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentException($"PollInterval must be positive or infinite, not {PollInterval}.", nameof(PollInterval));
        }

        if (PoolSize < 1)
        {
            throw new ArgumentException($"PoolSize must be at least 1, not {PoolSize}.", nameof(PoolSize));
        }
    }

    /// <summary>A copy for a pool to keep, so the caller's later changes reach nothing.</summary>
    internal ModelServingOptions Clone() => (ModelServingOptions)MemberwiseClone();
}
