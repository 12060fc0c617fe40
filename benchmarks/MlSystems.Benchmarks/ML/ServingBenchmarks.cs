using BenchmarkDotNet.Attributes;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlSystems.ML;
using MlSystems.Registry;

namespace MlSystems.Benchmarks.ML;

/// <summary>
/// One prediction of a real ML.NET model (min-max normalisation + logistic regression on two features) through the
/// serving pool against a raw PredictionEngine, and resolving which version serves. Inputs rotate through 1,024 rows.
/// </summary>
[MemoryDiagnoser]
public class ServingBenchmarks
{
    private const int Rows = 1_024;
    private readonly MLContext ml = new(seed: 1);
    private Transaction[] requests = null!;
    private PredictionEngine<Transaction, FraudScore> raw = null!;
    private ModelServingPool<Transaction, FraudScore> pool = null!;
    private FraudScore output = new();
    private int next;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        Labelled[] rows = [.. Enumerable.Range(0, 2_000).Select(_ =>
        {
            float amount = (float)Math.Exp(3 + (3 * random.NextDouble()));
            float hour = random.Next(24);
            return new Labelled { Amount = amount, Hour = hour, Label = amount > 200 && hour < 6 };
        })];
        IDataView data = ml.Data.LoadFromEnumerable(rows);
        ITransformer model = ml.Transforms.Concatenate("Features", "Amount", "Hour")
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(maximumNumberOfIterations: 20))
            .Fit(data);
        var registry = new ModelRegistry(new InMemoryModelRegistryStore());
        registry.RegisterTransformerAsync("fraud", ml, model, data.Schema).GetAwaiter().GetResult();
        registry.SetAliasAsync("fraud", "champion", 1, AliasCondition.Unset).GetAwaiter().GetResult();
        pool = new ModelServingPool<Transaction, FraudScore>(registry, new ModelServingOptions { ModelName = "fraud", PollInterval = Timeout.InfiniteTimeSpan }, ml);
        pool.StartAsync().GetAwaiter().GetResult();
        raw = ml.Model.CreatePredictionEngine<Transaction, FraudScore>(model);
        requests = [.. Enumerable.Range(0, Rows).Select(_ => new Transaction { Amount = (float)Math.Exp(3 + (3 * random.NextDouble())), Hour = random.Next(24) })];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        pool.Dispose();
        raw.Dispose();
    }

    [Benchmark(Baseline = true)]
    public float Raw_PredictionEngine()
    {
        raw.Predict(requests[next++ & (Rows - 1)], ref output);
        return output.Score;
    }

    [Benchmark]
    public float ServingPool_Predict()
    {
        pool.Predict(requests[next++ & (Rows - 1)], ref output);
        return output.Score;
    }

    [Benchmark]
    public int ServingPool_resolve_serving_version() => pool.ServingVersion!.Version;

    public sealed class Transaction
    {
        public float Amount { get; set; }

        public float Hour { get; set; }
    }

    public sealed class Labelled
    {
        public float Amount { get; set; }

        public float Hour { get; set; }

        public bool Label { get; set; }
    }

    public sealed class FraudScore
    {
        [ColumnName("PredictedLabel")]
        public bool IsFraud { get; set; }

        public float Score { get; set; }

        public float Probability { get; set; }
    }
}
