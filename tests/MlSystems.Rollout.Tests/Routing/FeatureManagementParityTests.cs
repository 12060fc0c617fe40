using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.FeatureManagement;
using Microsoft.FeatureManagement.FeatureFilters;

namespace MlSystems.Rollout.Tests.Routing;

/// <summary>
/// The FeatureManagement hash must put every user where Microsoft.FeatureManagement's own targeting filter puts them,
/// so a service moving a rollout from a feature flag to our router keeps every user's assignment.
/// </summary>
public sealed class FeatureManagementParityTests
{
    private const string Feature = "ranker-v2";

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(25)]
    [InlineData(50)]
    [InlineData(99.5)]
    public async Task Router_agrees_with_the_targeting_filter_for_every_user(double percentage)
    {
        IFeatureManager features = FeatureManager(percentage);
        var router = new TrafficRouter(Feature, [new("v2", percentage), new("v1", 100 - percentage)]);
        int inRollout = 0;
        for (int u = 0; u < 2_000; u++)
        {
            // Mixed keys: GUIDs, e-mail-like ids, non-ASCII.
            string user = (u % 3) switch { 0 => new Guid(u, 7, 7, 1, 2, 3, 4, 5, 6, 7, 8).ToString(), 1 => $"user{u}@example.com", _ => $"ünïcödé-{u}-日本" };
            bool expected = await features.IsEnabledAsync(Feature, new TargetingContext { UserId = user });
            bool actual = router.Route(user).Version == "v2";
            Assert.True(expected == actual, $"user '{user}' at {percentage}%: FeatureManagement says {expected}, the router {actual}");
            inRollout += actual ? 1 : 0;
        }

        // Not a degenerate agreement (everybody in or everybody out).
        Assert.InRange(inRollout, 1, 1_999);
    }

    private static IFeatureManager FeatureManager(double percentage)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"FeatureManagement:{Feature}:EnabledFor:0:Name"] = "Microsoft.Targeting",
            [$"FeatureManagement:{Feature}:EnabledFor:0:Parameters:Audience:DefaultRolloutPercentage"] = percentage.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddFeatureManagement();
        return services.BuildServiceProvider().GetRequiredService<IFeatureManager>();
    }
}
