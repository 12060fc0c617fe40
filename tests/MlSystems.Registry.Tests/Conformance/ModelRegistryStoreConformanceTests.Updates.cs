namespace MlSystems.Registry.Tests.Conformance;

/// <summary>The store's own contract, used directly: what an update sees, what it writes, and what it refuses.</summary>
public abstract partial class ModelRegistryStoreConformanceTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 3, 0, 0, TimeSpan.Zero);

    [SkippableFact]
    public async Task An_update_sees_the_record_as_it_began_through_targeted_reads()
    {
        ModelVersion first = await Register("fraud", "one");
        await Register("fraud", "two");
        await Registry.SetAliasAsync("fraud", "production", 1, AliasCondition.Any);
        await Registry.SetAliasAsync("fraud", "shadow", 1, AliasCondition.Any);

        string seen = await Store.UpdateAsync("fraud", async (record, token) =>
        {
            ModelVersion? byNumber = await record.GetVersionAsync(1, token);
            ModelVersion? byDigest = await record.FindByDigestAsync(first.Digest, token);
            return string.Join(" | ",
                record.Name, record.Exists, record.LastVersion,
                byNumber?.Digest == first.Digest, byDigest?.Version, await record.GetVersionAsync(3, token) is null,
                await record.FindByDigestAsync(Digest("absent"), token) is null,
                await record.GetAliasAsync("production", token), await record.GetAliasAsync("canary", token) is null,
                string.Join(",", await record.GetAliasesOfAsync(1, token)), (await record.GetAliasesOfAsync(2, token)).Count);
        }, CancellationToken.None);

        Assert.Equal("fraud | True | 2 | True | 1 | True | True | 1 | True | production,shadow | 0", seen);
    }

    [SkippableFact]
    public async Task An_update_that_changes_nothing_writes_nothing_and_creates_no_model()
    {
        bool existed = await Store.UpdateAsync("ghost", (record, _) => ValueTask.FromResult(record.Exists), CancellationToken.None);

        Assert.False(existed);
        Assert.Null(await Store.ReadAsync("ghost", CancellationToken.None));
        Assert.Empty(await Store.ListModelsAsync(CancellationToken.None));
    }

    [SkippableFact]
    public async Task An_update_that_throws_after_its_changes_writes_none_of_them()
    {
        await Register("fraud", "one");
        ModelRecord before = (await Store.ReadAsync("fraud", CancellationToken.None))!;

        await Assert.ThrowsAsync<TimeoutException>(() => Store.UpdateAsync<int>("fraud", (record, _) =>
        {
            record.AddVersion(new ModelVersion("fraud", 2, Digest("two"), 3, At, new ModelVersionMetadata()));
            record.MoveAlias(new AliasMove("production", null, 2, At, "test", null, null));
            record.ArchiveVersion(1);
            throw new TimeoutException("the caller gave up");
        }, CancellationToken.None));

        AssertSameRecord(before, (await Store.ReadAsync("fraud", CancellationToken.None))!);
    }

    [SkippableFact]
    public async Task Changes_that_break_the_record_are_refused_and_nothing_is_written()
    {
        await Register("fraud", "one");
        await Registry.SetAliasAsync("fraud", "production", 1, AliasCondition.Unset);
        ModelRecord before = (await Store.ReadAsync("fraud", CancellationToken.None))!;
        Func<IModelRecordUpdate, CancellationToken, ValueTask<int>>[] broken =
        [
            (record, _) => { record.AddVersion(new ModelVersion("fraud", 5, Digest("gap"), 3, At, new ModelVersionMetadata())); return ValueTask.FromResult(0); },
            (record, _) => { record.AddVersion(new ModelVersion("other", 2, Digest("other"), 5, At, new ModelVersionMetadata())); return ValueTask.FromResult(0); },
            (record, _) => { record.ArchiveVersion(9); return ValueTask.FromResult(0); },
            (record, _) => { record.RemoveVersion(9); return ValueTask.FromResult(0); },
            (record, _) => { record.RemoveVersion(1); return ValueTask.FromResult(0); },
            (record, _) => { record.MoveAlias(new AliasMove("canary", null, 9, At, null, null, null)); return ValueTask.FromResult(0); },
            (record, _) => { record.AddVersion(new ModelVersion("fraud", 2, Digest("one"), 3, At, new ModelVersionMetadata())); return ValueTask.FromResult(0); },
        ];

        foreach (Func<IModelRecordUpdate, CancellationToken, ValueTask<int>> update in broken)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => Store.UpdateAsync("fraud", update, CancellationToken.None));
            AssertSameRecord(before, (await Store.ReadAsync("fraud", CancellationToken.None))!);
        }
    }

    [SkippableFact]
    public async Task Several_changes_in_one_update_land_together_in_order()
    {
        await Register("fraud", "one");
        await Store.UpdateAsync("fraud", (record, _) =>
        {
            record.AddVersion(new ModelVersion("fraud", 2, Digest("two"), 3, At, new ModelVersionMetadata()));
            record.MoveAlias(new AliasMove("production", null, 1, At, "a", null, null));
            record.MoveAlias(new AliasMove("production", 1, 2, At.AddSeconds(1), "b", null, null));
            record.MoveAlias(new AliasMove("shadow", null, 1, At.AddSeconds(2), "c", null, null));
            record.MoveAlias(new AliasMove("shadow", 1, null, At.AddSeconds(3), "d", null, null));
            return ValueTask.FromResult(0);
        }, CancellationToken.None);

        ModelRecord after = (await Store.ReadAsync("fraud", CancellationToken.None))!;
        Assert.Equal(2, after.LastVersion);
        Assert.Equal([1, 2], after.Versions.Select(v => v.Version));
        Assert.Equal(new Dictionary<string, int> { ["production"] = 2 }, after.Aliases);
        Assert.Equal(["a", "b", "c", "d"], after.History.Select(m => m.Actor!));
        Assert.Equal(At.AddSeconds(3), after.History[^1].At);
    }

    [SkippableFact]
    public async Task Targeted_reads_and_artifact_references_agree_with_the_record()
    {
        ModelVersion one = await Register("fraud", "one");
        ModelVersion two = await Register("fraud", "two");
        await Register("churn", "one");
        await Registry.SetAliasAsync("fraud", "production", 2, AliasCondition.Any);

        Assert.Equal(one.Digest, (await Store.ReadVersionAsync("fraud", 1, CancellationToken.None))?.Digest);
        Assert.Null(await Store.ReadVersionAsync("fraud", 3, CancellationToken.None));
        Assert.Null(await Store.ReadVersionAsync("never", 1, CancellationToken.None));
        Assert.Equal(2, (await Store.ReadAliasAsync("fraud", "production", CancellationToken.None))?.Version);
        Assert.Null(await Store.ReadAliasAsync("fraud", "canary", CancellationToken.None));
        Assert.Null(await Store.ReadAliasAsync("never", "production", CancellationToken.None));

        Assert.True(await Store.IsArtifactReferencedAsync(two.Digest, CancellationToken.None));
        Assert.False(await Store.IsArtifactReferencedAsync(Digest("absent"), CancellationToken.None));
        await Registry.DeleteVersionAsync("fraud", 1);
        Assert.True(await Store.IsArtifactReferencedAsync(one.Digest, CancellationToken.None)); // churn v1 shares the bytes
        await Registry.DeleteVersionAsync("churn", 1);
        Assert.False(await Store.IsArtifactReferencedAsync(one.Digest, CancellationToken.None));
    }

    private static void AssertSameRecord(ModelRecord expected, ModelRecord actual)
    {
        Assert.Equal(expected.LastVersion, actual.LastVersion);
        Assert.Equal(expected.Versions.Select(v => (v.Version, v.Digest, v.Archived)), actual.Versions.Select(v => (v.Version, v.Digest, v.Archived)));
        Assert.Equal(expected.Aliases, actual.Aliases);
        Assert.Equal(expected.History, actual.History);
    }
}
