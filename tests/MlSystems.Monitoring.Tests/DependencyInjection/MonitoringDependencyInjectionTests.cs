using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MlSystems.Registry;
using MlSystems.Monitoring.Tests.Support;

namespace MlSystems.Monitoring.Tests.DependencyInjection;

public sealed class MonitoringDependencyInjectionTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("mlsystems-monitoring-di-").FullName;

    [Fact]
    public async Task The_hosted_service_checks_at_start_and_on_every_interval_of_the_registered_clock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        await using ServiceProvider provider = Build(clock);
        var monitor = provider.GetRequiredService<ModelMonitor>();
        IModelRegistry registry = provider.GetRequiredService<IModelRegistry>();
        ModelVersion first = await monitor.RegisterAsync(LoopHarness.Trained(LoopHarness.Profile(0, rows: 500), 0.05, "v1"));
        await registry.SetAliasAsync("scorer", "champion", first.Version, AliasCondition.Unset);
        using var checks = new MetricCollector<long>(provider.GetRequiredService<IMeterFactory>(), "MlSystems.Monitoring", "mlsystems.monitoring.checks");
        var completed = new List<MonitoringCheck>();
        var next = new TaskCompletionSource<MonitoringCheck>(TaskCreationOptions.RunContinuationsAsynchronously);
        monitor.CheckCompleted += (_, check) =>
        {
            lock (completed)
            {
                completed.Add(check);
            }

            next.TrySetResult(check);
        };
        ModelMonitorService service = Assert.Single(provider.GetServices<IHostedService>().OfType<ModelMonitorService>());

        await service.StartAsync(CancellationToken.None);
        MonitoringCheck atStart = await next.Task.WaitAsync(TimeSpan.FromSeconds(30));
        next = new TaskCompletionSource<MonitoringCheck>(TaskCreationOptions.RunContinuationsAsynchronously);
        clock.Advance(TimeSpan.FromMinutes(5));
        MonitoringCheck scheduled = await next.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await service.StopAsync(CancellationToken.None);

        Assert.Equal(1, atStart.ChampionVersion);
        Assert.Equal(clock.GetUtcNow(), scheduled.At);
        Assert.Equal(2, completed.Count);
        Assert.Equal(2, checks.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal("Healthy", checks.LastMeasurement!.Tags["health"]);

        HealthReport report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        HealthReportEntry entry = report.Entries["model-monitor"];
        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal(1, entry.Data["champion"]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_hosted_service_prepares_the_checks_after_the_first_check_that_finds_a_champion_and_again_for_a_new_one(bool prepareChecks)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        await using ServiceProvider provider = Build(clock, o => o.PrepareChecks = prepareChecks);
        var monitor = provider.GetRequiredService<ModelMonitor>();
        var next = new TaskCompletionSource<MonitoringCheck>(TaskCreationOptions.RunContinuationsAsynchronously);
        monitor.CheckCompleted += (_, check) => next.TrySetResult(check);
        ModelMonitorService service = Assert.Single(provider.GetServices<IHostedService>().OfType<ModelMonitorService>());
        FakeLogCollector logs = provider.GetRequiredService<FakeLogCollector>();
        int Prepared() => logs.GetSnapshot().Count(r => r.Id.Id == 10);

        // No champion at start: nothing to prepare yet. Each later check starts only after the loop has prepared (or
        // not) following the one before, so awaiting a check is awaiting the preparation before it.
        await service.StartAsync(CancellationToken.None);
        Assert.Null((await next.Task.WaitAsync(TimeSpan.FromSeconds(30))).ChampionVersion);
        ModelVersion first = await monitor.RegisterAsync(LoopHarness.Trained(LoopHarness.Profile(0, rows: 500), 0.05, "v1"));
        await provider.GetRequiredService<IModelRegistry>().SetAliasAsync("scorer", "champion", first.Version, AliasCondition.Unset);
        for (int tick = 0; tick < 3; tick++)
        {
            next = new TaskCompletionSource<MonitoringCheck>(TaskCreationOptions.RunContinuationsAsynchronously);
            clock.Advance(TimeSpan.FromMinutes(5));
            Assert.Equal(1, (await next.Task.WaitAsync(TimeSpan.FromSeconds(30))).ChampionVersion);
        }

        Assert.Equal(prepareChecks ? 1 : 0, Prepared());

        // A new champion's profile may lead to other tests: it is prepared again, once.
        ModelVersion second = await monitor.RegisterAsync(LoopHarness.Trained(LoopHarness.Profile(0.5, rows: 2_000), 0.05, "v2"));
        await provider.GetRequiredService<IModelRegistry>().SetAliasAsync("scorer", "champion", second.Version, AliasCondition.Is(first.Version));
        for (int tick = 0; tick < 2; tick++)
        {
            next = new TaskCompletionSource<MonitoringCheck>(TaskCreationOptions.RunContinuationsAsynchronously);
            clock.Advance(TimeSpan.FromMinutes(5));
            Assert.Equal(second.Version, (await next.Task.WaitAsync(TimeSpan.FromSeconds(30))).ChampionVersion);
        }

        await service.StopAsync(CancellationToken.None);
        Assert.Equal(prepareChecks ? 2 : 0, Prepared());
        Assert.DoesNotContain(logs.GetSnapshot(), r => r.Id.Id == 11);
    }

    [Fact]
    public async Task The_health_check_reports_unhealthy_with_the_reasons_and_degraded_before_any_check()
    {
        await using ServiceProvider provider = Build(new FakeTimeProvider());
        var health = provider.GetRequiredService<HealthCheckService>();

        HealthReport before = await health.CheckHealthAsync();
        await provider.GetRequiredService<ModelMonitor>().CheckAsync();
        HealthReport after = await health.CheckHealthAsync();

        Assert.Equal(HealthStatus.Degraded, before.Entries["model-monitor"].Status);
        Assert.Equal(HealthStatus.Unhealthy, after.Entries["model-monitor"].Status);
        Assert.Contains("names no version", after.Entries["model-monitor"].Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_verdict_older_than_two_intervals_is_reported_stale()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        await using ServiceProvider provider = Build(clock);
        var monitor = provider.GetRequiredService<ModelMonitor>();
        ModelVersion first = await monitor.RegisterAsync(LoopHarness.Trained(LoopHarness.Profile(0, rows: 500), 0.05, "v1"));
        await provider.GetRequiredService<IModelRegistry>().SetAliasAsync("scorer", "champion", first.Version, AliasCondition.Unset);
        await monitor.CheckAsync();
        var health = provider.GetRequiredService<HealthCheckService>();

        HealthReport fresh = await health.CheckHealthAsync();
        clock.Advance(TimeSpan.FromMinutes(11));
        HealthReport stale = await health.CheckHealthAsync();

        Assert.Equal(HealthStatus.Healthy, fresh.Status);
        Assert.Equal(HealthStatus.Unhealthy, stale.Status);
        Assert.Contains("has not been checked since", stale.Entries["model-monitor"].Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_options_fail_at_start_naming_the_option()
    {
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddLogging();
        services.AddModelRegistry(o => o.UseInMemory());
        services.AddModelMonitoring(o => o.ModelName = "scorer", Path.Combine(root, "profiles"));
        await using ServiceProvider provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ModelMonitorOptions>>().Value);
        Assert.Contains("FeatureNames", error.Message, StringComparison.Ordinal);
        Assert.Equal("profileDirectory", Assert.Throws<ArgumentException>(() => new ServiceCollection().AddModelMonitoring(o => o.ModelName = "scorer", " ")).ParamName);
    }

    [Fact]
    public void A_second_model_on_the_same_services_is_refused_instead_of_merged()
    {
        var services = new ServiceCollection();
        services.AddModelMonitoring(o => o.ModelName = "fraud", Path.Combine(root, "profiles"));
        int registered = services.Count;
        var error = Assert.Throws<InvalidOperationException>(() => services.AddModelMonitoring(o => o.ModelName = "churn", Path.Combine(root, "profiles")));
        Assert.Contains("already called", error.Message, StringComparison.Ordinal);
        Assert.Equal(registered, services.Count);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private ServiceProvider Build(TimeProvider clock, Action<ModelMonitorOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddLogging(builder => builder.AddFakeLogging());
        services.AddSingleton(clock);
        services.AddModelRegistry(o => o.UseFileSystem(Path.Combine(root, "registry")));
        services.AddModelMonitoring(
            o =>
            {
                o.ModelName = "scorer";
                o.FeatureNames = ["x", "y"];
                o.CheckInterval = TimeSpan.FromMinutes(5);
                configure?.Invoke(o);
            },
            Path.Combine(root, "profiles"));
        services.AddHealthChecks().AddModelMonitorCheck();
        return services.BuildServiceProvider();
    }
}
