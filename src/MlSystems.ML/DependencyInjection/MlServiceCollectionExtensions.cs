using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
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
    /// <param name="configure">Further options (poll interval, pool size, warm-up input; named options under the model's name, validated when the host starts); null for the defaults.</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <exception cref="ArgumentException"><paramref name="modelName"/> is empty or white space (it is the services' key).</exception>
    /// <remarks>Invalid options fail the host at start (<see cref="OptionsValidationException"/> naming the option), or the first resolution of the pool outside a host.</remarks>
    public static IServiceCollection AddServedModel<TInput, TOutput>(this IServiceCollection services, string modelName, string aliasName = "champion", Action<ModelServingOptions>? configure = null)
        where TInput : class
        where TOutput : class, new()
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelName);
        OptionsBuilder<ModelServingOptions> options = services.AddOptions<ModelServingOptions>(modelName).Configure(o => (o.ModelName, o.Alias) = (modelName, aliasName));
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ModelServingOptions>, ModelServingOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<MlTelemetry>();
        services.AddKeyedSingleton(modelName, (sp, _) => new ModelServingPool<TInput, TOutput>(
            sp.GetRequiredService<IModelRegistry>(),
            sp.GetRequiredService<IOptionsMonitor<ModelServingOptions>>().Get(modelName),
            sp.GetService<MLContext>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<ModelServingPool<TInput, TOutput>>>(),
            sp.GetRequiredService<MlTelemetry>()));
        services.AddSingleton<Microsoft.Extensions.Hosting.IHostedService>(sp => new ServedModelStarter<TInput, TOutput>(sp.GetRequiredKeyedService<ModelServingPool<TInput, TOutput>>(modelName)));
        return services;
    }
}
