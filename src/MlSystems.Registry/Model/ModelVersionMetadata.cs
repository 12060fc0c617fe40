namespace MlSystems.Registry;

/// <summary>What is recorded with a model version besides its bytes. Immutable once registered.</summary>
public sealed record ModelVersionMetadata
{
    /// <summary>A free-text description; empty by default.</summary>
    public string Description { get; init; } = "";

    /// <summary>Training parameters (hyper-parameters, options); empty by default.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Evaluation metrics (AUC, RMSE, …); empty by default.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>Tags for search (team, use case, framework); empty by default.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>The input schema; empty when not recorded.</summary>
    public IReadOnlyList<SchemaColumn> InputSchema { get; init; } = [];

    /// <summary>The output schema; empty when not recorded.</summary>
    public IReadOnlyList<SchemaColumn> OutputSchema { get; init; } = [];

    /// <summary>Lineage; all fields unknown by default.</summary>
    public ModelLineage Lineage { get; init; } = new();

    /// <summary>Value equality, collections compared by content (dictionaries regardless of order, schemas in order).</summary>
    public bool Equals(ModelVersionMetadata? other) =>
        other is not null
        && Description == other.Description
        && SameEntries(Parameters, other.Parameters)
        && SameEntries(Metrics, other.Metrics)
        && SameEntries(Tags, other.Tags)
        && InputSchema.SequenceEqual(other.InputSchema)
        && OutputSchema.SequenceEqual(other.OutputSchema)
        && Lineage == other.Lineage;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Description, Parameters.Count, Metrics.Count, Tags.Count, InputSchema.Count, OutputSchema.Count, Lineage);

    private static bool SameEntries<T>(IReadOnlyDictionary<string, T> a, IReadOnlyDictionary<string, T> b) =>
        a.Count == b.Count && a.All(entry => b.TryGetValue(entry.Key, out T? value) && EqualityComparer<T>.Default.Equals(entry.Value, value));
}
