using MlSystems.Samples.FraudLoop;

// dotnet run --project samples/MlSystems.Samples.FraudLoop [-- [--hosts N] [<output directory>]]
// With --hosts N the service runs on a fleet: N serving processes and one coordinator on the PostgreSQL server named by
// MLSYSTEMS_POSTGRES (eng/start-postgres.sh starts one). Without it everything runs embedded and needs no server.
string? connectionString = Environment.GetEnvironmentVariable("MLSYSTEMS_POSTGRES");
if (args is ["--fleet-host", .. string[] hostArguments])
{
    return await FleetHostProcess.RunAsync(hostArguments, connectionString ?? throw new InvalidOperationException("MLSYSTEMS_POSTGRES is not set."));
}

var options = new FraudLoopOptions();
int hosts = 0;
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--hosts" && i + 1 < args.Length && int.TryParse(args[i + 1], out hosts) && hosts >= 1)
    {
        i++;
    }
    else if (args[i].StartsWith("--", StringComparison.Ordinal))
    {
        Console.Error.WriteLine($"unknown or incomplete option {args[i]}; usage: [--hosts N] [<output directory>]");
        return 2;
    }
    else
    {
        options = options with { OutputDirectory = args[i] };
    }
}

if (hosts == 0)
{
    await new FraudLoopSimulation(options, Console.Out).RunAsync().ConfigureAwait(false);
    return 0;
}

if (connectionString is null)
{
    Console.Error.WriteLine("--hosts needs a PostgreSQL server: set MLSYSTEMS_POSTGRES (eval \"$(eng/start-postgres.sh)\" starts one).");
    return 2;
}

await new FleetLoopSimulation(options, hosts, connectionString, Console.Out).RunAsync().ConfigureAwait(false);
return 0;
