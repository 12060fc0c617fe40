using System.Globalization;
using MlSystems.ML.Worker;
using System.Threading.Channels;
using MlSystems.ML;
using MlSystems.Registry;
using MlSystems.Registry.PostgreSql;

// Usage: worker <schema> <model> <alias> <until-version> <amount> <hour>
// A serving host: a ModelServingPool following <alias> of <model> in the PostgreSQL registry named by MLSYSTEMS_POSTGRES
// (schema <schema>), with its own poll and the store's poll fallback both off, so only the change feed can make it swap.
// Prints "serving <version> <probability>" for the probe transaction (<amount>, <hour>) once started and after every
// swap, and exits once it serves <until-version>.
if (args.Length != 6)
{
    Console.Error.WriteLine("usage: worker <schema> <model> <alias> <until-version> <amount> <hour>");
    return 2;
}

string connectionString = Environment.GetEnvironmentVariable("MLSYSTEMS_POSTGRES") ?? throw new InvalidOperationException("MLSYSTEMS_POSTGRES is not set.");
int until = int.Parse(args[3], CultureInfo.InvariantCulture);
var probe = new Transaction { Amount = float.Parse(args[4], CultureInfo.InvariantCulture), Hour = float.Parse(args[5], CultureInfo.InvariantCulture) };
await using var store = new PostgreSqlModelRegistryStore(connectionString, new PostgreSqlRegistryStoreOptions { Schema = args[0], ChangePollInterval = TimeSpan.FromHours(1) });
var swaps = Channel.CreateUnbounded<int>();
var options = new ModelServingOptions { ModelName = args[1], Alias = args[2], PollInterval = Timeout.InfiniteTimeSpan, PoolSize = 2 };
await using var pool = new ModelServingPool<Transaction, FraudScore>(new ModelRegistry(store), options, logger: new SwapSignal(swaps.Writer));
await pool.StartAsync();
while (true)
{
    int serving = pool.ServingVersion!.Version;
    Console.WriteLine($"serving {serving} {pool.Predict(probe).Probability.ToString("R", CultureInfo.InvariantCulture)}");
    Console.Out.Flush();
    if (serving >= until)
    {
        return 0;
    }

    // The first load is logged as a swap too, so only a later version counts. The pool logs a swap once the version is
    // loaded and installs it just after, under its refresh lock: a refresh of our own waits for that lock, so it returns
    // once the swap is in place.
    while (await swaps.Reader.ReadAsync() == serving)
    {
    }

    await pool.RefreshAsync();
}
