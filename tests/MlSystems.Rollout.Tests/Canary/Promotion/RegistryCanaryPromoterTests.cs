using System.Text.Json;
using MlSystems.Registry;

namespace MlSystems.Rollout.Tests.Canary.Promotion;

/// <summary>The canary's end moves the registry alias, with the analysis as evidence; a rollback leaves it alone.</summary>
public sealed class RegistryCanaryPromoterTests
{
    [Fact]
    public async Task A_promoted_canary_moves_the_champion_alias_with_its_analysis_as_evidence()
    {
        ModelRegistry registry = await Registry();
        var promoter = new RegistryCanaryPromoter(registry, "fraud-scorer");
        var simulation = new CanarySimulation(CanarySimulation.Options(o => (o.ChampionVersion, o.CandidateVersion) = ("1", "2")), candidateErrorRate: 0.01, promoter: promoter, seed: 4);
        Assert.Equal(CanaryState.Promoted, await simulation.RunAsync(TimeSpan.FromHours(4)));

        Assert.Equal(2, (await registry.GetByAliasAsync("fraud-scorer", "champion"))!.Version);
        AliasMove move = (await registry.GetAliasHistoryAsync("fraud-scorer", "champion"))[^1];
        Assert.Equal((1, 2, "canary:fraud-scorer"), (move.FromVersion, move.ToVersion, move.Actor));
        using JsonDocument evidence = JsonDocument.Parse(move.Evidence!);
        Assert.Equal("Promoted", evidence.RootElement.GetProperty("state").GetString());
        Assert.Equal(5, evidence.RootElement.GetProperty("steps").GetArrayLength());
        Assert.Equal("Pass", evidence.RootElement.GetProperty("steps")[0].GetProperty("gates")[0].GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task A_rolled_back_canary_leaves_the_alias_where_it_was()
    {
        ModelRegistry registry = await Registry();
        var simulation = new CanarySimulation(CanarySimulation.Options(o => (o.ChampionVersion, o.CandidateVersion) = ("1", "2")), candidateErrorRate: 0.08, promoter: new RegistryCanaryPromoter(registry, "fraud-scorer"), seed: 4);
        Assert.Equal(CanaryState.RolledBack, await simulation.RunAsync(TimeSpan.FromHours(1)));
        Assert.Equal(1, (await registry.GetByAliasAsync("fraud-scorer", "champion"))!.Version);
        Assert.Single(await registry.GetAliasHistoryAsync("fraud-scorer", "champion"));
    }

    [Fact]
    public async Task A_promotion_never_overwrites_a_move_it_did_not_see()
    {
        ModelRegistry registry = await Registry();
        await registry.RegisterAsync("fraud-scorer", new MemoryStream([3]));
        await registry.SetAliasAsync("fraud-scorer", "champion", 3, AliasCondition.Is(1), new AliasChange("oncall", "hotfix"));
        var outcome = new CanaryOutcome("fraud-scorer", "1", "2", CanaryState.Promoted, DateTimeOffset.UnixEpoch, "passed", []);
        await Assert.ThrowsAsync<AliasConflictException>(() => new RegistryCanaryPromoter(registry, "fraud-scorer").PromoteAsync(outcome, CancellationToken.None).AsTask());
        Assert.Equal(3, (await registry.GetByAliasAsync("fraud-scorer", "champion"))!.Version);
    }

    private static async Task<ModelRegistry> Registry()
    {
        var registry = new ModelRegistry(new InMemoryModelRegistryStore());
        await registry.RegisterAsync("fraud-scorer", new MemoryStream([1]));
        await registry.RegisterAsync("fraud-scorer", new MemoryStream([2]));
        await registry.SetAliasAsync("fraud-scorer", "champion", 1, AliasCondition.Unset);
        return registry;
    }
}
