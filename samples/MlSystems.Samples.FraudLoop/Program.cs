using MlSystems.Samples.FraudLoop;

// dotnet run --project samples/MlSystems.Samples.FraudLoop [-- <output directory>]
var options = new FraudLoopOptions();
if (args.Length > 0)
{
    options = options with { OutputDirectory = args[0] };
}

await new FraudLoopSimulation(options, Console.Out).RunAsync().ConfigureAwait(false);
