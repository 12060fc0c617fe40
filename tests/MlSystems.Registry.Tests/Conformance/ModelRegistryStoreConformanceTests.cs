using System.Text;

namespace MlSystems.Registry.Tests.Conformance;

/// <summary>
/// What every <see cref="IModelRegistryStore"/> must do behind <see cref="ModelRegistry"/>. A new backend derives from
/// this class, supplies <see cref="CreateStore"/> and <see cref="Corrupt"/>, and must pass every test unchanged.
/// </summary>
public abstract partial class ModelRegistryStoreConformanceTests : IDisposable
{
    // Created on first use (a subclass's constructor has run by then) and at most once: the concurrency tests touch
    // the registry first from many threads, and a second store made by a race would hide registrations.
    private readonly Lazy<IModelRegistryStore> store;
    private readonly Lazy<ModelRegistry> registry;

    protected ModelRegistryStoreConformanceTests()
    {
        store = new Lazy<IModelRegistryStore>(CreateStore);
        registry = new Lazy<ModelRegistry>(() => new ModelRegistry(Store));
    }

    protected IModelRegistryStore Store => store.Value;

    protected ModelRegistry Registry => registry.Value;

    /// <summary>A fresh, empty store.</summary>
    protected abstract IModelRegistryStore CreateStore();

    /// <summary>Replaces the stored bytes of an artifact behind the registry's back.</summary>
    protected abstract void Corrupt(string digest, byte[] bytes);

    public virtual void Dispose()
    {
        if (store.IsValueCreated)
        {
            (store.Value as IDisposable)?.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    [SkippableFact]
    public async Task Versions_are_numbered_from_one_and_the_same_bytes_register_once()
    {
        ModelVersion v1 = await Register("fraud", "model-a");
        ModelVersion v2 = await Register("fraud", "model-b");
        ModelVersion again = await Register("fraud", "model-a", new ModelVersionMetadata { Description = "ignored: same bytes" });
        Assert.Equal((1, 2), (v1.Version, v2.Version));
        Assert.Equal(v1, again);
        Assert.Equal([1, 2], (await Registry.ListVersionsAsync("fraud")).Select(v => v.Version));
        Assert.Equal(Digest("model-a"), v1.Digest);
        Assert.Equal(7, v1.Size);

        // Another model may hold the same bytes; its numbering is its own.
        Assert.Equal(1, (await Register("other", "model-b")).Version);
        Assert.Equal(["fraud", "other"], await Registry.ListModelsAsync());
    }

    [SkippableFact]
    public async Task Metadata_and_lineage_round_trip()
    {
        var metadata = new ModelVersionMetadata
        {
            Description = "gradient-boosted trees on 2026-10",
            Parameters = new Dictionary<string, string> { ["trees"] = "200", ["learningRate"] = "0.05" },
            Metrics = new Dictionary<string, double> { ["auc"] = 0.9312, ["logLoss"] = 0.2101 },
            Tags = new Dictionary<string, string> { ["team"] = "risk", ["framework"] = "ML.NET" },
            InputSchema = [new("Amount", "Single"), new("Country", "String")],
            OutputSchema = [new("Score", "Single")],
            Lineage = new ModelLineage("sha256:feed", "profiles/fraud-2026-10.json", "4f2a9c1", ParentVersion: null),
        };
        await Register("fraud", "v1");
        ModelVersion v2 = await Registry.RegisterAsync("fraud", Bytes("v2"), metadata with { Lineage = metadata.Lineage with { ParentVersion = 1 } });
        ModelVersion read = (await Registry.GetVersionAsync("fraud", 2))!;
        Assert.Equal(v2.Digest, read.Digest);
        Assert.Equal(metadata.Description, read.Metadata.Description);
        Assert.Equal(metadata.Parameters, read.Metadata.Parameters);
        Assert.Equal(metadata.Metrics, read.Metadata.Metrics);
        Assert.Equal(metadata.Tags, read.Metadata.Tags);
        Assert.Equal(metadata.InputSchema, read.Metadata.InputSchema);
        Assert.Equal(metadata.OutputSchema, read.Metadata.OutputSchema);
        Assert.Equal(metadata.Lineage with { ParentVersion = 1 }, read.Metadata.Lineage);
    }

    [SkippableFact]
    public async Task Artifacts_read_back_exactly_and_tampered_ones_are_refused()
    {
        ModelVersion v1 = await Register("fraud", "the real model");
        using (var reader = new StreamReader(await Registry.OpenArtifactAsync("fraud", 1)))
        {
            Assert.Equal("the real model", await reader.ReadToEndAsync());
        }

        Corrupt(v1.Digest, Encoding.UTF8.GetBytes("the real modeL"));
        var error = await Assert.ThrowsAsync<ModelIntegrityException>(() => Registry.OpenArtifactAsync("fraud", 1));
        Assert.Contains(v1.Digest, error.Message, StringComparison.Ordinal);

        Corrupt(v1.Digest, Encoding.UTF8.GetBytes("the real model plus a payload"));
        await Assert.ThrowsAsync<ModelIntegrityException>(() => Registry.OpenArtifactAsync("fraud", 1));
        await Assert.ThrowsAsync<ModelNotFoundException>(() => Registry.OpenArtifactAsync("fraud", 9));
    }

    [SkippableFact]
    public async Task Aliases_move_by_compare_and_swap_with_a_history_that_makes_rollback_a_move_back()
    {
        await Register("fraud", "a");
        await Register("fraud", "b");
        await Registry.SetAliasAsync("fraud", "champion", 1, AliasCondition.Unset, new AliasChange("alice", "first model"));
        await Assert.ThrowsAsync<AliasConflictException>(() => Registry.SetAliasAsync("fraud", "champion", 2, AliasCondition.Unset));
        await Assert.ThrowsAsync<AliasConflictException>(() => Registry.SetAliasAsync("fraud", "champion", 2, AliasCondition.Is(2)));
        AliasMove promote = await Registry.SetAliasAsync("fraud", "champion", 2, AliasCondition.Is(1), new AliasChange("canary", "all gates passed", "{\"auc\":0.93}"));
        Assert.Equal((1, 2), (promote.FromVersion, promote.ToVersion));
        Assert.Equal(2, (await Registry.GetByAliasAsync("fraud", "champion"))!.Version);

        // Rollback: move it back, with the reason on record.
        await Registry.SetAliasAsync("fraud", "champion", 1, AliasCondition.Is(2), new AliasChange("oncall", "error rate doubled"));
        IReadOnlyList<AliasMove> history = await Registry.GetAliasHistoryAsync("fraud", "champion");
        Assert.Equal([(null, 1), (1, 2), (2, 1)], history.Select(m => (m.FromVersion, m.ToVersion)));
        Assert.Equal(["alice", "canary", "oncall"], history.Select(m => m.Actor));
        Assert.Equal("{\"auc\":0.93}", history[1].Evidence);

        await Registry.SetAliasAsync("fraud", "challenger", 2, AliasCondition.Any);
        Assert.Equal(new Dictionary<string, int> { ["champion"] = 1, ["challenger"] = 2 }, await Registry.GetAliasesAsync("fraud"));
        await Registry.RemoveAliasAsync("fraud", "challenger", AliasCondition.Is(2));
        Assert.Null(await Registry.GetByAliasAsync("fraud", "challenger"));
        Assert.Equal(5, (await Registry.GetAliasHistoryAsync("fraud")).Count);
        await Assert.ThrowsAsync<ModelNotFoundException>(() => Registry.RemoveAliasAsync("fraud", "challenger", AliasCondition.Any));
        await Assert.ThrowsAsync<ModelNotFoundException>(() => Registry.SetAliasAsync("fraud", "champion", 3, AliasCondition.Any));
        await Assert.ThrowsAsync<ModelNotFoundException>(() => Registry.SetAliasAsync("nobody", "champion", 1, AliasCondition.Any));
    }

    [SkippableFact]
    public async Task Concurrent_alias_moves_have_exactly_one_winner()
    {
        for (int i = 0; i < 9; i++)
        {
            await Register("fraud", $"m{i}");
        }

        await Registry.SetAliasAsync("fraud", "champion", 1, AliasCondition.Unset);
        Task<bool>[] attempts = [.. Enumerable.Range(2, 8).Select(v => Task.Run(async () =>
        {
            try
            {
                await Registry.SetAliasAsync("fraud", "champion", v, AliasCondition.Is(1));
                return true;
            }
            catch (AliasConflictException)
            {
                return false;
            }
        }))];
        bool[] won = await Task.WhenAll(attempts);
        Assert.Equal(1, won.Count(w => w));
        int winner = Enumerable.Range(2, 8).ElementAt(Array.IndexOf(won, true));
        Assert.Equal(winner, (await Registry.GetByAliasAsync("fraud", "champion"))!.Version);
        Assert.Equal(2, (await Registry.GetAliasHistoryAsync("fraud", "champion")).Count);
    }

    [SkippableFact]
    public async Task Concurrent_registrations_lose_and_duplicate_nothing()
    {
        ModelVersion[] versions = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => Task.Run(() => Register("busy", $"artifact-{i % 20}"))));
        IReadOnlyList<ModelVersion> listed = await Registry.ListVersionsAsync("busy");
        Assert.Equal(Enumerable.Range(1, 20), listed.Select(v => v.Version));
        Assert.Equal(20, listed.Select(v => v.Digest).Distinct().Count());
        Assert.All(versions, v => Assert.Contains(v, listed));
    }

    [SkippableFact]
    public async Task Archive_and_delete_follow_the_rules_and_numbers_are_never_reused()
    {
        await Register("fraud", "a");
        await Register("fraud", "b");
        await Register("fraud", "c");
        await Registry.SetAliasAsync("fraud", "champion", 2, AliasCondition.Unset);
        await Assert.ThrowsAsync<ModelVersionInUseException>(() => Registry.DeleteVersionAsync("fraud", 2));
        await Assert.ThrowsAsync<ModelVersionInUseException>(() => Registry.ArchiveAsync("fraud", 2));

        ModelVersion archived = await Registry.ArchiveAsync("fraud", 1);
        Assert.True(archived.Archived);
        Assert.Equal(archived, await Registry.ArchiveAsync("fraud", 1));
        await Assert.ThrowsAsync<ModelVersionInUseException>(() => Registry.SetAliasAsync("fraud", "old", 1, AliasCondition.Any));
        Assert.Equal([2, 3], (await Registry.ListVersionsAsync("fraud", includeArchived: false)).Select(v => v.Version));
        using (Stream stillLoadable = await Registry.OpenArtifactAsync("fraud", 1))
        {
            Assert.Equal(1, stillLoadable.Length);
        }

        await Registry.DeleteVersionAsync("fraud", 3);
        Assert.Null(await Registry.GetVersionAsync("fraud", 3));
        await Assert.ThrowsAsync<ModelNotFoundException>(() => Registry.DeleteVersionAsync("fraud", 3));
        Assert.Equal(4, (await Register("fraud", "d")).Version);

        // The same bytes come back as a new version: the deleted one is gone for good.
        Assert.Equal(5, (await Register("fraud", "c")).Version);
    }

    [SkippableFact]
    public async Task Deleting_keeps_bytes_another_version_still_uses()
    {
        await Register("a", "shared bytes");
        await Register("b", "shared bytes");
        await Registry.DeleteVersionAsync("a", 1);
        using var reader = new StreamReader(await Registry.OpenArtifactAsync("b", 1));
        Assert.Equal("shared bytes", await reader.ReadToEndAsync());
        await Registry.DeleteVersionAsync("b", 1);
        Assert.Null(await Store.Artifacts.OpenAsync(Digest("shared bytes"), CancellationToken.None));
    }

    [SkippableFact]
    public async Task Search_filters_by_name_tag_and_alias()
    {
        await Registry.RegisterAsync("fraud-eu", Bytes("1"), new ModelVersionMetadata { Tags = new Dictionary<string, string> { ["team"] = "risk" } });
        await Registry.RegisterAsync("fraud-eu", Bytes("2"), new ModelVersionMetadata { Tags = new Dictionary<string, string> { ["team"] = "ml" } });
        await Registry.RegisterAsync("fraud-us", Bytes("3"), new ModelVersionMetadata { Tags = new Dictionary<string, string> { ["team"] = "risk" } });
        await Registry.RegisterAsync("ranker", Bytes("4"));
        await Registry.SetAliasAsync("fraud-eu", "champion", 2, AliasCondition.Unset);
        await Registry.ArchiveAsync("fraud-us", 1);

        Assert.Equal([("fraud-eu", 1), ("fraud-eu", 2)], Keys(await Registry.SearchAsync(new ModelQuery { NamePrefix = "fraud" })));
        Assert.Equal([("fraud-eu", 1), ("fraud-us", 1)], Keys(await Registry.SearchAsync(new ModelQuery { TagKey = "team", TagValue = "risk", IncludeArchived = true })));
        Assert.Equal([("fraud-eu", 2)], Keys(await Registry.SearchAsync(new ModelQuery { Alias = "champion" })));
        Assert.Equal(3, (await Registry.SearchAsync(new ModelQuery { TagKey = "team", IncludeArchived = true })).Count);
    }

    [SkippableFact]
    public async Task A_failure_in_the_middle_of_a_registration_leaves_nothing_visible()
    {
        await Register("fraud", "v1");
        await Assert.ThrowsAsync<IOException>(() => Registry.RegisterAsync("fraud", new FailingStream(bytesBeforeFailure: 100_000)));
        await Assert.ThrowsAsync<IOException>(() => Registry.RegisterAsync("fresh", new FailingStream(bytesBeforeFailure: 10)));
        Assert.Equal([1], (await Registry.ListVersionsAsync("fraud")).Select(v => v.Version));
        Assert.Equal(["fraud"], await Registry.ListModelsAsync());
        Assert.Equal(2, (await Register("fraud", "v2")).Version);
    }

    [SkippableFact]
    public async Task Reclaiming_a_healthy_store_removes_nothing()
    {
        await Register("fraud", "a");
        await Register("fraud", "b");
        await Register("churn", "a");
        await Registry.DeleteVersionAsync("fraud", 1);

        Assert.Equal(RegistryReclaimResult.None, await Registry.ReclaimAsync());
        foreach ((string model, int version, string content) in (ValueTuple<string, int, string>[])[("fraud", 2, "b"), ("churn", 1, "a")])
        {
            using var reader = new StreamReader(await Registry.OpenArtifactAsync(model, version));
            Assert.Equal(content, await reader.ReadToEndAsync());
        }
    }

    [SkippableFact]
    public async Task An_artifact_published_but_never_recorded_is_reclaimed_and_referenced_ones_stay()
    {
        ModelVersion kept = await Register("fraud", "kept");

        // What a registration killed between publishing its bytes and recording its version leaves.
        StagedArtifact staged = await Store.Artifacts.StageAsync(Bytes("orphan"), CancellationToken.None);
        await using (await Store.LockArtifactsAsync(CancellationToken.None))
        {
            await Store.Artifacts.PublishAsync(staged, CancellationToken.None);
        }

        await Store.Artifacts.DiscardAsync(staged);

        RegistryReclaimResult result = await Registry.ReclaimAsync();

        Assert.Equal(1, result.OrphanedArtifacts);
        Assert.Equal("orphan".Length, result.BytesReclaimed);
        Assert.Null(await Store.Artifacts.OpenAsync(Digest("orphan"), CancellationToken.None));
        Stream? stored = await Store.Artifacts.OpenAsync(kept.Digest, CancellationToken.None);
        Assert.NotNull(stored);
        await stored.DisposeAsync();
        Assert.Equal(RegistryReclaimResult.None, await Registry.ReclaimAsync());
    }

    [SkippableFact]
    public async Task Reclaiming_while_registrations_run_loses_no_version()
    {
        Task<ModelVersion>[] registrations = [.. Enumerable.Range(0, 24).Select(i => Task.Run(() => Register($"busy{i % 3}", $"artifact-{i}")))];
        Task<RegistryReclaimResult>[] reclaims = [.. Enumerable.Range(0, 6).Select(_ => Task.Run(() => Registry.ReclaimAsync()))];
        ModelVersion[] versions = await Task.WhenAll(registrations);
        RegistryReclaimResult[] results = await Task.WhenAll(reclaims);

        Assert.All(results, r => Assert.Equal(0, r.StagedArtifacts + r.TemporaryRecords + r.OrphanedArtifacts));
        foreach (ModelVersion version in versions)
        {
            using var reader = new StreamReader(await Registry.OpenArtifactAsync(version.Name, version.Version));
            Assert.Equal(version.Digest, Digest(await reader.ReadToEndAsync()));
        }
    }

    [SkippableFact]
    public async Task Subscribers_hear_every_change_and_a_failing_one_breaks_nothing()
    {
        var seen = new List<RegistryChange>();
        using IDisposable failing = Registry.Changes.Subscribe(new Observer(_ => throw new InvalidOperationException("subscriber bug")));
        using (Registry.Changes.Subscribe(new Observer(seen.Add)))
        {
            await Register("fraud", "a");
            await Register("fraud", "a");
            await Register("fraud", "b");
            await Registry.SetAliasAsync("fraud", "champion", 2, AliasCondition.Unset);
            await Registry.RemoveAliasAsync("fraud", "champion", AliasCondition.Any);
            await Registry.ArchiveAsync("fraud", 1);
            await Registry.DeleteVersionAsync("fraud", 1);
        }

        await Register("fraud", "c");
        Assert.Equal(
            [RegistryChangeKind.VersionRegistered, RegistryChangeKind.VersionRegistered, RegistryChangeKind.AliasMoved, RegistryChangeKind.AliasRemoved, RegistryChangeKind.VersionArchived, RegistryChangeKind.VersionDeleted],
            seen.Select(c => c.Kind));
        Assert.Equal(new RegistryChange(RegistryChangeKind.AliasMoved, "fraud", 2, "champion"), seen[2]);
    }

    [SkippableTheory]
    [InlineData("../escape")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("..")]
    [InlineData(".hidden")]
    [InlineData("")]
    [InlineData("name with space")]
    [InlineData("ünïcode")]
    [InlineData("ends-with-a-dot.")]
    [InlineData("CON")]
    [InlineData("nul")]
    [InlineData("Com7")]
    [InlineData("LPT1.model")]
    [InlineData("aux.v2.onnx")]
    public async Task Unsafe_names_and_aliases_are_refused_before_touching_the_store(string name)
    {
        Assert.Equal("name", (await Assert.ThrowsAsync<ArgumentException>(() => Registry.RegisterAsync(name, Bytes("x")))).ParamName);
        await Register("fraud", "x");
        Assert.Equal("aliasName", (await Assert.ThrowsAsync<ArgumentException>(() => Registry.SetAliasAsync("fraud", name, 1, AliasCondition.Any))).ParamName);
        Assert.Equal(["fraud"], await Registry.ListModelsAsync());
    }

    [SkippableTheory]
    [InlineData("../../escape")]
    [InlineData("/tmp/mlsystems-absolute-escape")]
    [InlineData("a/../b")]
    [InlineData("PRN")]
    public async Task The_store_used_directly_refuses_an_unsafe_name_before_writing(string name)
    {
        bool called = false;
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Store.UpdateAsync(name, (_, _) => { called = true; return ValueTask.FromResult(0); }, CancellationToken.None));
        Assert.Equal("name", error.ParamName);
        Assert.False(called);
        Assert.Equal("name", (await Assert.ThrowsAsync<ArgumentException>(() => Store.ReadAsync(name, CancellationToken.None))).ParamName);
        Assert.Equal("name", (await Assert.ThrowsAsync<ArgumentException>(() => Store.ReadVersionAsync(name, 1, CancellationToken.None))).ParamName);
        Assert.Equal("name", (await Assert.ThrowsAsync<ArgumentException>(() => Store.ReadAliasAsync(name, "production", CancellationToken.None))).ParamName);
        Assert.Equal("aliasName", (await Assert.ThrowsAsync<ArgumentException>(() => Store.ReadAliasAsync("fraud", "bad\0alias", CancellationToken.None))).ParamName);
        Assert.Empty(await Store.ListModelsAsync(CancellationToken.None));
    }

    [SkippableFact]
    public async Task Limits_and_metadata_are_validated()
    {
        Assert.Equal("name", (await Assert.ThrowsAsync<ArgumentException>(() => Registry.RegisterAsync(new string('a', 129), Bytes("x")))).ParamName);
        Assert.Equal("aliasName", (await Assert.ThrowsAsync<ArgumentException>(() => Registry.GetByAliasAsync("fraud", new string('a', 65)))).ParamName);
        Assert.Equal("metadata", (await Assert.ThrowsAsync<ArgumentException>(() => Registry.RegisterAsync("fraud", Bytes("x"), new ModelVersionMetadata { Metrics = new Dictionary<string, double> { ["auc"] = double.NaN } }))).ParamName);
        Assert.Equal("metadata", (await Assert.ThrowsAsync<ArgumentException>(() => Registry.RegisterAsync("fraud", Bytes("x"), new ModelVersionMetadata { Lineage = new ModelLineage(ParentVersion: 0) }))).ParamName);
        Assert.Equal("version", (await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Registry.GetVersionAsync("fraud", 0))).ParamName);
        Assert.Empty(await Registry.ListModelsAsync());
    }

    protected static MemoryStream Bytes(string text) => new(Encoding.UTF8.GetBytes(text));

    protected static string Digest(string text) => "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    protected Task<ModelVersion> Register(string name, string content, ModelVersionMetadata? metadata = null) => Registry.RegisterAsync(name, Bytes(content), metadata);

    private static (string, int)[] Keys(IReadOnlyList<ModelVersion> versions) => [.. versions.Select(v => (v.Name, v.Version))];

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

    /// <summary>Hands out bytes, then fails like a dropped connection.</summary>
    private sealed class FailingStream(int bytesBeforeFailure) : Stream
    {
        private int left = bytesBeforeFailure;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (left == 0)
            {
                throw new IOException("connection reset");
            }

            int n = Math.Min(count, left);
            buffer.AsSpan(offset, n).Fill(42);
            left -= n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
