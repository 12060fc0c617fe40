using System.Diagnostics;
using System.Text.Json;
using MlSystems.Registry.Tests.Conformance;

namespace MlSystems.Registry.Tests.Stores.FileSystem;

public sealed class FileSystemStoreTests : ModelRegistryStoreConformanceTests
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "mlsystems-registry-" + Guid.NewGuid().ToString("N"));

    public override void Dispose()
    {
        base.Dispose();
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task A_refused_name_creates_no_directory_or_lock_inside_or_outside_the_root()
    {
        IModelRegistryStore store = Store;
        string[] before = [.. Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];
        string outside = Path.GetFullPath(Path.Combine(root, "models", "../../escape"));
        string absolute = Path.Combine(Path.GetTempPath(), "mlsystems-escape-" + Guid.NewGuid().ToString("N"));
        foreach (string name in (string[])["../../escape", absolute, "x/../../escape"])
        {
            await Assert.ThrowsAsync<ArgumentException>(() => store.UpdateAsync(name, (_, _) => ValueTask.FromResult(0), CancellationToken.None));
        }

        string[] after = [.. Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];
        Assert.Equal(before, after);
        Assert.False(Directory.Exists(outside));
        Assert.False(Directory.Exists(absolute));
    }

    [Fact]
    public async Task The_directory_is_plain_json_and_files_a_person_can_read()
    {
        ModelVersion v1 = await Register("fraud", "weights");
        await Registry.SetAliasAsync("fraud", "champion", 1, AliasCondition.Unset, new AliasChange("alice", "first"));
        string record = await File.ReadAllTextAsync(Path.Combine(root, "models", "fraud", "model.json"));
        using JsonDocument json = JsonDocument.Parse(record);
        Assert.Equal(1, json.RootElement.GetProperty("aliases").GetProperty("champion").GetInt32());
        Assert.Equal(v1.Digest, json.RootElement.GetProperty("versions")[0].GetProperty("digest").GetString());
        Assert.Contains("\n  ", record, StringComparison.Ordinal);
        Assert.Equal("weights", await File.ReadAllTextAsync(((FileSystemModelRegistryStore)Store).Artifacts.BlobPath(v1.Digest)));
        Assert.Empty(Directory.GetFiles(Path.Combine(root, "staging")));
        Assert.Empty(Directory.GetFiles(root, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Leftovers_of_a_crashed_writer_are_invisible()
    {
        await Register("fraud", "v1");

        // What a killed process leaves: a half-written record next to the real one, a partial staged artifact, and an
        // artifact published but never recorded.
        await File.WriteAllTextAsync(Path.Combine(root, "models", "fraud", "model.json.0123.tmp"), "{\"name\":\"fraud\",\"lastVer");
        await File.WriteAllTextAsync(Path.Combine(root, "staging", "dead.partial"), "half an artif");
        Directory.CreateDirectory(Path.Combine(root, "models", "ghost"));
        Assert.Equal(["fraud"], await Registry.ListModelsAsync());
        Assert.Equal([1], (await Registry.ListVersionsAsync("fraud")).Select(v => v.Version));
        Assert.Equal(2, (await Register("fraud", "v2")).Version);
    }

    [Fact]
    public async Task A_lock_held_elsewhere_times_out_with_a_clear_error()
    {
        var store = new FileSystemModelRegistryStore(root, TimeSpan.FromMilliseconds(200));
        await new ModelRegistry(store).RegisterAsync("fraud", Bytes("v1"));
        using var held = new FileStream(Path.Combine(root, "models", "fraud", ".lock"), FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        var error = await Assert.ThrowsAsync<ModelRegistryException>(() => new ModelRegistry(store).SetAliasAsync("fraud", "champion", 1, AliasCondition.Any));
        Assert.Contains("was not obtained within", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Several_processes_registering_at_once_lose_and_duplicate_no_version()
    {
        const int Processes = 4, PerProcess = 15;
        Process[] workers = [.. Enumerable.Range(0, Processes).Select(p => Worker("fraud", PerProcess.ToString(System.Globalization.CultureInfo.InvariantCulture), $"host{p}"))];
        string[][] outputs = await Task.WhenAll(workers.Select(Finish));

        int[] assigned = [.. outputs.SelectMany(o => o).Select(int.Parse)];
        Assert.Equal(Enumerable.Range(1, Processes * PerProcess), assigned.Order());
        IReadOnlyList<ModelVersion> listed = await Registry.ListVersionsAsync("fraud");
        Assert.Equal(Enumerable.Range(1, Processes * PerProcess), listed.Select(v => v.Version));
        Assert.Equal(Processes * PerProcess, listed.Select(v => v.Digest).Distinct().Count());
    }

    [Fact]
    public async Task Processes_racing_to_move_an_alias_have_exactly_one_winner()
    {
        for (int i = 0; i < 5; i++)
        {
            await Register("fraud", $"m{i}");
        }

        await Registry.SetAliasAsync("fraud", "champion", 1, AliasCondition.Unset);
        Process[] workers = [.. Enumerable.Range(2, 4).Select(v => Worker("fraud", v.ToString(System.Globalization.CultureInfo.InvariantCulture), $"host{v}", "alias-race"))];
        string[] results = [.. (await Task.WhenAll(workers.Select(Finish))).SelectMany(o => o)];
        Assert.Equal(1, results.Count(r => r == "won"));
        Assert.Equal(3, results.Count(r => r == "lost"));
        Assert.Equal(2, (await Registry.GetAliasHistoryAsync("fraud", "champion")).Count);
    }

    [Fact]
    public async Task Writers_killed_mid_registration_leave_nothing_once_reclaimed_while_others_write()
    {
        var store = (FileSystemModelRegistryStore)Store;
        await Register("fraud", "v1");

        // Killed while receiving: each leaves a staged artifact and its lock file, no longer locked.
        for (int i = 0; i < 4; i++)
        {
            (Process killed, _) = await Receiving("fraud", seed: i);
            using (killed)
            {
                killed.Kill();
                await killed.WaitForExitAsync();
            }
        }

        // Killed after publishing its bytes, before recording the version: the model's update lock, held here, stops it there.
        byte[] orphan = Payload(seed: 100);
        string orphanBlob = store.Artifacts.BlobPath(Sha256(orphan));
        string held = Directory.CreateDirectory(Path.Combine(root, "models", "held")).FullName;
        using (new FileStream(Path.Combine(held, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            using Process stuck = Worker(redirectInput: true, "held", "1", "stuck", "stdin");
            await stuck.StandardInput.BaseStream.WriteAsync(orphan);
            stuck.StandardInput.Close();
            Assert.Equal("receiving", await stuck.StandardOutput.ReadLineAsync());
            Assert.Equal("published", await stuck.StandardOutput.ReadLineAsync());
            Assert.True(File.Exists(orphanBlob));
            stuck.Kill();
            await stuck.WaitForExitAsync();
        }

        // Killed at whatever moment: workers registering small artifacts as fast as they can, killed after five.
        foreach (int host in (int[])[0, 1, 2])
        {
            using Process busy = Worker(redirectInput: false, "fraud", "1000", $"busy{host}");
            for (int line = 0; line < 5; line++)
            {
                Assert.NotNull(await busy.StandardOutput.ReadLineAsync());
            }

            busy.Kill();
            await busy.WaitForExitAsync();
        }

        // What a writer killed while writing the record leaves beside it.
        await File.WriteAllTextAsync(Path.Combine(root, "models", "fraud", $"model.json.{Guid.NewGuid():N}.tmp"), "{ \"name\": \"fr");

        (Process live0, byte[] rest0) = await Receiving("fraud", seed: 200);
        (Process live1, byte[] rest1) = await Receiving("fraud", seed: 201);
        RegistryReclaimResult reclaimed = await Registry.ReclaimAsync();

        Assert.True(reclaimed.StagedArtifacts >= 4, reclaimed.ToString());
        Assert.True(reclaimed.TemporaryRecords >= 1, reclaimed.ToString());
        Assert.True(reclaimed.OrphanedArtifacts >= 1, reclaimed.ToString());
        Assert.Equal(2, reclaimed.InUse);
        Assert.False(File.Exists(orphanBlob));

        // The live writers, left alone, finish their registrations.
        foreach ((Process live, byte[] rest) in (ValueTuple<Process, byte[]>[])[(live0, rest0), (live1, rest1)])
        {
            await live.StandardInput.BaseStream.WriteAsync(rest);
            live.StandardInput.Close();
            Assert.Equal("published", Assert.Single(await Finish(live), line => !int.TryParse(line, out _)));
        }

        Assert.Equal(RegistryReclaimResult.None, await Registry.ReclaimAsync());

        // The disk is what the versions need: their blobs, their records and the lock files, nothing staged.
        IReadOnlyList<ModelVersion> versions = await Registry.ListVersionsAsync("fraud");
        Assert.Equal(Enumerable.Range(1, versions.Count), versions.Select(v => v.Version));
        foreach (ModelVersion version in versions)
        {
            await using Stream verified = await Registry.OpenArtifactAsync("fraud", version.Version);
            await verified.CopyToAsync(Stream.Null);
        }

        string[] blobs = [.. Directory.EnumerateFiles(Path.Combine(root, "blobs"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];
        Assert.Equal(versions.Select(v => store.Artifacts.BlobPath(v.Digest)).Order(StringComparer.Ordinal), blobs);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(root, "staging")));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(root, "models"), "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_staging_directory_that_cannot_be_written_fails_the_registration_instead_of_retrying_forever()
    {
        _ = Store;
        Directory.Delete(Path.Combine(root, "staging"));
        await Assert.ThrowsAsync<DirectoryNotFoundException>(() => Register("fraud", "v1"));
        Assert.Empty(await Registry.ListModelsAsync());
    }

    [Fact]
    public async Task A_staged_artifact_of_a_live_writer_is_left_alone_and_still_publishes()
    {
        StagedArtifact staged = await Store.Artifacts.StageAsync(Bytes("in flight"), CancellationToken.None);

        Assert.Equal(RegistryReclaimResult.None with { InUse = 1 }, await Registry.ReclaimAsync());

        await using (await Store.LockArtifactsAsync(CancellationToken.None))
        {
            await Store.Artifacts.PublishAsync(staged, CancellationToken.None);
        }

        await Store.Artifacts.DiscardAsync(staged);
        Stream? published = await Store.Artifacts.OpenAsync(staged.Digest, CancellationToken.None);
        Assert.NotNull(published);
        await published.DisposeAsync();
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(root, "staging")));
    }

    protected override IModelRegistryStore CreateStore() => new FileSystemModelRegistryStore(root);

    protected override void Corrupt(string digest, byte[] bytes) => File.WriteAllBytes(((FileSystemModelRegistryStore)Store).Artifacts.BlobPath(digest), bytes);

    private Process Worker(params string[] arguments) => Worker(redirectInput: false, arguments);

    private Process Worker(bool redirectInput, params string[] arguments)
    {
        _ = Store;
        return RegistryWorker.Start(root, redirectInput, arguments);
    }

    /// <summary>A worker registering a 512 KiB artifact from its input, stopped half-way: it has staged the first half.</summary>
    private async Task<(Process Worker, byte[] Remaining)> Receiving(string model, int seed)
    {
        byte[] payload = Payload(seed);
        Process worker = Worker(redirectInput: true, model, "1", $"receiver{seed}", "stdin");
        await worker.StandardInput.BaseStream.WriteAsync(payload.AsMemory(0, payload.Length / 2));
        await worker.StandardInput.BaseStream.FlushAsync();
        Assert.Equal("receiving", await worker.StandardOutput.ReadLineAsync());
        return (worker, payload[(payload.Length / 2)..]);
    }

    private static byte[] Payload(int seed)
    {
        byte[] bytes = new byte[512 * 1024];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static string Sha256(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));

    private static Task<string[]> Finish(Process process) => RegistryWorker.FinishAsync(process);
}
