using BenchmarkDotNet.Running;

// Run all: dotnet run -c Release --project benchmarks/MlSystems.Benchmarks -- --filter '*'
// CI smoke run: add --job Dry.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
