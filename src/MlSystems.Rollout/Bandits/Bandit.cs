namespace MlSystems.Rollout;

/// <summary>
/// A multi-armed bandit over model versions: per request it chooses a version with its policy and logs the propensity;
/// rewards reported later update the shared state.
/// </summary>
/// <remarks>
/// Randomness is seeded: one source per bandit, serialised, so a simulation with a fixed seed and a fixed order of calls
/// reproduces exactly. Thread-safe.
/// </remarks>
public sealed class Bandit
{
    private readonly string[] versions;
    private readonly IBanditStateStore store;
    private readonly Random random;

    /// <summary>Creates a bandit.</summary>
    /// <param name="name">The bandit's name, its key in the store.</param>
    /// <param name="versions">The arms' model versions (at least two, distinct).</param>
    /// <param name="policy">The policy.</param>
    /// <param name="seed">The random seed.</param>
    /// <param name="store">The state store; a new <see cref="InMemoryBanditStateStore"/> when null.</param>
    /// <exception cref="ArgumentException">The name is blank, fewer than two versions, or a blank or repeated version.</exception>
    public Bandit(string name, IReadOnlyList<string> versions, IBanditPolicy policy, int seed, IBanditStateStore? store = null)
    {
        RolloutArguments.Name(name, nameof(name));
        ArgumentNullException.ThrowIfNull(versions);
        ArgumentNullException.ThrowIfNull(policy);
        if (versions.Count < 2 || versions.Any(string.IsNullOrWhiteSpace) || versions.Distinct(StringComparer.Ordinal).Count() != versions.Count)
        {
            throw new ArgumentException("A bandit needs at least two distinct, non-blank versions.", nameof(versions));
        }

        Name = name;
        this.versions = [.. versions];
        Policy = policy;
        this.store = store ?? new InMemoryBanditStateStore();
        random = new Random(seed);
    }

    /// <summary>The bandit's name.</summary>
    public string Name { get; }

    /// <summary>The policy.</summary>
    public IBanditPolicy Policy { get; }

    /// <summary>The arms' versions.</summary>
    public IReadOnlyList<string> Versions => versions;

    /// <summary>Chooses the version for one request.</summary>
    public BanditChoice Choose()
    {
        Span<BanditArmState> arms = versions.Length <= 64 ? stackalloc BanditArmState[versions.Length] : new BanditArmState[versions.Length];
        store.Read(Name, arms);
        lock (random)
        {
            (int arm, double propensity) = Policy.Choose(arms, random);
            return new BanditChoice(arm, versions[arm], propensity);
        }
    }

    /// <summary>Records the reward of a request served by <paramref name="arm"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The arm does not exist or the reward is not finite.</exception>
    public void Reward(int arm, double reward)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(arm);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(arm, versions.Length);
        if (!double.IsFinite(reward))
        {
            throw new ArgumentOutOfRangeException(nameof(reward), reward, "The reward must be finite.");
        }

        store.Record(Name, arm, reward);
    }

    /// <summary>The arms' current states.</summary>
    public BanditArmState[] States()
    {
        var arms = new BanditArmState[versions.Length];
        store.Read(Name, arms);
        return arms;
    }
}
