using System.Text.Json;
using Npgsql;

namespace MlSystems.Registry.PostgreSql;

/// <summary>
/// Reads a model's whole record from its rows (the model row, its versions, its aliases and its history) as four
/// result sets of one batch, so a listing is one round trip and one snapshot; and the statement helpers the rows share.
/// </summary>
internal static class RecordRows
{
    /// <summary>Adds the four queries, the model row locked for update when <paramref name="forUpdate"/>.</summary>
    public static void AddQueries(NpgsqlBatch batch, RegistryTables t, string name, bool forUpdate)
    {
        batch.BatchCommands.Add(Command($"SELECT last_version FROM {t.Models} WHERE name = $1{(forUpdate ? " FOR UPDATE" : "")}", name));
        batch.BatchCommands.Add(Command($"{RowUpdate.VersionSelect(t)} WHERE model = $1 ORDER BY version", name));
        batch.BatchCommands.Add(Command($"SELECT alias, version FROM {t.Aliases} WHERE model = $1", name));
        batch.BatchCommands.Add(Command($"SELECT alias, from_version, to_version, at_ticks, actor, reason, evidence FROM {t.History} WHERE model = $1 ORDER BY seq", name));
    }

    /// <summary>Consumes the four result sets <see cref="AddQueries"/> produced; null when the model has no row.</summary>
    public static async Task<ModelRecord?> ReadAsync(NpgsqlDataReader reader, string name, CancellationToken cancellationToken)
    {
        int? lastVersion = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? reader.GetInt32(0) : null;
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        var versions = new List<ModelVersion>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            versions.Add(Version(reader, name));
        }

        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        var aliases = new Dictionary<string, int>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            aliases[reader.GetString(0)] = reader.GetInt32(1);
        }

        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        var history = new List<AliasMove>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            history.Add(new AliasMove(
                reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetInt32(1),
                reader.IsDBNull(2) ? null : reader.GetInt32(2),
                new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6)));
        }

        return lastVersion is int last ? new ModelRecord(name, last, versions, aliases, history) : null;
    }

    /// <summary>The version on the reader's current row, whose columns are <see cref="RowUpdate.VersionSelect"/>'s.</summary>
    public static ModelVersion Version(NpgsqlDataReader reader, string name)
    {
        ModelVersionMetadata metadata = JsonSerializer.Deserialize(reader.GetString(4), PostgreSqlRegistryJsonContext.Default.ModelVersionMetadata)
            ?? throw new InvalidDataException($"Model '{name}' version {reader.GetInt32(0)} has null metadata.");
        return new ModelVersion(name, reader.GetInt32(0), reader.GetString(1), reader.GetInt64(2), new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero), metadata, reader.GetBoolean(5));
    }

    /// <summary>A batch command with positional parameters.</summary>
    public static NpgsqlBatchCommand Command(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (object? value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return command;
    }
}
