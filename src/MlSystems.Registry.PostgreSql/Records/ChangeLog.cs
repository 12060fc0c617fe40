using Npgsql;

namespace MlSystems.Registry.PostgreSql;

/// <summary>
/// The change log other hosts follow: an update's changes become log rows and a NOTIFY in the update's own
/// transaction, so they are announced exactly when, and only if, the change commits.
/// </summary>
internal static class ChangeLog
{
    /// <summary>Adds the log rows and the notification for <paramref name="changes"/>; nothing when there are none.</summary>
    /// <param name="batch">Receives the statements, after the changes' own.</param>
    /// <param name="t">The tables.</param>
    /// <param name="changes">What the update changed, in order.</param>
    /// <param name="origin">The writing store instance, recorded so it does not report its own changes back.</param>
    public static void AddStatements(NpgsqlBatch batch, RegistryTables t, IReadOnlyList<RegistryChange> changes, Guid origin)
    {
        if (changes.Count == 0)
        {
            return;
        }

        // Taken last, just before the commit, so it is held for the shortest time and always after the model's row
        // lock: writers of different models queue here only for their commit, and never in opposite orders. Log order
        // is then commit order, which a follower reading past its last sequence number relies on.
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
