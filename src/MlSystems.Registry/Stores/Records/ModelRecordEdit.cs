namespace MlSystems.Registry;

/// <summary>
/// An <see cref="IModelRecordUpdate"/> over a whole <see cref="ModelRecord"/>, for stores that read and replace a model's
/// record as one document (a file, a key-value entry): reads answer from the record, changes build the replacement.
/// </summary>
/// <remarks>Not thread-safe; an update uses it from one thread.</remarks>
public sealed class ModelRecordEdit : IModelRecordUpdate
{
    private readonly ModelRecord original;
    private ModelRecord edited;

    /// <summary>An edit of <paramref name="current"/>, the record of the model <paramref name="name"/> (null when it has none).</summary>
    /// <exception cref="ArgumentException"><paramref name="current"/> is the record of another model.</exception>
    public ModelRecordEdit(string name, ModelRecord? current)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (current is not null && !string.Equals(current.Name, name, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The record of '{current.Name}' is not the record of '{name}'.", nameof(current));
        }

        Exists = current is not null;
        original = current ?? ModelRecord.Empty(name);
        edited = original;
    }

    /// <summary>The record with the changes made so far, or null when none were made (nothing to write).</summary>
    public ModelRecord? Edited => ReferenceEquals(edited, original) ? null : edited;

    /// <inheritdoc/>
    public string Name => original.Name;

    /// <inheritdoc/>
    public bool Exists { get; }

    /// <inheritdoc/>
    public int LastVersion => edited.LastVersion;

    /// <inheritdoc/>
    public ValueTask<ModelVersion?> GetVersionAsync(int version, CancellationToken cancellationToken) =>
        ValueTask.FromResult(original.Versions.FirstOrDefault(v => v.Version == version));

    /// <inheritdoc/>
    public ValueTask<ModelVersion?> FindByDigestAsync(string digest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(digest);
        return ValueTask.FromResult(original.Versions.FirstOrDefault(v => string.Equals(v.Digest, digest, StringComparison.Ordinal)));
    }

    /// <inheritdoc/>
    public ValueTask<int?> GetAliasAsync(string aliasName, CancellationToken cancellationToken) =>
        ValueTask.FromResult(original.Aliases.TryGetValue(aliasName, out int version) ? version : (int?)null);

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<string>> GetAliasesOfAsync(int version, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<string>>([.. original.Aliases.Where(a => a.Value == version).Select(a => a.Key).Order(StringComparer.Ordinal)]);

    /// <inheritdoc/>
    public void AddVersion(ModelVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        RecordChecks.NewVersion(Name, LastVersion, version);
        if (edited.Versions.Any(v => string.Equals(v.Digest, version.Digest, StringComparison.Ordinal)))
        {
            throw new InvalidOperationException($"Model '{Name}' already records {version.Digest}.");
        }

        edited = edited with { LastVersion = version.Version, Versions = [.. edited.Versions, version] };
    }

    /// <inheritdoc/>
    public void ArchiveVersion(int version)
    {
        ModelVersion target = edited.Versions.FirstOrDefault(v => v.Version == version && !v.Archived)
            ?? throw new InvalidOperationException($"Model '{Name}' has no unarchived version {version} to archive.");
        edited = edited with { Versions = [.. edited.Versions.Select(v => ReferenceEquals(v, target) ? v with { Archived = true } : v)] };
    }

    /// <inheritdoc/>
    public void RemoveVersion(int version)
    {
        if (!edited.Versions.Any(v => v.Version == version))
        {
            throw new InvalidOperationException($"Model '{Name}' has no version {version} to remove.");
        }

        if (edited.Aliases.Any(a => a.Value == version))
        {
            throw new InvalidOperationException($"Model '{Name}' version {version} cannot be removed while an alias points to it.");
        }

        edited = edited with { Versions = [.. edited.Versions.Where(v => v.Version != version)] };
    }

    /// <inheritdoc/>
    public void MoveAlias(AliasMove move)
    {
        ArgumentNullException.ThrowIfNull(move);
        RegistryNames.Alias(move.Alias, nameof(move));
        if (move.ToVersion is int target && !edited.Versions.Any(v => v.Version == target))
        {
            throw new InvalidOperationException($"Model '{Name}' has no version {target} for alias '{move.Alias}'.");
        }

        var aliases = new Dictionary<string, int>(edited.Aliases, StringComparer.Ordinal);
        if (move.ToVersion is int to)
        {
            aliases[move.Alias] = to;
        }
        else
        {
            aliases.Remove(move.Alias);
        }

        edited = edited with { Aliases = aliases, History = [.. edited.History, move] };
    }
}
