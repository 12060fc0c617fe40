using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging;
using Microsoft.ML;
using MlSystems.ML;
using MlSystems.Registry;
using MlSystems.Registry.PostgreSql;
using Npgsql;

using FraudScore = MlSystems.Benchmarks.ML.ServingBenchmarks.FraudScore;
using Labelled = MlSystems.Benchmarks.ML.ServingBenchmarks.Labelled;
using Transaction = MlSystems.Benchmarks.ML.ServingBenchmarks.Transaction;

namespace MlSystems.Benchmarks.Registry;

/// <summary>
/// How long after an alias move commits on host A another host hears it: two PostgreSQL stores (two origins, two
/// connection pools, as two hosts have) on one schema; A moves the alias, B's registry reports the move, and B's
/// serving pool has swapped to the new version. The floor is a bare NOTIFY heard on a LISTEN connection. Each move
/// goes to the other of two versions; the pools' and the store's polls are off, so only the feed can deliver.
/// </summary>
[MemoryDiagnoser]
public class ChangeFeedBenchmarks
{
    private const string Model = "fraud";
    private readonly MLContext ml = new(seed: 1);
    private NpgsqlDataSource dataSource = null!;
    private string schema = null!;
    private PostgreSqlModelRegistryStore storeA = null!;
    private PostgreSqlModelRegistryStore storeB = null!;
    private ModelRegistry hostA = null!;
    private ModelRegistry hostB = null!;
    private ModelServingPool<Transaction, FraudScore> pool = null!;
    private IDisposable heard = null!;
    private NpgsqlConnection listening = null!;
    private readonly SwapWaiter swaps = new();
    private TaskCompletionSource<int> moved = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int serving = 1;

    [GlobalSetup]
    public void Setup()
    {
        dataSource = NpgsqlDataSource.Create(BenchmarkPostgres.ConnectionString);
        schema = BenchmarkPostgres.FreshSchema("feed");
        var options = new PostgreSqlRegistryStoreOptions { Schema = schema, ChangePollInterval = TimeSpan.FromHours(1) };
        storeA = new PostgreSqlModelRegistryStore(BenchmarkPostgres.ConnectionString, options);
        storeB = new PostgreSqlModelRegistryStore(BenchmarkPostgres.ConnectionString, options);
        hostA = new ModelRegistry(storeA);
        hostB = new ModelRegistry(storeB);
        foreach (float threshold in (float[])[200, 60])
        {
            (ITransformer model, DataViewSchema inputSchema) = Train(threshold);
            hostA.RegisterTransformerAsync(Model, ml, model, inputSchema).GetAwaiter().GetResult();
        }

        hostA.SetAliasAsync(Model, "champion", 1, AliasCondition.Unset).GetAwaiter().GetResult();
        heard = hostB.Changes.Subscribe(new MoveObserver(this));
        pool = new ModelServingPool<Transaction, FraudScore>(hostB, new ModelServingOptions { ModelName = Model, PollInterval = Timeout.InfiniteTimeSpan, PoolSize = 2 }, ml, logger: swaps);
        pool.StartAsync().GetAwaiter().GetResult();

        listening = dataSource.OpenConnection();
        using var listen = new NpgsqlCommand("LISTEN bench_floor", listening);
        listen.ExecuteNonQuery();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        heard.Dispose();
        pool.Dispose();
        storeA.Dispose();
        storeB.Dispose();
        listening.Dispose();
        BenchmarkPostgres.Drop(dataSource, schema);
        dataSource.Dispose();
    }

    [Benchmark(Baseline = true, Description = "floor: NOTIFY heard by LISTEN")]
    public async Task Floor()
    {
        await using NpgsqlCommand notify = dataSource.CreateCommand("NOTIFY bench_floor");
        await notify.ExecuteNonQueryAsync();
        await listening.WaitAsync();
    }

    [Benchmark(Description = "move on A, reported by B's registry")]
    public async Task<int> Reported()
    {
        moved = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        await MoveAsync();
        return await moved.Task;
    }

    [Benchmark(Description = "move on A, B's pool has swapped")]
    public async Task<int> Swapped()
    {
        Task<int> swapped = swaps.NextAsync();
        await MoveAsync();
        return await swapped;
    }

    private async Task MoveAsync()
    {
        int to = 3 - serving;
        await hostA.SetAliasAsync(Model, "champion", to, AliasCondition.Is(serving));
        serving = to;
    }

    private (ITransformer Model, DataViewSchema Schema) Train(float threshold)
    {
        var random = new Random(1);
        Labelled[] rows = [.. Enumerable.Range(0, 500).Select(_ =>
        {
            float amount = (float)Math.Exp(3 + (3 * random.NextDouble()));
            float hour = random.Next(24);
            return new Labelled { Amount = amount, Hour = hour, Label = amount > threshold && hour < 6 };
        })];
        IDataView data = ml.Data.LoadFromEnumerable(rows);
        ITransformer model = ml.Transforms.Concatenate("Features", "Amount", "Hour")
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(maximumNumberOfIterations: 5))
            .Fit(data);
        return (model, data.Schema);
    }

    private sealed class MoveObserver(ChangeFeedBenchmarks owner) : IObserver<RegistryChange>
    {
        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void OnNext(RegistryChange value)
        {
            if (value.Kind == RegistryChangeKind.AliasMoved)
            {
                owner.moved.TrySetResult(value.Version);
            }
        }
    }

    /// <summary>The pool's logger: completes the awaited swap when the pool logs one (event 1), after it is installed.</summary>
    private sealed class SwapWaiter : ILogger<ModelServingPool<Transaction, FraudScore>>
    {
        private TaskCompletionSource<int> next = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<int> NextAsync()
        {
            next = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            return next.Task;
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id == 1)
            {
                next.TrySetResult(eventId.Id);
            }
        }
    }
}
