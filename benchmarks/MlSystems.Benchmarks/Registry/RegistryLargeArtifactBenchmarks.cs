using BenchmarkDotNet.Attributes;

namespace MlSystems.Benchmarks.Registry;

/// <summary>
/// A 100 MB artifact registered and read back verified, in the file store, in PostgreSQL, and in PostgreSQL with the
/// bytes in files, beside the bare-Npgsql floor (binary COPY of the same 1 MiB chunk rows in one transaction; the chunks read back in order and hashed).
/// Each registration carries new bytes; the allocation column shows the store streams rather than buffers.
/// </summary>
[MemoryDiagnoser]
public class RegistryLargeArtifactBenchmarks
{
    private const string Model = "large";
    private const int Size = 100 * 1024 * 1024;
    private RegistryTarget target = null!;
    private byte[] artifact = null!;
    private int storeVersion;
    private int floorVersion;
    private int next;

    [Params("file", "postgresql", "postgresql+files")]
    public string Store { get; set; } = "postgresql";

    [GlobalSetup]
    public void Setup()
    {
        target = new RegistryTarget(Store);
        target.Floor.Fill(Model, 0);
        artifact = new byte[Size];
        new Random(1).NextBytes(artifact);
        storeVersion = target.Registry.RegisterAsync(Model, new MemoryStream(NextArtifact())).GetAwaiter().GetResult().Version;
        floorVersion = target.Floor.RegisterAsync(Model, NextArtifact()).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => target.Dispose();

    [Benchmark(Baseline = true, Description = "floor: COPY 100 MB")]
    public Task<int> Floor_register() => target.Floor.RegisterAsync(Model, NextArtifact());

    [Benchmark(Description = "store: register 100 MB")]
    public async Task<int> Register() => (await target.Registry.RegisterAsync(Model, new MemoryStream(NextArtifact()))).Version;

    [Benchmark(Description = "floor: read 100 MB + SHA-256")]
    public Task<long> Floor_read() => target.Floor.ReadVerifiedAsync(Model, floorVersion);

    [Benchmark(Description = "store: verified read 100 MB")]
    public async Task<long> Read()
    {
        await using Stream stream = await target.Registry.OpenArtifactAsync(Model, storeVersion);
        byte[] buffer = new byte[81_920];
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            total += read;
        }

        return total;
    }

    private byte[] NextArtifact()
    {
        BitConverter.TryWriteBytes(artifact, ++next);
        return artifact;
    }
}
