using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.ML;
using MlSystems.Registry;

namespace MlSystems.ML;

/// <summary>Registers served ML.NET models with a host's service collection.</summary>
public static class MlServiceCollectionExtensions
{
    /// <summary>
    /// Serves the model <paramref name="modelName"/> at <paramref name="aliasName"/> as a keyed
    /// <see cref="ModelServingPool{TInput, TOutput}"/> (key: the model name), started with the host by a hosted service
    /// (loaded, schema-checked and warmed before the host accepts traffic). Requires an <see cref="IModelRegistry"/>
    /// (<c>AddModelRegistry</c>) and <c>IMeterFactory</c> (<c>AddMetrics</c>); the <see cref="MLContext"/> is the
    /// registered one, or a new one with seed 0.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="modelName">The registered model.</param>
    /// <param name="aliasName">The alias to follow; default <c>champion</c>.</param>
    /// <param name="configure">Further options (poll interval, pool size, warm-up input); null for the defaults.</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <exception cref="ArgumentException">The options are invalid (checked here, at registration).</exception>
    public static IServiceCollection AddServedModel<TInput, TOutput>(this IServiceCollection services, string modelName, string aliasName = "champion", Action<ModelServingOptions>? configure = null)
        where TInput : class
        where TOutput : class, new()
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new ModelServingOptions { ModelName = modelName, Alias = aliasName };
        configure?.Invoke(options);
        options.Validate();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<MlTelemetry>();
        services.AddKeyedSingleton(modelName, (sp, _) => new ModelServingPool<TInput, TOutput>(
            sp.GetRequiredService<IModelRegistry>(),
            options,
            sp.GetService<MLContext>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<ModelServingPool<TInput, TOutput>>>(),
            sp.GetRequiredService<MlTelemetry>()));
        services.AddSingleton<Microsoft.Extensions.Hosting.IHostedService>(sp => new ServedModelStarter<TInput, TOutput>(sp.GetRequiredKeyedService<ModelServingPool<TInput, TOutput>>(modelName)));
        return services;
    }
}
