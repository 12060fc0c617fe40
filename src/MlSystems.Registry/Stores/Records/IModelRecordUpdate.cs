namespace MlSystems.Registry;

/// <summary>
/// One model's record inside <see cref="IModelRegistryStore.UpdateAsync{T}"/>, exclusively held for the length of the
/// update: targeted reads and the registry's four kinds of change, so a store that keeps rows touches only what an
/// update reads and writes, and a change costs it the same however many versions and alias moves the model has. A
/// store implements it over its own storage (rows for a database; <see cref="ModelRecordEdit"/>, which copies the whole
/// record, for a store that keeps whole records).
/// </summary>
/// <remarks>
/// Reads return the model as it was when the update began; the changes are applied, in the order made, when the update
/// returns, and discarded when it throws. An instance is used by one update on one thread and is invalid after it.
/// </remarks>
public interface IModelRecordUpdate
{
    /// <summary>The model's name.</summary>
    string Name { get; }

    /// <summary>True when the model had a record before this update.</summary>
    bool Exists { get; }

    /// <summary>The highest version number ever assigned, deleted versions included (0 for a new model); <see cref="AddVersion"/> raises it.</summary>
    int LastVersion { get; }

    /// <summary>The version numbered <paramref name="version"/>, or null when there is none.</summary>
    ValueTask<ModelVersion?> GetVersionAsync(int version, CancellationToken cancellationToken);

    /// <summary>The version whose artifact has <paramref name="digest"/>, or null when there is none (a digest is recorded at most once per model).</summary>
    ValueTask<ModelVersion?> FindByDigestAsync(string digest, CancellationToken cancellationToken);

    /// <summary>The version <paramref name="aliasName"/> points to, or null when it is not set.</summary>
    ValueTask<int?> GetAliasAsync(string aliasName, CancellationToken cancellationToken);

    /// <summary>The aliases that point to <paramref name="version"/>, in ordinal order; empty when none.</summary>
    ValueTask<IReadOnlyList<string>> GetAliasesOfAsync(int version, CancellationToken cancellationToken);

    /// <summary>Records a new version, numbered <see cref="LastVersion"/> + 1, and makes that the last version.</summary>
    /// <exception cref="InvalidOperationException">The version belongs to another model, is not numbered <see cref="LastVersion"/> + 1, or has a digest the model already records.</exception>
    void AddVersion(ModelVersion version);

    /// <summary>Marks an existing, not yet archived version as archived.</summary>
    /// <exception cref="InvalidOperationException">There is no such version (a store may report it when the update returns).</exception>
    void ArchiveVersion(int version);

    /// <summary>Removes an existing version that no alias points to; its number is not reused.</summary>
    /// <exception cref="InvalidOperationException">There is no such version, or an alias points to it (a store may report it when the update returns).</exception>
    void RemoveVersion(int version);

    /// <summary>
    /// Points <see cref="AliasMove.Alias"/> at <see cref="AliasMove.ToVersion"/> (removes it when null) and appends
    /// <paramref name="move"/> to the model's alias history.
    /// </summary>
    /// <exception cref="ArgumentException">The alias is not a valid alias name, or the store cannot keep a field of <paramref name="move"/> (it names the field); the update should let it propagate.</exception>
    /// <exception cref="InvalidOperationException">The alias would point to a version that does not exist (a store may report it when the update returns).</exception>
    void MoveAlias(AliasMove move);
}
