using Microsoft.Extensions.DependencyInjection;

namespace MlSystems.Features;

/// <summary>
/// What <see cref="FeatureServiceCollectionExtensions.AddFeatures"/> registered for one feature set, for extensions that
/// replace or add to it — <c>UseRedis</c> in MlSystems.Features.Redis swaps the in-memory online store for a shared one.
/// </summary>
public sealed class FeatureServicesBuilder
{
    internal FeatureServicesBuilder(IServiceCollection services, FeatureVectorSchema schema)
    {
        Services = services;
        Schema = schema;
    }

    /// <summary>The service collection the feature set was added to.</summary>
    public IServiceCollection Services { get; }

    /// <summary>The feature set's name: the key its engine, options and online store are registered under.</summary>
    public string Name => Schema.Name;

    /// <summary>The feature set's stored-vector schema.</summary>
    public FeatureVectorSchema Schema { get; }
}
