using MlSystems.PostgreSql;

namespace MlSystems.Monitoring.PostgreSql;

/// <summary>
/// The fleet schema's history. A step is never edited once released: a change to the tables is a new step at the end.
/// The package README documents the tables these steps produce. Times are UTC ticks, so they round-trip to the 100 ns.
/// </summary>
internal static class FleetMigrations
{
    public static IReadOnlyList<SchemaMigration<FleetTables>> All { get; } =
    [
        new(1, "summaries, leases and plans", t => $"""
            CREATE TABLE {t.Summaries} (
                position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                model text NOT NULL,
                host text NOT NULL,
                seq bigint NOT NULL CHECK (seq >= 1),
                interval_start_ticks bigint NOT NULL,
                interval_end_ticks bigint NOT NULL CHECK (interval_end_ticks >= interval_start_ticks),
                format integer NOT NULL CHECK (format >= 1),
                payload bytea NOT NULL,
                UNIQUE (model, host, seq));
            CREATE INDEX ON {t.Summaries} (model, position);
            CREATE INDEX ON {t.Summaries} (model, interval_end_ticks);
            CREATE TABLE {t.Leases} (
                model text PRIMARY KEY,
                holder text NOT NULL,
                token bigint NOT NULL CHECK (token >= 1),
                expires_at_ticks bigint NOT NULL);
            CREATE TABLE {t.Plans} (
                model text NOT NULL,
                revision bigint NOT NULL CHECK (revision >= 1),
                format integer NOT NULL CHECK (format >= 1),
                payload bytea NOT NULL,
                holder text NOT NULL,
                token bigint NOT NULL,
                written_at_ticks bigint NOT NULL,
                PRIMARY KEY (model, revision));
            """),
    ];
}
