namespace MlSystems.Registry;

/// <summary>
/// Everything a store keeps about one registered model, read and replaced as a whole by
/// <see cref="IModelRegistryStore.UpdateAsync{T}"/>: its versions, its aliases and the history of every alias move.
/// </summary>
/// <param name="Name">The model's name.</param>
/// <param name="LastVersion">The highest version number ever assigned (deleted versions included), so numbers are never reused.</param>
/// <param name="Versions">The versions, ascending.</param>
/// <param name="Aliases">Alias → version.</param>
/// <param name="History">Every alias move, oldest first; append-only.</param>
public sealed record ModelRecord(string Name, int LastVersion, IReadOnlyList<ModelVersion> Versions, IReadOnlyDictionary<string, int> Aliases, IReadOnlyList<AliasMove> History)
{
    /// <summary>A model with nothing registered yet.</summary>
    public static ModelRecord Empty(string name) => new(name, 0, [], new Dictionary<string, int>(StringComparer.Ordinal), []);
}
