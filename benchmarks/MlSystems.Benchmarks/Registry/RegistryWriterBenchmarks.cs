using BenchmarkDotNet.Attributes;

namespace MlSystems.Benchmarks.Registry;

/// <summary>
/// Registrations per second with <see cref="Writers"/> concurrent writers on one model: 48 registrations of distinct
/// 1 KB artifacts per invocation, split among the writers, reported per registration. Every registration of one model
/// takes the model's row lock (that is what keeps numbering gap-free), so more writers add throughput only where
/// the work outside the lock (staging, publishing the bytes) overlaps.
/// </summary>
[MemoryDiagnoser]
public class RegistryWriterBenchmarks
{
    private const int Registrations = 48;
    private const string Model = "fraud";
    private RegistryTarget target = null!;
    private int next;

    [Params("file", "postgresql")]
    public string Store { get; set; } = "postgresql";

    [Params(1, 4, 16)]
    public int Writers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        target = new RegistryTarget(Store);
        target.Floor.Fill(Model, 0);
    }

    [GlobalCleanup]
    public void Cleanup() => target.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Registrations, Description = "floor: bare Npgsql registrations")]
    public Task Floor() => RunAsync(bytes => target.Floor.RegisterAsync(Model, bytes));

    [Benchmark(OperationsPerInvoke = Registrations, Description = "store: registrations")]
    public Task Store_registrations() => RunAsync(async bytes => (await target.Registry.RegisterAsync(Model, new MemoryStream(bytes))).Version);

    private Task RunAsync(Func<byte[], Task<int>> register)
    {
        int each = Registrations / Writers;
        return Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
        {
            for (int i = 0; i < each; i++)
            {
                byte[] bytes = new byte[1024];
                BitConverter.TryWriteBytes(bytes, Interlocked.Increment(ref next));
                await register(bytes);
            }
        })));
    }
}
