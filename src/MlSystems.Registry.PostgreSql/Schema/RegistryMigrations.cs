using MlSystems.PostgreSql;

namespace MlSystems.Registry.PostgreSql;

/// <summary>
/// The registry schema's history. A step is never edited once released: a change to the tables is a new step at the
/// end. The package README documents the tables these steps produce.
/// </summary>
internal static class RegistryMigrations
{
    public static IReadOnlyList<SchemaMigration<RegistryTables>> All { get; } =
    [
        new(1, "models, versions, aliases, alias history and chunked artifacts", t => $"""
            CREATE TABLE {t.Models} (
                name text PRIMARY KEY,
                last_version integer NOT NULL CHECK (last_version >= 0));
            CREATE TABLE {t.Versions} (
                model text NOT NULL REFERENCES {t.Models} (name),
                version integer NOT NULL CHECK (version >= 1),
                digest text NOT NULL,
                size bigint NOT NULL CHECK (size >= 0),
                created_at timestamptz NOT NULL,
                created_at_ticks bigint NOT NULL,
                metadata text NOT NULL,
                archived boolean NOT NULL,
                PRIMARY KEY (model, version),
                UNIQUE (model, digest));
            CREATE INDEX ON {t.Versions} (digest);
            CREATE TABLE {t.Aliases} (
                model text NOT NULL,
                alias text NOT NULL,
                version integer NOT NULL,
                PRIMARY KEY (model, alias),
                FOREIGN KEY (model, version) REFERENCES {t.Versions} (model, version));
            CREATE TABLE {t.History} (
                model text NOT NULL REFERENCES {t.Models} (name),
                seq integer NOT NULL CHECK (seq >= 1),
                alias text NOT NULL,
                from_version integer,
                to_version integer,
                at timestamptz NOT NULL,
                at_ticks bigint NOT NULL,
                actor text,
                reason text,
                evidence text,
                PRIMARY KEY (model, seq));
            CREATE TABLE {t.Artifacts} (
                digest text PRIMARY KEY,
                size bigint NOT NULL CHECK (size >= 0),
                chunk_size integer NOT NULL CHECK (chunk_size > 0),
                published_at timestamptz NOT NULL DEFAULT now());
            CREATE TABLE {t.Chunks} (
                digest text NOT NULL REFERENCES {t.Artifacts} (digest) ON DELETE CASCADE,
                index integer NOT NULL CHECK (index >= 0),
                data bytea NOT NULL,
                PRIMARY KEY (digest, index));
            """),
        new(2, "the change log other hosts follow", t => $"""
            CREATE TABLE {t.Changes} (
                seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                origin uuid NOT NULL,
                kind smallint NOT NULL,
                model text NOT NULL,
                version integer NOT NULL,
                alias text,
                at timestamptz NOT NULL DEFAULT now());
            CREATE INDEX ON {t.Changes} (at);
            """),
    ];
}
