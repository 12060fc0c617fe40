using BenchmarkDotNet.Attributes;
using MlSystems.Registry;

namespace MlSystems.Benchmarks.Registry;

/// <summary>
/// One registry operation on a model that already has <see cref="Versions"/> versions, in the file store and in
/// PostgreSQL, beside the bare-Npgsql floor (the baseline) doing the same statements without registry logic. The
/// PostgreSQL store reads and writes only the rows an operation names, so its times should not grow with
/// <see cref="Versions"/>; the file store rewrites (and reads) the whole record, so its times do.
/// </summary>
[MemoryDiagnoser]
public class RegistryOperationBenchmarks
{
    private const string Model = "fraud";
    private RegistryTarget target = null!;
    private byte[] artifact = null!;
    private int aliased;
    private int next;
    private int readable;

    [Params("file", "postgresql")]
    public string Store { get; set; } = "postgresql";

    [Params(3, 30_000)]
    public int Versions { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        target = new RegistryTarget(Store);
        target.FillAsync(Model, Versions - 1).GetAwaiter().GetResult();
        artifact = new byte[1024];
        new Random(Versions).NextBytes(artifact);
        // The last version has real bytes, for the verified read; the alias moves between it and the one before.
        readable = target.Registry.RegisterAsync(Model, new MemoryStream(artifact)).GetAwaiter().GetResult().Version;
        target.Floor.RegisterAsync(Model, artifact).GetAwaiter().GetResult();
        target.Registry.SetAliasAsync(Model, "champion", readable, AliasCondition.Any).GetAwaiter().GetResult();
        target.Floor.SetAlias(Model, "champion", readable);
        aliased = readable;
    }

    [GlobalCleanup]
    public void Cleanup() => target.Dispose();

    [Benchmark(Baseline = true, Description = "floor: register 1 KB")]
    public Task<int> Floor_register() => target.Floor.RegisterAsync(Model, NextArtifact());

    [Benchmark(Description = "store: register 1 KB")]
    public async Task<int> Register() => (await target.Registry.RegisterAsync(Model, new MemoryStream(NextArtifact()))).Version;

    [Benchmark(Description = "floor: resolve alias")]
    public Task<int> Floor_resolve() => target.Floor.ResolveAsync(Model, "champion");

    [Benchmark(Description = "store: resolve alias")]
    public async Task<int> Resolve() => (await target.Registry.GetByAliasAsync(Model, "champion"))!.Version;

    [Benchmark(Description = "floor: CAS move")]
    public Task<bool> Floor_move() => target.Floor.MoveAsync(Model, "champion", readable, readable);

    [Benchmark(Description = "store: CAS move")]
    public async Task<int> Move()
    {
        // Between the last two versions, each move conditioned on where the last one left the alias.
        int to = aliased == readable ? readable - 1 : readable;
        AliasMove move = await target.Registry.SetAliasAsync(Model, "champion", Math.Max(to, 1), AliasCondition.Is(aliased), new AliasChange("bench", "rotate"));
        aliased = move.ToVersion!.Value;
        return aliased;
    }

    [Benchmark(Description = "floor: read 1 KB + SHA-256")]
    public Task<long> Floor_read() => target.Floor.ReadVerifiedAsync(Model, Versions);

    [Benchmark(Description = "store: verified read 1 KB")]
    public async Task<long> Read()
    {
        await using Stream stream = await target.Registry.OpenArtifactAsync(Model, readable);
        return stream.Length;
    }

    /// <summary>New bytes every call, so every registration records a version (the same bytes would be idempotent).</summary>
    private byte[] NextArtifact()
    {
        BitConverter.TryWriteBytes(artifact, ++next);
        BitConverter.TryWriteBytes(artifact.AsSpan(4), Versions);
        return artifact;
    }
}
