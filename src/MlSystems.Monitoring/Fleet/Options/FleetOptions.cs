using System.Globalization;

namespace MlSystems.Monitoring;

/// <summary>How a <see cref="ModelMonitor"/> takes part in a fleet of hosts sharing one monitor and one canary per model.</summary>
/// <remarks>
/// The options are copied when the monitor is built. Checks run every <see cref="FlushInterval"/> instead of
/// <see cref="ModelMonitorOptions.CheckInterval"/>: each flushes what the host served and, on the coordinator, judges
/// the merged traffic.
/// </remarks>
public sealed class FleetOptions
{
    private Func<IServiceProvider, IFleetStore>? storeFactory;

    /// <summary>What this process does; default <see cref="FleetRole.ServingAndCoordinating"/>.</summary>
    public FleetRole Role { get; set; }

    /// <summary>
    /// This process's id among the model's hosts and coordinators; at most 256 characters, no U+0000. Default: the machine
    /// name, the process id and a random suffix, new for every run, as a host's flush numbers restart with each run.
    /// </summary>
    public string HostId { get; set; } = string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}");

    /// <summary>How often the host flushes and the coordinator judges; positive; default 10 seconds. A host silent for two
    /// intervals is reported as missing coverage.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the coordinator's lease lasts unrenewed: a successor takes over within it plus one interval; longer
    /// than <see cref="FlushInterval"/>; default 30 seconds.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long flushed summaries are kept once no canary needs them (the coordinator prunes older ones between
    /// canaries); at least two flush intervals; default 1 day.</summary>
    public TimeSpan SummaryRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The store the fleet shares, made from the service provider (for dependency injection); set by
    /// <see cref="UseStore"/> or a backend's extension such as <c>UsePostgreSql</c>. Null until set.</summary>
    public Func<IServiceProvider, IFleetStore>? StoreFactory => storeFactory;

    /// <summary>Uses the store <paramref name="factory"/> makes.</summary>
    /// <param name="factory">Makes the store from the service provider; called once.</param>
    /// <returns>These options, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="factory"/> is null.</exception>
    public FleetOptions UseStore(Func<IServiceProvider, IFleetStore> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        storeFactory = factory;
        return this;
    }

    /// <summary>Throws unless a store is set, as a container needs it to make the monitor's store.</summary>
    /// <exception cref="ArgumentException">No store is set.</exception>
    internal void ValidateStore()
    {
        if (storeFactory is null)
        {
            throw new ArgumentException("No fleet store is set: call UsePostgreSql (MlSystems.Monitoring.PostgreSql) or UseStore.", nameof(StoreFactory));
        }
    }

    /// <summary>Throws unless the options are usable; the message names the option.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    internal void Validate()
    {
        if (!Enum.IsDefined(Role))
        {
            throw new ArgumentException($"The fleet role {Role} is not defined.", nameof(Role));
        }

        FleetArguments.Name(HostId, nameof(HostId));
        if (FlushInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException($"The flush interval {FlushInterval} must be positive.", nameof(FlushInterval));
        }

        if (SummaryRetention < 2 * FlushInterval)
        {
            throw new ArgumentException($"The summary retention {SummaryRetention} must be at least two flush intervals ({2 * FlushInterval}).", nameof(SummaryRetention));
        }

        if (LeaseDuration <= FlushInterval || LeaseDuration > TimeSpan.FromDays(1))
        {
            throw new ArgumentException($"The lease duration {LeaseDuration} must be longer than the flush interval {FlushInterval}, so a coordinator renews it before it lapses, and at most a day.", nameof(LeaseDuration));
        }
    }

    /// <summary>A copy, so that changing these options later changes nothing in a monitor built from them.</summary>
    internal FleetOptions Snapshot() => new() { Role = Role, HostId = HostId, FlushInterval = FlushInterval, LeaseDuration = LeaseDuration, SummaryRetention = SummaryRetention, storeFactory = storeFactory };
}
