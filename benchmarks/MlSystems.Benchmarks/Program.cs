using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// Run all: dotnet run -c Release --project benchmarks/MlSystems.Benchmarks -- --filter '*'
// CI smoke run: add --job Dry.
// The generated project rebuilds every package with its analyzers and code-style checks, which on two cores takes
// longer than BenchmarkDotNet's default two minutes.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(15)));
