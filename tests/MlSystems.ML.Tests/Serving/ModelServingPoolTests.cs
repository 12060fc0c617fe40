using Microsoft.ML;
using MlSystems.ML.Tests.Support;
using MlSystems.Registry;

namespace MlSystems.ML.Tests.Serving;

public sealed class ModelServingPoolTests
{
    private readonly MLContext ml = new(seed: 1);
    private readonly ModelRegistry registry = new(new InMemoryModelRegistryStore());

    [Fact]
    public async Task A_model_round_trips_through_the_registry_with_its_schema_and_identical_predictions()
    {
        (ITransformer model, DataViewSchema schema) = FraudModels.Train(ml, 200, seed: 1);
        ModelVersion version = await registry.RegisterTransformerAsync("fraud", ml, model, schema);
        Assert.Contains(version.Metadata.InputSchema, c => c.Name == "Amount" && c.Type == "Single");
        Assert.Contains(version.Metadata.OutputSchema, c => c.Name == "Probability");
        Assert.Equal("ML.NET", version.Metadata.Tags["framework"]);

        LoadedTransformer loaded = await registry.LoadTransformerAsync("fraud", 1, ml);
        using var original = ml.Model.CreatePredictionEngine<Transaction, FraudScore>(model);
        using var reloaded = ml.Model.CreatePredictionEngine<Transaction, FraudScore>(loaded.Model);
        foreach (Transaction t in FraudModels.Requests(200, 5))
        {
            Assert.Equal(original.Predict(t).Score, reloaded.Predict(t).Score);
        }
    }

    [Fact]
    public async Task A_tampered_model_is_refused_before_ML_NET_sees_it()
    {
        var store = new InMemoryModelRegistryStore();
        var tampered = new ModelRegistry(store);
        (ITransformer model, DataViewSchema schema) = FraudModels.Train(ml, 200, seed: 1);
        ModelVersion version = await tampered.RegisterTransformerAsync("fraud", ml, model, schema);
        await tampered.SetAliasAsync("fraud", "champion", 1, AliasCondition.Unset);
        using (var bytes = new MemoryStream())
        {
            await (await tampered.OpenArtifactAsync("fraud", 1)).CopyToAsync(bytes);
            byte[] altered = bytes.ToArray();
            altered[altered.Length / 2] ^= 0xFF;
            store.Corrupt(version.Digest, altered);
        }

        await Assert.ThrowsAsync<ModelIntegrityException>(() => tampered.LoadTransformerAsync("fraud", 1, ml));
        await using var pool = new ModelServingPool<Transaction, FraudScore>(tampered, new ModelServingOptions { ModelName = "fraud" });
        await Assert.ThrowsAsync<ModelIntegrityException>(() => pool.StartAsync());
    }

    [Fact]
    public async Task Hot_swap_under_concurrent_load_fails_no_call_and_serves_nothing_stale_afterwards()
    {
        (ITransformer v1, DataViewSchema schema) = FraudModels.Train(ml, 200, seed: 1);
        (ITransformer v2, _) = FraudModels.Train(ml, 60, seed: 2);
        await registry.RegisterTransformerAsync("fraud", ml, v1, schema);
        await registry.RegisterTransformerAsync("fraud", ml, v2, schema);
        await registry.SetAliasAsync("fraud", "champion", 1, AliasCondition.Unset);
        Transaction[] requests = FraudModels.Requests(64, 7);
        float[] expected1 = Scores(v1, requests), expected2 = Scores(v2, requests);
        Assert.NotEqual(expected1, expected2);

        await using var pool = new ModelServingPool<Transaction, FraudScore>(registry, new ModelServingOptions { ModelName = "fraud", PoolSize = 2, WarmupInput = requests[0], PollInterval = Timeout.InfiniteTimeSpan });
        await pool.StartAsync();
        Assert.Equal(1, pool.ServingVersion!.Version);
        ServingGeneration<Transaction, FraudScore> first = pool.Current!;

        int swapped = 0, failures = 0, stale = 0, calls = 0;
        using var stop = new CancellationTokenSource();
        Task[] load = [.. Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            var output = new FraudScore();
            for (int i = w; !stop.IsCancellationRequested; i++)
            {
                bool after = Volatile.Read(ref swapped) == 1;
                int k = i % requests.Length;
                try
                {
                    pool.Predict(requests[k], ref output);
                    Interlocked.Increment(ref calls);
                    bool fromV2 = output.Score == expected2[k];
                    if (after ? !fromV2 : !(fromV2 || output.Score == expected1[k]))
                    {
                        Interlocked.Increment(ref stale);
                    }
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }))];

        while (Volatile.Read(ref calls) < 2_000)
        {
            await Task.Yield();
        }

        // The move is seen through the change feed; RefreshAsync returns once that swap has completed.
        await registry.SetAliasAsync("fraud", "champion", 2, AliasCondition.Is(1));
        await pool.RefreshAsync();
        Assert.Equal(2, pool.ServingVersion!.Version);
        Volatile.Write(ref swapped, 1);
        int before = Volatile.Read(ref calls);
        while (Volatile.Read(ref calls) < before + 2_000)
        {
            await Task.Yield();
        }

        await stop.CancelAsync();
        await Task.WhenAll(load);
        Assert.Equal(0, failures);
        Assert.Equal(0, stale);
        Assert.True(first.IsDisposed, "the old generation is disposed once drained");
    }

    [Fact]
    public async Task A_model_that_does_not_fit_the_types_is_refused_and_the_old_one_keeps_serving()
    {
        (ITransformer v1, DataViewSchema schema) = FraudModels.Train(ml, 200, seed: 1);
        (ITransformer wrong, DataViewSchema wrongSchema) = FraudModels.TrainOtherShape(ml);
        await registry.RegisterTransformerAsync("fraud", ml, v1, schema);
        await registry.RegisterTransformerAsync("fraud", ml, wrong, wrongSchema);
        await registry.SetAliasAsync("fraud", "champion", 1, AliasCondition.Unset);
        await using var pool = new ModelServingPool<Transaction, FraudScore>(registry, new ModelServingOptions { ModelName = "fraud", PollInterval = Timeout.InfiniteTimeSpan });
        await pool.StartAsync();

        await registry.SetAliasAsync("fraud", "champion", 2, AliasCondition.Is(1));
        Assert.False(await pool.RefreshAsync());
        Assert.Equal(1, pool.ServingVersion!.Version);
        Assert.True(pool.Predict(new Transaction { Amount = 900, Hour = 2 }).Probability > 0);
    }

    [Fact]
    public async Task Misuse_gets_clear_errors()
    {
        await using var pool = new ModelServingPool<Transaction, FraudScore>(registry, new ModelServingOptions { ModelName = "fraud" });
        Assert.Contains("not started", Assert.Throws<InvalidOperationException>(() => pool.Predict(new Transaction())).Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ModelNotFoundException>(() => pool.StartAsync());
        Assert.Equal("ModelName", Assert.Throws<ArgumentException>(() => new ModelServingPool<Transaction, FraudScore>(registry, new ModelServingOptions())).ParamName);

        // The pool keeps its own copy of the options.
        var options = new ModelServingOptions { ModelName = "fraud", Alias = "champion" };
        await using var copied = new ModelServingPool<Transaction, FraudScore>(registry, options);
        (options.ModelName, options.Alias) = ("other", "staging");
        Assert.Equal(("fraud", "champion"), (copied.ModelName, copied.Alias));
        Assert.Equal("options", Assert.Throws<ArgumentException>(() => new ModelServingPool<Transaction, FraudScore>(registry, new ModelServingOptions { ModelName = "m", WarmupInput = "text" })).ParamName);
        Assert.Equal("PoolSize", Assert.Throws<ArgumentException>(() => new ModelServingPool<Transaction, FraudScore>(registry, new ModelServingOptions { ModelName = "m", PoolSize = 0 })).ParamName);
    }

    private float[] Scores(ITransformer model, Transaction[] requests)
    {
        using var engine = ml.Model.CreatePredictionEngine<Transaction, FraudScore>(model);
        return [.. requests.Select(r => engine.Predict(r).Score)];
    }
}
