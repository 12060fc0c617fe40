using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.ML;
using MlSystems.ML.Tests.Support;
using MlSystems.Registry;

namespace MlSystems.ML.Tests.DependencyInjection;

public sealed class MlDependencyInjectionTests
{
    [Fact]
    public async Task A_served_model_starts_with_the_host_and_reports_its_metrics()
    {
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddLogging();
        services.AddModelRegistry(o => o.UseInMemory());
        services.AddServedModel<Transaction, FraudScore>("fraud", configure: o => o.WarmupInput = new Transaction { Amount = 10, Hour = 3 });
        using ServiceProvider provider = services.BuildServiceProvider();

        var ml = new MLContext(seed: 1);
        IModelRegistry registry = provider.GetRequiredService<IModelRegistry>();
        (ITransformer model, DataViewSchema schema) = FraudModels.Train(ml, 200, seed: 1);
        await registry.RegisterTransformerAsync("fraud", ml, model, schema);
        await registry.SetAliasAsync("fraud", "champion", 1, AliasCondition.Unset);

        var factory = provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        using var loads = new MetricCollector<double>(factory, "MlSystems.ML", "mlsystems.ml.model.load.duration");
        using var swaps = new MetricCollector<long>(factory, "MlSystems.ML", "mlsystems.ml.model.swaps");
        using var predictions = new MetricCollector<double>(factory, "MlSystems.ML", "mlsystems.ml.prediction.duration");
        foreach (IHostedService hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        var pool = provider.GetRequiredKeyedService<ModelServingPool<Transaction, FraudScore>>("fraud");
        Assert.Equal(1, pool.ServingVersion!.Version);
        pool.Predict(new Transaction { Amount = 500, Hour = 2 });
        Assert.Single(loads.GetMeasurementSnapshot());
        Assert.Equal("swapped", Assert.Single(swaps.GetMeasurementSnapshot()).Tags["outcome"]);
        Assert.Single(predictions.GetMeasurementSnapshot());
        Assert.True(predictions.GetMeasurementSnapshot()[0].Value >= 0);

        foreach (IHostedService hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public void Invalid_serving_options_fail_at_start_naming_the_model_and_the_option()
    {
        var services = new ServiceCollection();
        services.AddServedModel<Transaction, FraudScore>("fraud", configure: o => o.PollInterval = TimeSpan.Zero);
        services.AddServedModel<Transaction, FraudScore>("churn", " ");
        using ServiceProvider provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptionsMonitor<ModelServingOptions>>();
        Assert.Contains("ModelServingOptions 'fraud': PollInterval", Assert.Throws<OptionsValidationException>(() => options.Get("fraud")).Message, StringComparison.Ordinal);
        Assert.Contains("ModelServingOptions 'churn': Alias is required", Assert.Throws<OptionsValidationException>(() => options.Get("churn")).Message, StringComparison.Ordinal);
        Assert.Equal("modelName", Assert.Throws<ArgumentException>(() => services.AddServedModel<Transaction, FraudScore>(" ")).ParamName);
    }

    [Fact]
    public void Two_served_models_keep_their_own_options()
    {
        var services = new ServiceCollection();
        services.AddServedModel<Transaction, FraudScore>("fraud", configure: o => o.PoolSize = 3);
        services.AddServedModel<Transaction, FraudScore>("churn", "staging");
        using ServiceProvider provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptionsMonitor<ModelServingOptions>>();
        Assert.Equal(("fraud", "champion", 3), (options.Get("fraud").ModelName, options.Get("fraud").Alias, options.Get("fraud").PoolSize));
        Assert.Equal(("churn", "staging"), (options.Get("churn").ModelName, options.Get("churn").Alias));
    }
}
