using System.Text.Json;
using Npgsql;

namespace MlSystems.Registry.PostgreSql;

/// <summary>
/// One model's rows inside an update's transaction, the model row already locked: each read is one indexed query, and
/// each change one or two statements kept until <see cref="ApplyAsync"/> sends them in one batch with the change log
/// entries. Nothing here reads or writes more than the rows named, so a change costs the same at any history length.
/// </summary>
internal sealed class RowUpdate(NpgsqlConnection connection, NpgsqlTransaction transaction, RegistryTables t, string name, bool exists, int lastVersion) : IModelRecordUpdate
{
    private const string VersionColumns = "version, digest, size, created_at_ticks, metadata, archived";

    private readonly List<NpgsqlBatchCommand> statements = [];
    private readonly List<NpgsqlBatchCommand> mustChangeOneRow = [];
    private readonly List<RegistryChange> changes = [];

    /// <inheritdoc/>
    public string Name => name;

    /// <inheritdoc/>
    public bool Exists => exists;

    /// <inheritdoc/>
    public int LastVersion { get; private set; } = lastVersion;

    /// <summary>True once a change was made.</summary>
    public bool Changed => changes.Count > 0;

    /// <summary>The versions query's columns, for <see cref="RecordRows.Version"/>.</summary>
    public static string VersionSelect(RegistryTables t) => $"SELECT {VersionColumns} FROM {t.Versions}";

    /// <inheritdoc/>
    public ValueTask<ModelVersion?> GetVersionAsync(int version, CancellationToken cancellationToken) =>
        QueryVersionAsync($"{VersionSelect(t)} WHERE model = $1 AND version = $2", version, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<ModelVersion?> FindByDigestAsync(string digest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(digest);
        return QueryVersionAsync($"{VersionSelect(t)} WHERE model = $1 AND digest = $2", digest, cancellationToken);
    }

    /// <inheritdoc/>
    public async ValueTask<int?> GetAliasAsync(string aliasName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(aliasName);
        await using NpgsqlCommand command = Command($"SELECT version FROM {t.Aliases} WHERE model = $1 AND alias = $2", aliasName);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is int version ? version : null;
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<string>> GetAliasesOfAsync(int version, CancellationToken cancellationToken)
    {
        await using NpgsqlCommand command = Command($"SELECT alias FROM {t.Aliases} WHERE model = $1 AND version = $2 ORDER BY alias COLLATE \"C\"", version);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var aliases = new List<string>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            aliases.Add(reader.GetString(0));
        }

        return aliases;
    }

    /// <inheritdoc/>
    public void AddVersion(ModelVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        RecordChecks.NewVersion(name, LastVersion, version);
        statements.Add(RecordRows.Command(
            $"INSERT INTO {t.Versions} (model, {VersionColumns}, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            name, version.Version, version.Digest, version.Size, version.CreatedAt.UtcTicks,
            JsonSerializer.Serialize(version.Metadata, PostgreSqlRegistryJsonContext.Default.ModelVersionMetadata), version.Archived, version.CreatedAt.UtcDateTime));
        statements.Add(RecordRows.Command($"UPDATE {t.Models} SET last_version = $2 WHERE name = $1", name, version.Version));
        LastVersion = version.Version;
        changes.Add(new RegistryChange(RegistryChangeKind.VersionRegistered, name, version.Version));
    }

    /// <inheritdoc/>
    public void ArchiveVersion(int version)
    {
        Checked(RecordRows.Command($"UPDATE {t.Versions} SET archived = true WHERE model = $1 AND version = $2 AND NOT archived", name, version));
        changes.Add(new RegistryChange(RegistryChangeKind.VersionArchived, name, version));
    }

    /// <inheritdoc/>
    public void RemoveVersion(int version)
    {
        Checked(RecordRows.Command($"DELETE FROM {t.Versions} WHERE model = $1 AND version = $2", name, version));
        changes.Add(new RegistryChange(RegistryChangeKind.VersionDeleted, name, version));
    }

    /// <inheritdoc/>
    public void MoveAlias(AliasMove move)
    {
        ArgumentNullException.ThrowIfNull(move);
        RegistryNames.Alias(move.Alias, nameof(move));
        RequireText(move.Actor, "actor");
        RequireText(move.Reason, "reason");
        RequireText(move.Evidence, "evidence");
        statements.Add(move.ToVersion is int to
            ? RecordRows.Command($"INSERT INTO {t.Aliases} (model, alias, version) VALUES ($1, $2, $3) ON CONFLICT (model, alias) DO UPDATE SET version = EXCLUDED.version", name, move.Alias, to)
            : RecordRows.Command($"DELETE FROM {t.Aliases} WHERE model = $1 AND alias = $2", name, move.Alias));

        // The model row is locked, so the next number is free; the primary key's index finds the maximum in one probe.
        statements.Add(RecordRows.Command(
            $"INSERT INTO {t.History} (model, seq, alias, from_version, to_version, at, at_ticks, actor, reason, evidence) " +
            $"SELECT $1, coalesce(max(seq), 0) + 1, $2, $3, $4, $5, $6, $7, $8, $9 FROM {t.History} WHERE model = $1",
            name, move.Alias, move.FromVersion, move.ToVersion, move.At.UtcDateTime, move.At.UtcTicks, move.Actor, move.Reason, move.Evidence));
        changes.Add(move.ToVersion is int moved
            ? new RegistryChange(RegistryChangeKind.AliasMoved, name, moved, move.Alias)
            : new RegistryChange(RegistryChangeKind.AliasRemoved, name, move.FromVersion ?? 0, move.Alias));
    }

    /// <summary>Sends the changes and their change log entries in one batch; the caller commits.</summary>
    /// <exception cref="InvalidOperationException">
    /// A change broke the record (a version to archive or remove was not there, a removed version is still aliased, an
    /// alias names no version, a digest is recorded twice): a store contract violation, refused by the schema's keys.
    /// </exception>
    public async Task ApplyAsync(Guid origin, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (NpgsqlBatchCommand statement in statements)
        {
            batch.BatchCommands.Add(statement);
        }

        ChangeLog.AddStatements(batch, t, changes, origin);
        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.ForeignKeyViolation or PostgresErrorCodes.UniqueViolation)
        {
            throw new InvalidOperationException($"Model '{name}': the update's changes break the record ({e.MessageText}); nothing was written.", e);
        }

        if (mustChangeOneRow.FirstOrDefault(s => s.RecordsAffected != 1) is { } missed)
        {
            throw new InvalidOperationException($"Model '{name}': '{missed.CommandText}' found no version {missed.Parameters[1].Value} to change.");
        }
    }

    private void Checked(NpgsqlBatchCommand statement)
    {
        statements.Add(statement);
        mustChangeOneRow.Add(statement);
    }

    private async ValueTask<ModelVersion?> QueryVersionAsync(string sql, object key, CancellationToken cancellationToken)
    {
        await using NpgsqlCommand command = Command(sql, key);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? RecordRows.Version(reader, name) : null;
    }

    private NpgsqlCommand Command(string sql, object key)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        return command;
    }

    private static void RequireText(string? value, string field)
    {
        if (value is not null && value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The alias change's {field} contains U+0000, which PostgreSQL text cannot store.", field);
        }
    }
}
