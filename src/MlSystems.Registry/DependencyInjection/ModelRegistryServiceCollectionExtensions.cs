using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MlSystems.Registry;

/// <summary>Registers the model registry with a host's service collection.</summary>
public static class ModelRegistryServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IModelRegistry"/> (a singleton <see cref="ModelRegistry"/>) over the chosen store, with its options
    /// validated at start-up; time from the registered <see cref="TimeProvider"/> (the system clock by default).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Chooses the store, for example <c>o => o.UseFileSystem("/var/lib/models")</c>.</param>
    /// <returns>The service collection, for chaining.</returns>
    public static IServiceCollection AddModelRegistry(this IServiceCollection services, Action<ModelRegistryOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<ModelRegistryOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ModelRegistryOptions>, ModelRegistryOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<ModelRegistryOptions>>().Value.StoreFactory!(sp));
        services.TryAddSingleton<IModelRegistry>(sp => new ModelRegistry(
            sp.GetRequiredService<IModelRegistryStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<ModelRegistry>>()));
        return services;
    }
}
