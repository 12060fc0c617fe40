using System.Security.Cryptography;
using FsCheck;
using FsCheck.Fluent;

namespace MlSystems.Registry.Tests.Conformance;

/// <summary>
/// What every <see cref="IModelArtifactStore"/> must do, on its own: a registry store built on it then proves the rest
/// through <see cref="ModelRegistryStoreConformanceTests"/>. A new backend derives from this class and supplies
/// <see cref="CreateArtifacts"/>.
/// </summary>
public abstract class ModelArtifactStoreConformanceTests : IDisposable
{
    private readonly Lazy<IModelArtifactStore> artifacts;

    protected ModelArtifactStoreConformanceTests()
    {
        artifacts = new Lazy<IModelArtifactStore>(CreateArtifacts);
    }

    protected IModelArtifactStore Artifacts => artifacts.Value;

    /// <summary>A fresh, empty artifact store.</summary>
    protected abstract IModelArtifactStore CreateArtifacts();

    public virtual void Dispose() => GC.SuppressFinalize(this);

    [SkippableFact]
    public async Task A_staged_artifact_is_hashed_invisible_until_published_and_then_read_back_exactly()
    {
        // Larger than a PostgreSQL chunk (4 KiB in these tests) and not a multiple of it, so the last chunk is short.
        byte[] content = RandomNumberGenerator.GetBytes(100_003);
        string digest = Digest(content);

        StagedArtifact staged = await Artifacts.StageAsync(new MemoryStream(content), CancellationToken.None);
        Assert.Equal((digest, content.LongLength), (staged.Digest, staged.Size));
        Assert.Null(await Artifacts.OpenAsync(digest, CancellationToken.None));
        Assert.Empty(await List());

        await Artifacts.PublishAsync(staged, CancellationToken.None);
        await Artifacts.DiscardAsync(staged);

        Assert.Equal(content, await ReadAsync(digest));
        Assert.Equal([new StoredArtifact(digest, content.Length)], await List());
    }

    [SkippableFact]
    public async Task An_empty_artifact_round_trips()
    {
        StagedArtifact staged = await Artifacts.StageAsync(new MemoryStream(), CancellationToken.None);
        await Artifacts.PublishAsync(staged, CancellationToken.None);
        await Artifacts.DiscardAsync(staged);

        Assert.Equal(Digest([]), staged.Digest);
        Assert.Empty(await ReadAsync(staged.Digest));
        Assert.Equal([new StoredArtifact(staged.Digest, 0)], await List());
    }

    [SkippableFact]
    public async Task Publishing_a_digest_already_published_keeps_one_copy_and_discarding_an_unpublished_one_leaves_nothing()
    {
        byte[] content = RandomNumberGenerator.GetBytes(10_000);
        StagedArtifact first = await Artifacts.StageAsync(new MemoryStream(content), CancellationToken.None);
        StagedArtifact second = await Artifacts.StageAsync(new MemoryStream(content), CancellationToken.None);
        StagedArtifact dropped = await Artifacts.StageAsync(new MemoryStream([1, 2, 3]), CancellationToken.None);

        await Artifacts.PublishAsync(first, CancellationToken.None);
        await Artifacts.PublishAsync(second, CancellationToken.None);
        foreach (StagedArtifact staged in (StagedArtifact[])[first, second, dropped])
        {
            await Artifacts.DiscardAsync(staged);
        }

        Assert.Equal([new StoredArtifact(first.Digest, content.Length)], await List());
        Assert.Null(await Artifacts.OpenAsync(dropped.Digest, CancellationToken.None));
        Assert.Equal(StagingReclaimResult.None, await Artifacts.ReclaimStagingAsync(CancellationToken.None));
    }

    [SkippableFact]
    public async Task Many_writers_publishing_the_same_bytes_at_once_all_succeed_and_one_copy_is_kept()
    {
        byte[] content = RandomNumberGenerator.GetBytes(50_000);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            StagedArtifact staged = await Artifacts.StageAsync(new MemoryStream(content), CancellationToken.None);
            await Artifacts.PublishAsync(staged, CancellationToken.None);
            await Artifacts.DiscardAsync(staged);
        })));

        Assert.Equal([new StoredArtifact(Digest(content), content.Length)], await List());
        Assert.Equal(content, await ReadAsync(Digest(content)));
    }

    [SkippableFact]
    public async Task Deleting_removes_an_artifact_and_is_a_no_op_for_one_that_does_not_exist()
    {
        StagedArtifact staged = await Artifacts.StageAsync(new MemoryStream([42]), CancellationToken.None);
        await Artifacts.PublishAsync(staged, CancellationToken.None);
        await Artifacts.DiscardAsync(staged);

        await Artifacts.DeleteAsync(staged.Digest, CancellationToken.None);
        await Artifacts.DeleteAsync(staged.Digest, CancellationToken.None);
        await Artifacts.DeleteAsync(Digest([7]), CancellationToken.None);

        Assert.Null(await Artifacts.OpenAsync(staged.Digest, CancellationToken.None));
        Assert.Empty(await List());
    }

    [SkippableTheory]
    [InlineData("")]
    [InlineData("sha256:")]
    [InlineData("../../etc/passwd")]
    [InlineData("sha256:../../../../../../../../../../../../../../../../../../../../../../../../../../etc/x")]
    [InlineData("sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855")]
    [InlineData("md5:d41d8cd98f00b204e9800998ecf8427e")]
    public async Task A_malformed_digest_is_refused_before_anything_is_read_or_deleted(string digest)
    {
        ArgumentException open = await Assert.ThrowsAnyAsync<ArgumentException>(() => Artifacts.OpenAsync(digest, CancellationToken.None));
        ArgumentException delete = await Assert.ThrowsAnyAsync<ArgumentException>(() => Artifacts.DeleteAsync(digest, CancellationToken.None));
        Assert.Equal(("digest", "digest"), (open.ParamName, delete.ParamName));
    }

    [SkippableFact]
    public async Task An_artifact_staged_by_another_kind_of_store_is_refused()
    {
        var foreign = new StagedArtifact(Digest([1]), 1, new object());
        ArgumentException publish = await Assert.ThrowsAnyAsync<ArgumentException>(() => Artifacts.PublishAsync(foreign, CancellationToken.None));
        Assert.Equal("staged", publish.ParamName);
        Assert.Equal("staged", (await Assert.ThrowsAnyAsync<ArgumentException>(() => Artifacts.DiscardAsync(foreign))).ParamName);
        Assert.Empty(await List());

        // Refused even when its digest is already published, where a publish of this store's own artifact is a no-op.
        StagedArtifact own = await Artifacts.StageAsync(new MemoryStream([1]), CancellationToken.None);
        await Artifacts.PublishAsync(own, CancellationToken.None);
        await Artifacts.DiscardAsync(own);
        Assert.Equal("staged", (await Assert.ThrowsAnyAsync<ArgumentException>(() => Artifacts.PublishAsync(foreign, CancellationToken.None))).ParamName);
    }

    [SkippableFact]
    public async Task Reclaiming_staging_leaves_a_live_writer_s_artifact_alone()
    {
        StagedArtifact live = await Artifacts.StageAsync(new MemoryStream(RandomNumberGenerator.GetBytes(5_000)), CancellationToken.None);

        StagingReclaimResult reclaimed = await Artifacts.ReclaimStagingAsync(CancellationToken.None);

        Assert.Equal((0, 0L), (reclaimed.Removed, reclaimed.Bytes));
        await Artifacts.PublishAsync(live, CancellationToken.None);
        await Artifacts.DiscardAsync(live);
        Assert.Equal(5_000, (await ReadAsync(live.Digest)).Length);
        Assert.Equal(StagingReclaimResult.None, await Artifacts.ReclaimStagingAsync(CancellationToken.None));
    }

    [SkippableFact]
    public void The_store_agrees_with_a_dictionary_over_any_sequence_of_publishes_discards_and_deletes()
    {
        // Each operation names one of four small contents: publish it, stage and discard it, or delete its digest.
        Gen<(int Kind, int Content)> operation = from kind in Gen.Choose(0, 2) from content in Gen.Choose(0, 3) select (kind, content);
        Gen<(int Kind, int Content)[]> operations = Gen.Choose(0, 12).SelectMany(n => Gen.ArrayOf(operation, n));
        Property property = Prop.ForAll(operations.ToArbitrary(), ops =>
        {
            Reset();
            var model = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach ((int kind, int content) in ops)
            {
                byte[] bytes = [.. Enumerable.Repeat((byte)content, content * 3000)];
                string digest = Digest(bytes);
                if (kind == 2)
                {
                    Artifacts.DeleteAsync(digest, CancellationToken.None).GetAwaiter().GetResult();
                    model.Remove(digest);
                    continue;
                }

                StagedArtifact staged = Artifacts.StageAsync(new MemoryStream(bytes), CancellationToken.None).GetAwaiter().GetResult();
                if (kind == 0)
                {
                    Artifacts.PublishAsync(staged, CancellationToken.None).GetAwaiter().GetResult();
                    model.TryAdd(digest, bytes);
                }

                Artifacts.DiscardAsync(staged).GetAwaiter().GetResult();
            }

            Assert.Equal(model.Select(p => new StoredArtifact(p.Key, p.Value.Length)).OrderBy(a => a.Digest, StringComparer.Ordinal), List().GetAwaiter().GetResult());
            foreach ((string digest, byte[] bytes) in model)
            {
                Assert.Equal(bytes, ReadAsync(digest).GetAwaiter().GetResult());
            }
        });
        FsCheck.Check.One(Config.QuickThrowOnFailure.WithMaxTest(25), property);
    }

    /// <summary>Empties the store between property cases (it is shared, as stores are expensive to create).</summary>
    private void Reset()
    {
        foreach (StoredArtifact artifact in List().GetAwaiter().GetResult())
        {
            Artifacts.DeleteAsync(artifact.Digest, CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    private async Task<StoredArtifact[]> List() =>
        [.. (await Artifacts.ListAsync(CancellationToken.None).ToListAsync()).OrderBy(a => a.Digest, StringComparer.Ordinal)];

    private async Task<byte[]> ReadAsync(string digest)
    {
        await using Stream stream = await Artifacts.OpenAsync(digest, CancellationToken.None) ?? throw new InvalidOperationException($"{digest} is not published.");
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private static string Digest(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
}
