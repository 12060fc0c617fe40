namespace MlSystems.Registry;

/// <summary>
/// Everything a store keeps about one registered model, as <see cref="IModelRegistryStore.ReadAsync"/> returns it for
/// listings and history: its versions, its aliases and the history of every alias move. Stores that keep whole records
/// change them through <see cref="ModelRecordEdit"/>.
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

    /// <summary>The version <paramref name="alias"/> points to, or null when it is not set.</summary>
    public ModelVersion? Aliased(string alias) =>
        Aliases.TryGetValue(alias, out int version) ? Versions.FirstOrDefault(v => v.Version == version) : null;
}
