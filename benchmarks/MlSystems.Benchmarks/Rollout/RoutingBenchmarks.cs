using System.Globalization;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.FeatureManagement;
using Microsoft.FeatureManagement.FeatureFilters;
using MlSystems.Rollout;

namespace MlSystems.Benchmarks.Rollout;

/// <summary>
/// One routing decision for a 5% rollout: our router (both hashes) against Microsoft.FeatureManagement's targeting
/// evaluation of the same buckets. Keys rotate through 4,096 distinct user ids so no branch or cache learns one.
/// </summary>
[MemoryDiagnoser]
public class RoutingBenchmarks
{
    private const string Feature = "ranker-v2";
    private const int Users = 4_096;
    private readonly string[] users = [.. Enumerable.Range(0, Users).Select(u => $"user-{u * 7_919}@example.com")];
    private readonly TargetingContext[] contexts;
    private readonly TrafficRouter featureManagementHash = new(Feature, [new("v2", 5), new("v1", 95)], RoutingHash.FeatureManagement);
    private readonly TrafficRouter xxHash = new(Feature, [new("v2", 5), new("v1", 95)], RoutingHash.XxHash);
    private IFeatureManager featureManager = null!;
    private int next;

    public RoutingBenchmarks() => contexts = [.. users.Select(u => new TargetingContext { UserId = u })];

    [GlobalSetup]
    public void Setup()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"FeatureManagement:{Feature}:EnabledFor:0:Name"] = "Microsoft.Targeting",
            [$"FeatureManagement:{Feature}:EnabledFor:0:Parameters:Audience:DefaultRolloutPercentage"] = 5.ToString(CultureInfo.InvariantCulture),
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddFeatureManagement();
        featureManager = services.BuildServiceProvider().GetRequiredService<IFeatureManager>();
    }

    [Benchmark(Baseline = true)]
    public bool FeatureManagement_targeting() =>
        featureManager.IsEnabledAsync(Feature, contexts[next++ & (Users - 1)]).GetAwaiter().GetResult();

    [Benchmark]
    public bool Router_FeatureManagementHash() => featureManagementHash.Route(users[next++ & (Users - 1)]).Arm == 0;

    [Benchmark]
    public bool Router_XxHash() => xxHash.Route(users[next++ & (Users - 1)]).Arm == 0;
}
