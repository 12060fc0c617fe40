using System.Text.Json;
using Npgsql;

namespace MlSystems.Registry.PostgreSql;

/// <summary>
/// Turns the difference between a model's record before and after an update into row statements: only the versions,
/// aliases and history entries that changed are written, so a change costs the same however long the history is.
/// Statements are ordered so every foreign key holds after each one (versions before the aliases that name them,
/// aliases removed before their versions).
/// </summary>
internal static class RecordChanges
{
    /// <summary>Adds the statements that turn <paramref name="before"/> into <paramref name="after"/>.</summary>
    /// <exception cref="ArgumentException">A text field holds U+0000, which PostgreSQL text cannot store; nothing is written.</exception>
    /// <exception cref="InvalidOperationException">The update rewrote history or renamed the model (a store contract violation).</exception>
    /// <param name="batch">Receives the statements.</param>
    /// <param name="t">The tables.</param>
    /// <param name="before">The record as read, locked; null for a new model.</param>
    /// <param name="after">The record the update returned.</param>
    /// <param name="origin">The writing store instance, recorded with each change so it does not report its own changes back.</param>
    public static void AddStatements(NpgsqlBatch batch, RegistryTables t, ModelRecord? before, ModelRecord after, Guid origin)
    {
        before ??= ModelRecord.Empty(after.Name);
        if (after.History.Count < before.History.Count)
        {
            throw new InvalidOperationException($"Model '{after.Name}': alias history is append-only, but the update removed entries.");
        }

        for (int i = before.History.Count; i < after.History.Count; i++)
        {
            AliasMove move = after.History[i];
            RequireText(move.Actor, "actor");
            RequireText(move.Reason, "reason");
            RequireText(move.Evidence, "evidence");
        }

        var old = before.Versions.ToDictionary(v => v.Version);
        var kept = new HashSet<int>();
        var changes = new List<RegistryChange>();
        foreach (ModelVersion version in after.Versions)
        {
            kept.Add(version.Version);
            if (!old.TryGetValue(version.Version, out ModelVersion? previous))
            {
                changes.Add(new RegistryChange(RegistryChangeKind.VersionRegistered, after.Name, version.Version));
                batch.BatchCommands.Add(RecordRows.Command(
                    $"INSERT INTO {t.Versions} (model, version, digest, size, created_at, created_at_ticks, metadata, archived) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                    after.Name, version.Version, version.Digest, version.Size, version.CreatedAt.UtcDateTime, version.CreatedAt.UtcTicks,
                    JsonSerializer.Serialize(version.Metadata, PostgreSqlRegistryJsonContext.Default.ModelVersionMetadata), version.Archived));
            }
            else if (previous != version)
            {
                if (version.Archived && !previous.Archived)
                {
                    changes.Add(new RegistryChange(RegistryChangeKind.VersionArchived, after.Name, version.Version));
                }

                batch.BatchCommands.Add(RecordRows.Command(
                    $"UPDATE {t.Versions} SET archived = $3, metadata = $4 WHERE model = $1 AND version = $2",
                    after.Name, version.Version, version.Archived, JsonSerializer.Serialize(version.Metadata, PostgreSqlRegistryJsonContext.Default.ModelVersionMetadata)));
            }
        }

        foreach ((string alias, _) in before.Aliases.Where(a => !after.Aliases.ContainsKey(a.Key)))
        {
            batch.BatchCommands.Add(RecordRows.Command($"DELETE FROM {t.Aliases} WHERE model = $1 AND alias = $2", after.Name, alias));
        }

        foreach ((string alias, int version) in after.Aliases.Where(a => !before.Aliases.TryGetValue(a.Key, out int was) || was != a.Value))
        {
            batch.BatchCommands.Add(RecordRows.Command(
                $"INSERT INTO {t.Aliases} (model, alias, version) VALUES ($1, $2, $3) ON CONFLICT (model, alias) DO UPDATE SET version = EXCLUDED.version",
                after.Name, alias, version));
        }

        foreach (int removed in old.Keys.Where(v => !kept.Contains(v)))
        {
            batch.BatchCommands.Add(RecordRows.Command($"DELETE FROM {t.Versions} WHERE model = $1 AND version = $2", after.Name, removed));
            changes.Add(new RegistryChange(RegistryChangeKind.VersionDeleted, after.Name, removed));
        }

        for (int i = before.History.Count; i < after.History.Count; i++)
        {
            AliasMove move = after.History[i];
            batch.BatchCommands.Add(RecordRows.Command(
                $"INSERT INTO {t.History} (model, seq, alias, from_version, to_version, at, at_ticks, actor, reason, evidence) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                after.Name, i + 1, move.Alias, move.FromVersion, move.ToVersion, move.At.UtcDateTime, move.At.UtcTicks, move.Actor, move.Reason, move.Evidence));
            changes.Add(move.ToVersion is int to
                ? new RegistryChange(RegistryChangeKind.AliasMoved, after.Name, to, move.Alias)
                : new RegistryChange(RegistryChangeKind.AliasRemoved, after.Name, move.FromVersion ?? 0, move.Alias));
        }

        if (after.LastVersion != before.LastVersion)
        {
            batch.BatchCommands.Add(RecordRows.Command($"UPDATE {t.Models} SET last_version = $2 WHERE name = $1", after.Name, after.LastVersion));
        }

        if (changes.Count > 0)
        {
            // Taken last, just before the commit, so it is held for the shortest time and always after the model's row
            // lock: writers of different models queue here only for their commit, and never in opposite orders.
            batch.BatchCommands.Add(RecordRows.Command("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", t.ChangeLockKey));
            foreach (RegistryChange change in changes)
            {
                batch.BatchCommands.Add(RecordRows.Command(
                    $"INSERT INTO {t.Changes} (origin, kind, model, version, alias) VALUES ($1, $2, $3, $4, $5)",
                    origin, (short)change.Kind, change.ModelName, change.Version, change.Alias));
            }

            // Delivered to listeners when the transaction commits, and not at all if it rolls back.
            batch.BatchCommands.Add(RecordRows.Command("SELECT pg_notify($1, '')", t.Channel));
        }
    }

    private static void RequireText(string? value, string field)
    {
        if (value is not null && value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The alias change's {field} contains U+0000, which PostgreSQL text cannot store.", field);
        }
    }
}
