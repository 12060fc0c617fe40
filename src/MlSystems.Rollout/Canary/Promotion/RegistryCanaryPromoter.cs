using System.Globalization;
using System.Text.Json;
using MlSystems.Registry;

namespace MlSystems.Rollout;

/// <summary>
/// Promotes a canary's candidate by moving a registry alias from the champion's version to the candidate's, by
/// compare-and-swap, with the whole canary outcome (every step, every gate's numbers) as the move's evidence JSON.
/// </summary>
/// <remarks>
/// The canary's <see cref="CanaryOptions.ChampionVersion"/> and <see cref="CanaryOptions.CandidateVersion"/> are the
/// registry's version numbers ("7", "8"). If someone moved the alias while the canary ran, the compare-and-swap fails
/// and the promotion is retried at the next evaluation (and keeps failing until a person decides): a canary never
/// overwrites a decision it did not see. A rollback moves nothing — the alias never left the champion.
/// </remarks>
public sealed class RegistryCanaryPromoter : ICanaryPromoter
{
    private readonly IModelRegistry registry;

    /// <summary>Creates the promoter.</summary>
    /// <param name="registry">The registry.</param>
    /// <param name="modelName">The registered model the canary is about.</param>
    /// <param name="aliasName">The alias to move; default <c>champion</c>.</param>
    public RegistryCanaryPromoter(IModelRegistry registry, string modelName, string aliasName = "champion")
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelName);
        ArgumentException.ThrowIfNullOrWhiteSpace(aliasName);
        this.registry = registry;
        ModelName = modelName;
        AliasName = aliasName;
    }

    /// <summary>The registered model.</summary>
    public string ModelName { get; }

    /// <summary>The alias moved on promotion.</summary>
    public string AliasName { get; }

    /// <inheritdoc/>
    /// <exception cref="FormatException">A canary version is not a registry version number.</exception>
    /// <exception cref="AliasConflictException">The alias no longer points to the champion.</exception>
    public async ValueTask PromoteAsync(CanaryOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        int champion = int.Parse(outcome.ChampionVersion, NumberStyles.None, CultureInfo.InvariantCulture);
        int candidate = int.Parse(outcome.CandidateVersion, NumberStyles.None, CultureInfo.InvariantCulture);
        string evidence = JsonSerializer.Serialize(outcome, CanaryJsonContext.Default.CanaryOutcome);
        await registry.SetAliasAsync(ModelName, AliasName, candidate, AliasCondition.Is(champion), new AliasChange($"canary:{outcome.Name}", outcome.Reason, evidence), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public ValueTask RolledBackAsync(CanaryOutcome outcome, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
