using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MlSystems;

/// <summary>
/// The one way the packages register an extension by name: a keyed service whose key is the name plans and options
/// use, a later registration under the name replacing an earlier one. Linked into the packages with named extensions.
/// </summary>
internal static class NamedServices
{
    /// <summary>Registers <paramref name="factory"/> as the <typeparamref name="TService"/> keyed <paramref name="name"/>, replacing any.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space.</exception>
    public static IServiceCollection Replace<TService>(IServiceCollection services, string name, ServiceLifetime lifetime, Func<IServiceProvider, TService> factory)
        where TService : class
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        services.RemoveAllKeyed<TService>(name);
        services.Add(new ServiceDescriptor(typeof(TService), name, (sp, _) => factory(sp), lifetime));
        return services;
    }
}
