using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// Run all: dotnet run -c Release --project benchmarks/MlSystems.Benchmarks -- --filter '*'
// CI smoke run: add --job Dry.
// Cold start (first and second call in a fresh process): benchmarks/cold-start.sh, which runs --cold-start <scenario>.
// The generated project rebuilds every package with its analyzers and code-style checks, which on two cores takes
// longer than BenchmarkDotNet's default two minutes.
if (args.Length > 0 && args[0] == "--cold-start")
{
    return MlSystems.Benchmarks.ColdStart.ColdStartRun.Run(args);
}

// The CI benchmark job (benchmarks/ci.sh): headline ratios, allocations and cold starts against benchmarks/ci-floors.json.
if (args.Length > 0 && args[0] == "--ci")
{
    return MlSystems.Benchmarks.Ci.CiGate.Run(args);
}

// Per-call p50 and p99 of the Redis store beside bare StackExchange.Redis calls: --redis-latency [calls] (needs MLSYSTEMS_REDIS).
if (args.Length > 0 && args[0] == "--redis-latency")
{
    return MlSystems.Benchmarks.Features.RedisLatencyRun.Run(args);
}

// Events/s of partitioned stream processing beside the engine alone: --stream-throughput [events] (needs MLSYSTEMS_REDIS).
if (args.Length > 0 && args[0] == "--stream-throughput")
{
    return MlSystems.Benchmarks.Features.StreamThroughputRun.Run(args);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(15)));
return 0;
