using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Threading.Channels;
using MlSystems.Registry.PostgreSql;
using Npgsql;

namespace MlSystems.Registry.Tests.Stores.PostgreSql;

/// <summary>
/// The PostgreSQL store shared by several hosts: OS processes registering, racing and killed with SIGKILL on one database,
/// connections dropped mid-transaction, and changes followed from another process across a lost connection.
/// </summary>
public sealed class PostgreSqlFleetTests : IDisposable
{
    private readonly string schema = PostgresServer.FreshSchema();
    private readonly List<IAsyncDisposable> owned = [];

    // Set by a test that keeps the bytes in a directory rather than the database.
    private string? artifactRoot;

    private string Host => "postgres:" + schema + (artifactRoot is null ? "" : ":" + artifactRoot);

    public void Dispose()
    {
        foreach (IAsyncDisposable resource in owned)
        {
            resource.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        if (PostgresServer.ConnectionString is not null)
        {
            PostgresServer.Drop(schema);
        }

        if (artifactRoot is not null && Directory.Exists(artifactRoot))
        {
            Directory.Delete(artifactRoot, recursive: true);
        }
    }

    [SkippableFact]
    public async Task Processes_starting_on_a_new_schema_migrate_it_once_and_number_versions_without_gaps()
    {
        PostgresServer.Require();
        // Nothing has created the schema: the four processes race to migrate it. Two register the same bytes.
        const int PerProcess = 15;
        string[] tags = ["host0", "host1", "host2", "host0"];
        Process[] workers = [.. tags.Select(tag => RegistryWorker.Start(Host, redirectInput: false, "fraud", PerProcess.ToString(CultureInfo.InvariantCulture), tag))];
        string[][] outputs = await Task.WhenAll(workers.Select(RegistryWorker.FinishAsync));

        ModelRegistry registry = Open();
        IReadOnlyList<ModelVersion> listed = await registry.ListVersionsAsync("fraud");
        Assert.Equal(Enumerable.Range(1, 3 * PerProcess), listed.Select(v => v.Version));
        Assert.Equal(3 * PerProcess, listed.Select(v => v.Digest).Distinct().Count());
        // The same bytes got the same version in both processes that sent them, whichever won.
        Assert.Equal(outputs[0].Order(), outputs[3].Order());
        Assert.Equal(Enumerable.Range(1, 3 * PerProcess), outputs.Take(3).SelectMany(o => o).Select(int.Parse).Order());
        Assert.Equal([1, 2], await Scalars<int>($"SELECT version FROM \"{schema}\".schema_migrations ORDER BY version"));
    }

    [SkippableFact]
    public async Task Processes_racing_to_move_an_alias_have_one_winner_per_round_and_history_is_a_chain()
    {
        ModelRegistry registry = Open();
        for (int i = 0; i < 8; i++)
        {
            await registry.RegisterAsync("fraud", Bytes($"m{i}"));
        }

        await registry.SetAliasAsync("fraud", "champion", 1, AliasCondition.Unset);
        Process[] workers = [.. Enumerable.Range(2, 7).Select(v => RegistryWorker.Start(Host, redirectInput: false, "fraud", v.ToString(CultureInfo.InvariantCulture), $"host{v}", "alias-race"))];
        string[] results = [.. (await Task.WhenAll(workers.Select(RegistryWorker.FinishAsync))).SelectMany(o => o)];

        Assert.Equal(1, results.Count(r => r == "won"));
        Assert.Equal(6, results.Count(r => r == "lost"));
        IReadOnlyList<AliasMove> history = await registry.GetAliasHistoryAsync("fraud", "champion");
        Assert.Equal(2, history.Count);
        Assert.Equal(history[0].ToVersion, history[1].FromVersion);
        Assert.Equal((await registry.GetAliasesAsync("fraud"))["champion"], history[^1].ToVersion);
        Assert.Equal($"host{history[^1].ToVersion}", history[^1].Actor);
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Writers_killed_mid_registration_leave_nothing_partial_and_the_store_goes_on(bool bytesInFiles)
    {
        artifactRoot = bytesInFiles ? Path.Combine(Path.GetTempPath(), "mlsystems-fleet-artifacts-" + Guid.NewGuid().ToString("N")) : null;
        ModelRegistry registry = Open();
        await registry.RegisterAsync("fraud", Bytes("v1"));

        // Killed while sending its artifact.
        for (int seed = 0; seed < 3; seed++)
        {
            byte[] payload = Payload(seed);
            using Process receiving = RegistryWorker.Start(Host, redirectInput: true, "fraud", "1", $"receiver{seed}", "stdin");
            await receiving.StandardInput.BaseStream.WriteAsync(payload.AsMemory(0, payload.Length / 2));
            await receiving.StandardInput.BaseStream.FlushAsync();
            Assert.Equal("receiving", await receiving.StandardOutput.ReadLineAsync());
            await RegistryWorker.KillAsync(receiving);
        }

        // Killed after its artifact is published, while it waits for the model's row, locked here, to record the version.
        byte[] orphan = Payload(seed: 100);
        await using (NpgsqlConnection holder = await OpenConnectionAsync())
        await using (NpgsqlTransaction hold = await holder.BeginTransactionAsync())
        {
            await Execute(holder, hold, $"SELECT 1 FROM \"{schema}\".models WHERE name = 'fraud' FOR UPDATE");
            using Process stuck = RegistryWorker.Start(Host, redirectInput: true, "fraud", "1", "stuck", "stdin");
            await stuck.StandardInput.BaseStream.WriteAsync(orphan);
            stuck.StandardInput.Close();
            Assert.Equal("receiving", await stuck.StandardOutput.ReadLineAsync());
            Assert.Equal("published", await stuck.StandardOutput.ReadLineAsync());
            await RegistryWorker.KillAsync(stuck);
            await hold.RollbackAsync();
        }

        // Killed at whatever moment: workers registering as fast as they can, killed after five.
        foreach (int host in (int[])[0, 1, 2])
        {
            using Process busy = RegistryWorker.Start(Host, redirectInput: false, "fraud", "1000", $"busy{host}");
            for (int line = 0; line < 5; line++)
            {
                Assert.NotNull(await busy.StandardOutput.ReadLineAsync());
            }

            await RegistryWorker.KillAsync(busy);
        }

        // The store still takes registrations (the dead writers' locks went with their sessions), numbered on from the last.
        IReadOnlyList<ModelVersion> before = await registry.ListVersionsAsync("fraud");
        ModelVersion next = await registry.RegisterAsync("fraud", Bytes("after the kills"));
        Assert.Equal(before[^1].Version + 1, next.Version);

        RegistryReclaimResult reclaimed = await registry.ReclaimAsync();
        Assert.True(reclaimed.OrphanedArtifacts >= 1, reclaimed.ToString());

        // Files stage on disk with a lock the kill released: the three killed while sending are among what is reclaimed.
        Assert.True(!bytesInFiles || reclaimed.StagedArtifacts >= 3, reclaimed.ToString());

        // Nothing partial: versions without gaps, each verifying, and exactly their artifacts stored, each chunk present.
        IReadOnlyList<ModelVersion> versions = await registry.ListVersionsAsync("fraud");
        Assert.Equal(Enumerable.Range(1, versions.Count), versions.Select(v => v.Version));
        foreach (ModelVersion version in versions)
        {
            await using Stream verified = await registry.OpenArtifactAsync("fraud", version.Version);
            await verified.CopyToAsync(Stream.Null);
        }

        if (bytesInFiles)
        {
            Assert.Equal(versions.Select(v => v.Digest[7..]).Order(StringComparer.Ordinal), Directory.EnumerateFiles(Path.Combine(artifactRoot!, "blobs"), "*", SearchOption.AllDirectories).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(artifactRoot!, "staging")));
            Assert.Empty(await Scalars<string>($"SELECT digest FROM \"{schema}\".artifacts"));
            return;
        }

        Assert.Equal(versions.Select(v => v.Digest).Order(StringComparer.Ordinal), await Scalars<string>($"SELECT digest FROM \"{schema}\".artifacts ORDER BY digest COLLATE \"C\""));
        Assert.Empty(await Scalars<string>(
            $"SELECT a.digest FROM \"{schema}\".artifacts a WHERE (SELECT coalesce(sum(length(c.data)), 0) FROM \"{schema}\".artifact_chunks c WHERE c.digest = a.digest) <> a.size"));
    }

    [SkippableFact]
    public async Task A_connection_dropped_in_the_middle_of_a_registration_is_retried_whole()
    {
        ModelRegistry registry = Open();
        await registry.RegisterAsync("fraud", Bytes("v1"));

        Task<ModelVersion> registering;
        await using (NpgsqlConnection holder = await OpenConnectionAsync())
        await using (NpgsqlTransaction hold = await holder.BeginTransactionAsync())
        {
            await Execute(holder, hold, $"SELECT 1 FROM \"{schema}\".models WHERE name = 'fraud' FOR UPDATE");
            registering = registry.RegisterAsync("fraud", Bytes("v2"));

            // The registration's transaction is open and waiting on the row: drop its connection from the server side.
            int blocked = await WaitForAsync(async () => (await Scalars<int>(
                "SELECT pid FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))", holder.ProcessID)).FirstOrDefault());
            Assert.True(await Scalar<bool>("SELECT pg_terminate_backend($1)", blocked));
            await hold.RollbackAsync();
        }

        ModelVersion registered = await registering;
        Assert.Equal(2, registered.Version);
        Assert.Equal([1, 2], (await registry.ListVersionsAsync("fraud")).Select(v => v.Version));
    }

    [SkippableFact]
    public async Task Changes_made_by_one_process_reach_the_registry_of_another_in_commit_order()
    {
        ModelRegistry registry = Open();
        await registry.RegisterAsync("fraud", Bytes("m0"));

        // This process follows a worker's changes ...
        var heard = new List<RegistryChange>();
        var third = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (registry.Changes.Subscribe(new Observer(change =>
        {
            lock (heard)
            {
                heard.Add(change);
                if (heard.Count == 3)
                {
                    third.TrySetResult();
                }
            }
        })))
        {
            string[] registered = await RegistryWorker.FinishAsync(RegistryWorker.Start(Host, redirectInput: false, "fraud", "3", "remote"));
            await third.Task.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(registered.Select(v => new RegistryChange(RegistryChangeKind.VersionRegistered, "fraud", int.Parse(v, CultureInfo.InvariantCulture))), heard);
        }

        // ... and a worker follows this one's, its own changes not echoed back to it.
        using Process watcher = RegistryWorker.Start(Host, redirectInput: false, "fraud", "4", "watcher", "watch");
        Assert.Equal("watching", await watcher.StandardOutput.ReadLineAsync());
        await registry.SetAliasAsync("fraud", "champion", 2, AliasCondition.Unset);
        await registry.SetAliasAsync("fraud", "champion", 3, AliasCondition.Is(2));
        await registry.ArchiveAsync("fraud", 1);
        await registry.RemoveAliasAsync("fraud", "champion", AliasCondition.Is(3));
        Assert.Equal(["AliasMoved fraud 2 champion", "AliasMoved fraud 3 champion", "VersionArchived fraud 1", "AliasRemoved fraud 3 champion"], await RegistryWorker.FinishAsync(watcher));
    }

    [SkippableFact]
    public async Task A_follower_that_loses_its_connection_catches_up_on_every_change_made_meanwhile()
    {
        string role = $"follower_{Guid.NewGuid():N}";
        await Execute($"CREATE ROLE {role} SUPERUSER LOGIN");
        try
        {
            ModelRegistry writer = Open();
            await writer.RegisterAsync("fraud", Bytes("m0"));
            await writer.RegisterAsync("fraud", Bytes("m1"));

            // The follower is another host: its own role and connections (no pool to hand back an old session), its own clock.
            var time = new ManualTimers();
            var builder = new NpgsqlConnectionStringBuilder(PostgresServer.Require()) { Username = role, Pooling = false };
            var followerStore = new PostgreSqlModelRegistryStore(builder.ConnectionString, new PostgreSqlRegistryStoreOptions { Schema = schema }, time);
            owned.Add(followerStore);
            var follower = new ModelRegistry(followerStore);
            var heard = new List<RegistryChange>();
            var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using IDisposable subscription = follower.Changes.Subscribe(new Observer(change =>
            {
                lock (heard)
                {
                    heard.Add(change);
                    if (heard.Count == 4)
                    {
                        all.TrySetResult();
                    }
                }
            }));

            // Cut it off: its listening session is ended and it may not log in again until let back.
            await Execute($"ALTER ROLE {role} NOLOGIN");
            Assert.True(await Scalar<bool>("SELECT bool_or(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1", ChangeListenerName));
            // Its first attempt to reconnect is refused; it waits on its clock before the next.
            ManualTimers.Pending retry = await time.NextTimerAsync().WaitAsync(TimeSpan.FromSeconds(30));

            await writer.SetAliasAsync("fraud", "champion", 1, AliasCondition.Unset);
            await writer.SetAliasAsync("fraud", "champion", 2, AliasCondition.Is(1));
            await writer.ArchiveAsync("fraud", 1);
            await writer.DeleteVersionAsync("fraud", 1);
            Assert.Empty(heard);

            await Execute($"ALTER ROLE {role} LOGIN");
            retry.Fire();
            await all.Task.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(
            [
                new RegistryChange(RegistryChangeKind.AliasMoved, "fraud", 1, "champion"),
                new RegistryChange(RegistryChangeKind.AliasMoved, "fraud", 2, "champion"),
                new RegistryChange(RegistryChangeKind.VersionArchived, "fraud", 1),
                new RegistryChange(RegistryChangeKind.VersionDeleted, "fraud", 1),
            ], heard);
        }
        finally
        {
            foreach (IAsyncDisposable resource in owned)
            {
                await resource.DisposeAsync();
            }

            owned.Clear();
            await Execute($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{role}'");
            await Execute($"DROP ROLE IF EXISTS {role}");
        }
    }

    [SkippableFact]
    public async Task Sql_metacharacters_in_every_free_text_field_round_trip_as_data()
    {
        ModelRegistry registry = Open();
        string[] hostile = ["'; DROP TABLE models; --", "\" OR 1=1 --", "$1 $$ $body$", "\\x27\\\\", "Robert'); DELETE FROM versions;--", "ü — 𝔘 \t\r\n"];
        for (int i = 0; i < hostile.Length; i++)
        {
            string text = hostile[i];
            var metadata = new ModelVersionMetadata
            {
                Description = text,
                Tags = new Dictionary<string, string> { [text] = text, ["team"] = text },
                Parameters = new Dictionary<string, string> { [text] = text },
                Metrics = new Dictionary<string, double> { [text] = i },
            };
            ModelVersion version = await registry.RegisterAsync("fraud", Bytes(text), metadata);
            await registry.SetAliasAsync("fraud", "champion", version.Version, AliasCondition.Any, new AliasChange(text, text, $"{{\"note\": {System.Text.Json.JsonSerializer.Serialize(text)}}}"));
        }

        ModelRegistry reopened = Open();
        IReadOnlyList<ModelVersion> versions = await reopened.ListVersionsAsync("fraud");
        Assert.Equal(hostile, versions.Select(v => v.Metadata.Description));
        Assert.Equal(hostile, versions.Select(v => v.Metadata.Tags["team"]));
        Assert.All(versions, v => Assert.Equal(v.Metadata.Description, Assert.Single(v.Metadata.Parameters).Value));
        IReadOnlyList<AliasMove> history = await reopened.GetAliasHistoryAsync("fraud");
        Assert.Equal(hostile, history.Select(m => m.Actor));
        Assert.Equal(hostile, history.Select(m => m.Reason));
        Assert.Single(await reopened.SearchAsync(new ModelQuery { TagKey = "team", TagValue = hostile[0] }));
        Assert.Equal(hostile.Select(text => $"{{\"note\": {System.Text.Json.JsonSerializer.Serialize(text)}}}"), history.Select(m => m.Evidence));
        Assert.Equal(8, (await Scalars<string>($"SELECT table_name::text FROM information_schema.tables WHERE table_schema = '{schema}'")).Count);
    }

    private string ChangeListenerName => "mlsystems-changes:" + schema;

    private ModelRegistry Open()
    {
        var store = new PostgreSqlModelRegistryStore(PostgresServer.Require(), new PostgreSqlRegistryStoreOptions
        {
            Schema = schema,
            ChunkSize = PostgreSqlRegistryStoreOptions.MinChunkSize,
            Artifacts = artifactRoot is null ? null : new FileSystemArtifactStore(artifactRoot),
        });
        owned.Add(store);
        return new ModelRegistry(store);
    }

    private static MemoryStream Bytes(string text) => new(Encoding.UTF8.GetBytes(text));

    private static byte[] Payload(int seed)
    {
        byte[] bytes = new byte[512 * 1024];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static async Task<NpgsqlConnection> OpenConnectionAsync()
    {
        var connection = new NpgsqlConnection(PostgresServer.Require());
        await connection.OpenAsync();
        return connection;
    }

    private static async Task Execute(string sql)
    {
        await using NpgsqlConnection connection = await OpenConnectionAsync();
        await Execute(connection, null, sql);
    }

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> Scalar<T>(string sql, params object[] values) => (await Scalars<T>(sql, values)).Single();

    private static async Task<List<T>> Scalars<T>(string sql, params object[] values)
    {
        await using NpgsqlConnection connection = await OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (object value in values)
        {
            command.Parameters.Add(new() { Value = value });
        }

        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetFieldValue<T>(0));
        }

        return rows;
    }

    /// <summary>Asks the server until <paramref name="probe"/> answers non-zero: each try is a round trip, not a sleep.</summary>
    private static async Task<int> WaitForAsync(Func<Task<int>> probe)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!timeout.IsCancellationRequested)
        {
            if (await probe() is int found and not 0)
            {
                return found;
            }
        }

        throw new TimeoutException("The server never showed what the test waited for.");
    }

    private sealed class Observer(Action<RegistryChange> next) : IObserver<RegistryChange>
    {
        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void OnNext(RegistryChange value) => next(value);
    }

    /// <summary>A clock whose timers fire only when the test says: the test sees each wait begin and ends it.</summary>
    private sealed class ManualTimers : TimeProvider
    {
        private readonly Channel<Pending> created = Channel.CreateUnbounded<Pending>();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = new Pending(callback, state);
            created.Writer.TryWrite(timer);
            return timer;
        }

        /// <summary>The next timer created, once it is.</summary>
        public Task<Pending> NextTimerAsync() => created.Reader.ReadAsync().AsTask();

        public sealed class Pending(TimerCallback callback, object? state) : ITimer
        {
            private volatile bool disposed;

            public void Fire()
            {
                if (!disposed)
                {
                    callback(state);
                }
            }

            public bool Change(TimeSpan dueTime, TimeSpan period) => !disposed;

            public void Dispose() => disposed = true;

            public ValueTask DisposeAsync()
            {
                disposed = true;
                return default;
            }
        }
    }
}
