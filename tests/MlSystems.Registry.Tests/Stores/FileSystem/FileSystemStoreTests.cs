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
            await Assert.ThrowsAsync<ArgumentException>(() => store.UpdateAsync<int>(name, _ => (null, 0), CancellationToken.None));
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
        Assert.Equal("weights", await File.ReadAllTextAsync(((FileSystemModelRegistryStore)Store).BlobPath(v1.Digest)));
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

    protected override IModelRegistryStore CreateStore() => new FileSystemModelRegistryStore(root);

    protected override void Corrupt(string digest, byte[] bytes) => File.WriteAllBytes(((FileSystemModelRegistryStore)Store).BlobPath(digest), bytes);

    private Process Worker(params string[] arguments)
    {
        _ = Store;

        // The worker project builds beside this one: swap the project name in the output path.
        string worker = AppContext.BaseDirectory.Replace("MlSystems.Registry.Tests", "MlSystems.Registry.Worker", StringComparison.Ordinal);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(worker, "MlSystems.Registry.Worker.dll"));
        start.ArgumentList.Add(root);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }

    private static async Task<string[]> Finish(Process process)
    {
        using (process)
        {
            Task<string> output = process.StandardOutput.ReadToEndAsync();
            Task<string> errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
            Assert.True(process.ExitCode == 0, await errors);
            return (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
    }
}
