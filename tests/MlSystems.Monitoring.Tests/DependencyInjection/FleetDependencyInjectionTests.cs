using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MlSystems.Monitoring.PostgreSql;
using MlSystems.Monitoring.Tests.Support;
using MlSystems.Registry;

namespace MlSystems.Monitoring.Tests.DependencyInjection;

/// <summary><c>AddModelMonitoringFleet</c>: a service's monitor joins its fleet in one line, checked at start-up.</summary>
public sealed class FleetDependencyInjectionTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("mlsystems-fleet-di-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public async Task The_registered_monitor_joins_the_fleet_and_writes_its_first_plan()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        var store = new InMemoryFleetStore(clock);
        await using ServiceProvider provider = Build(clock, f => f.UseStore(_ => store).HostId = "web-1");
        var monitor = provider.GetRequiredService<ModelMonitor>();
        ModelVersion first = await monitor.RegisterAsync(LoopHarness.Trained(LoopHarness.Profile(0, rows: 500), 0.05, "v1"));
        await provider.GetRequiredService<IModelRegistry>().SetAliasAsync("scorer", "champion", first.Version, AliasCondition.Unset);

        // The first check leads (nobody else is there), writes the plan, and the next routes by it.
        await monitor.CheckAsync();
        await monitor.CheckAsync();

        Assert.True(monitor.InFleet);
        Assert.Equal(TimeSpan.FromSeconds(10), monitor.CheckInterval);
        Assert.Equal("web-1", (await store.ReadLeaseAsync("scorer"))!.Holder);
        Assert.Equal(1, RoutingPlan.FromRevision((await store.ReadPlanAsync("scorer"))!).Champion);
        Assert.Equal(1, monitor.Route("user-7").Version);
    }

    [Fact]
    public async Task A_fleet_without_a_store_or_with_bad_intervals_fails_start_up_naming_the_option()
    {
        await using ServiceProvider noStore = Build(new FakeTimeProvider(), _ => { });
        Assert.Contains("StoreFactory", Assert.Throws<OptionsValidationException>(() => noStore.GetRequiredService<IOptions<FleetOptions>>().Value).Message, StringComparison.Ordinal);

        await using ServiceProvider badLease = Build(new FakeTimeProvider(), f => f.UseStore(_ => new InMemoryFleetStore()).LeaseDuration = TimeSpan.FromSeconds(5));
        Assert.Contains("lease duration", Assert.Throws<OptionsValidationException>(() => badLease.GetRequiredService<IOptions<FleetOptions>>().Value).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_fleet_is_added_once_and_after_the_monitor()
    {
        var services = new ServiceCollection();
        Assert.Contains("AddModelMonitoring before", Assert.Throws<InvalidOperationException>(() => services.AddModelMonitoringFleet(_ => { })).Message, StringComparison.Ordinal);
        services.AddModelMonitoring(o => o.ModelName = "scorer", root).AddModelMonitoringFleet(_ => { });
        Assert.Throws<InvalidOperationException>(() => services.AddModelMonitoringFleet(_ => { }));
        Assert.Throws<ArgumentNullException>(() => services.AddModelMonitoringFleet(null!));
    }

    [Fact]
    public void A_postgresql_connection_string_that_cannot_be_parsed_is_refused_when_configured()
    {
        var options = new FleetOptions();
        Assert.Equal("connectionString", Assert.Throws<ArgumentException>(() => options.UsePostgreSql("Host=;;=")).ParamName);
        Assert.Equal("Schema", Assert.Throws<ArgumentException>(() => options.UsePostgreSql("Host=localhost", s => s.Schema = "bad name")).ParamName);
        Assert.Null(options.StoreFactory);
    }

    [SkippableFact]
    public async Task On_postgresql_the_monitor_writes_its_plan_in_the_fleet_schema()
    {
        string connectionString = PostgresServer.Require();
        string schema = PostgresServer.FreshSchema();
        try
        {
            await using ServiceProvider provider = Build(TimeProvider.System, f => f.UsePostgreSql(connectionString, s => s.Schema = schema));
            var monitor = provider.GetRequiredService<ModelMonitor>();
            ModelVersion first = await monitor.RegisterAsync(LoopHarness.Trained(LoopHarness.Profile(0, rows: 500), 0.05, "v1"));
            await provider.GetRequiredService<IModelRegistry>().SetAliasAsync("scorer", "champion", first.Version, AliasCondition.Unset);
            await monitor.CheckAsync();

            var store = (PostgreSqlFleetStore)provider.GetRequiredService<IFleetStore>();
            Assert.Equal(1, RoutingPlan.FromRevision((await store.ReadPlanAsync("scorer"))!).Champion);
        }
        finally
        {
            PostgresServer.Drop(schema);
        }
    }

    private ServiceProvider Build(TimeProvider clock, Action<FleetOptions> fleet)
    {
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddLogging();
        services.AddSingleton(clock);
        services.AddModelRegistry(o => o.UseFileSystem(Path.Combine(root, "registry")));
        services.AddModelMonitoring(
            o =>
            {
                o.ModelName = "scorer";
                o.FeatureNames = ["x", "y"];
            },
            Path.Combine(root, "profiles"))
            .AddModelMonitoringFleet(fleet);
        return services.BuildServiceProvider();
    }
}
