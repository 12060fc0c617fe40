using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MlSystems.Drift;

/// <summary>Registers the drift services with a host's service collection.</summary>
public static class DriftServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="DriftMonitor"/> with its options (validated at start-up), metrics through
    /// <see cref="System.Diagnostics.Metrics.IMeterFactory"/> and logging. The host must provide <c>IMeterFactory</c>
    /// (<c>services.AddMetrics()</c>, which hosts do by default) and logging.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options: report defaults, thresholds, custom tests.</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IServiceCollection AddDriftDetection(this IServiceCollection services, Action<DriftDetectionOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<DriftDetectionOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DriftDetectionOptions>, DriftDetectionOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DriftTelemetry>();
        services.TryAddSingleton(sp => new DriftMonitor(
            sp.GetRequiredService<IOptions<DriftDetectionOptions>>(),
            sp.GetServices<IDriftTest>(),
            sp.GetRequiredService<DriftTelemetry>(),
            sp.GetService<ILogger<DriftMonitor>>() ?? Microsoft.Extensions.Logging.Abstractions.NullLogger<DriftMonitor>.Instance,
            sp.GetRequiredService<TimeProvider>()));
        AddBuiltInDetectors(services);
        return services;
    }

    /// <summary>
    /// Registers a custom drift test as an <see cref="IDriftTest"/> singleton built by the container, so its constructor
    /// gets its dependencies; <see cref="DriftMonitor"/> offers it to reports by its <see cref="IDriftTest.Name"/>, which
    /// the options (<see cref="DriftReportOptions.NumericTest"/>, per-feature tests, thresholds) then use.
    /// </summary>
    /// <typeparam name="TTest">The test; registering one type twice adds it once.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    /// <remarks>Two custom tests with one name and kind fail start-up; a custom test may replace a built-in.</remarks>
    public static IServiceCollection AddDriftTest<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TTest>(this IServiceCollection services)
        where TTest : class, IDriftTest
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDriftTest, TTest>());
        return services;
    }

    /// <summary>
    /// Registers a factory of a streaming detector under <paramref name="name"/>, a keyed transient
    /// <see cref="IStreamingDriftDetector"/>: every <c>GetRequiredKeyedService&lt;IStreamingDriftDetector&gt;(name)</c>
    /// gets a fresh detector with its own state, for one stream. <see cref="AddDriftDetection"/> registers the built-in
    /// ones (<c>adwin</c>, <c>page-hinkley</c>, <c>ddm</c>, <c>kswin</c>) with their default options; registering one of
    /// those names replaces it.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The detector's name; the detectors the factory makes must report it as <see cref="IStreamingDriftDetector.Name"/>.</param>
    /// <param name="factory">Creates a detector, with the container to resolve its dependencies from.</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space.</exception>
    /// <remarks>Resolving throws <see cref="InvalidOperationException"/> when the factory returns null or a detector of another name.</remarks>
    public static IServiceCollection AddStreamingDetector(this IServiceCollection services, string name, Func<IServiceProvider, IStreamingDriftDetector> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return NamedServices.Replace(services, name, ServiceLifetime.Transient, sp => Checked(name, factory(sp)));
    }

    private static void AddBuiltInDetectors(IServiceCollection services)
    {
        // TryAdd: a host's own registration under a built-in name, made before or after, wins.
        services.TryAddKeyedTransient<IStreamingDriftDetector>(StreamingDetectorNames.Adwin, (_, _) => new Adwin());
        services.TryAddKeyedTransient<IStreamingDriftDetector>(StreamingDetectorNames.PageHinkley, (_, _) => new PageHinkley());
        services.TryAddKeyedTransient<IStreamingDriftDetector>(StreamingDetectorNames.Ddm, (_, _) => new Ddm());
        services.TryAddKeyedTransient<IStreamingDriftDetector>(StreamingDetectorNames.Kswin, (_, _) => new Kswin());
    }

    private static IStreamingDriftDetector Checked(string name, IStreamingDriftDetector? detector) =>
        detector is null ? throw new InvalidOperationException($"The factory of streaming detector '{name}' returned null.")
        : !string.Equals(detector.Name, name, StringComparison.Ordinal) ? throw new InvalidOperationException($"The factory registered as streaming detector '{name}' made a detector named '{detector.Name}'.")
        : detector;
}
