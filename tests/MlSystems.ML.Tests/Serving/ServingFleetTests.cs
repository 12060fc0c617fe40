using System.Globalization;
using Microsoft.ML;
using MlSystems.ML.Tests.Support;
using MlSystems.Registry;
using MlSystems.Registry.PostgreSql;

namespace MlSystems.ML.Tests.Serving;

/// <summary>Serving pools on different hosts (OS processes) sharing one PostgreSQL registry.</summary>
public sealed class ServingFleetTests : IDisposable
{
    private readonly string schema = PostgresServer.FreshSchema();
    private readonly MLContext ml = new(seed: 1);

    [SkippableFact]
    public async Task An_alias_move_on_one_host_is_served_by_the_pools_on_two_others()
    {
        await using var store = new PostgreSqlModelRegistryStore(PostgresServer.Require(), new PostgreSqlRegistryStoreOptions { Schema = schema });
        var registry = new ModelRegistry(store);
        (ITransformer v1, DataViewSchema inputSchema) = FraudModels.Train(ml, 200, seed: 1);
        (ITransformer v2, _) = FraudModels.Train(ml, 60, seed: 2);
        await registry.RegisterTransformerAsync("fraud", ml, v1, inputSchema);
        await registry.RegisterTransformerAsync("fraud", ml, v2, inputSchema);
        await registry.SetAliasAsync("fraud", "champion", 1, AliasCondition.Unset);
        var probe = new Transaction { Amount = 150, Hour = 2 };
        string expected1 = await ProbabilityAsync(registry, 1, probe), expected2 = await ProbabilityAsync(registry, 2, probe);
        Assert.NotEqual(expected1, expected2);

        // Both hosts have their pool's poll and the store's poll fallback off: only the change feed can move them.
        await using ServingHost b = ServingHost.Start(schema, "fraud", "champion", untilVersion: 2, probe);
        await using ServingHost c = ServingHost.Start(schema, "fraud", "champion", untilVersion: 2, probe);
        Assert.Equal($"serving 1 {expected1}", await b.NextLineAsync());
        Assert.Equal($"serving 1 {expected1}", await c.NextLineAsync());

        await registry.SetAliasAsync("fraud", "champion", 2, AliasCondition.Is(1), new AliasChange("fleet-test", "promote"));

        Assert.Equal($"serving 2 {expected2}", await b.NextLineAsync());
        Assert.Equal($"serving 2 {expected2}", await c.NextLineAsync());
        Assert.Equal(0, await b.ExitCodeAsync());
        Assert.Equal(0, await c.ExitCodeAsync());
    }

    public void Dispose()
    {
        if (PostgresServer.ConnectionString is not null)
        {
            PostgresServer.Drop(schema);
        }
    }

    /// <summary>The probability the registered version gives the probe, as a host prints it (loaded from the registry, round-trip format).</summary>
    private async Task<string> ProbabilityAsync(ModelRegistry registry, int version, Transaction probe)
    {
        LoadedTransformer loaded = await registry.LoadTransformerAsync("fraud", version, ml);
        using var engine = ml.Model.CreatePredictionEngine<Transaction, FraudScore>(loaded.Model);
        return engine.Predict(probe).Probability.ToString("R", CultureInfo.InvariantCulture);
    }
}
