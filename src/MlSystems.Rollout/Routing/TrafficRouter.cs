using System.Text;

namespace MlSystems.Rollout;

/// <summary>
/// Sticky per-request routing: a routing key (user or session id) goes to the arm whose percentage range holds its
/// stable bucket. Arms own consecutive ranges in their order, [0, p₀), [p₀, p₀ + p₁), …, so an arm that grows keeps every
/// key it had (a canary's first arm ramped from 5% to 25% keeps its 5%).
/// </summary>
/// <remarks>
/// <see cref="Route"/> is thread-safe, does no I/O and allocates nothing; <see cref="Update"/> swaps the whole split
/// atomically, so a request sees either the old percentages or the new ones, never a mix.
/// </remarks>
public sealed class TrafficRouter
{
    private readonly byte[] newlineAndName;
    private readonly long seed;
    private readonly Lock updating = new();
    private volatile Split split;

    /// <summary>Creates a router for the experiment <paramref name="name"/> over <paramref name="arms"/>.</summary>
    /// <param name="name">The experiment or feature name; it salts the hash, so two experiments split users independently.</param>
    /// <param name="arms">The arms in range order; percentages in [0, 100] summing to 100 (within 1e-9).</param>
    /// <param name="hash">The bucket hash; <see cref="RoutingHash.FeatureManagement"/> by default.</param>
    /// <exception cref="ArgumentException">The name is blank, or the arms are empty, unnamed or do not sum to 100.</exception>
    public TrafficRouter(string name, IReadOnlyList<TrafficArm> arms, RoutingHash hash = RoutingHash.FeatureManagement)
    {
        RolloutArguments.Name(name, nameof(name));
        if (!Enum.IsDefined(hash))
        {
            throw new ArgumentOutOfRangeException(nameof(hash), hash, "Unknown routing hash.");
        }

        Name = name;
        Hash = hash;
        newlineAndName = Encoding.UTF8.GetBytes("\n" + name);
        seed = StableBucket.SeedOf(name);
        split = Split.Create(arms, generation: 0);
    }

    /// <summary>The experiment name that salts the hash.</summary>
    public string Name { get; }

    /// <summary>The bucket hash.</summary>
    public RoutingHash Hash { get; }

    /// <summary>The current arms, in range order.</summary>
    public IReadOnlyList<TrafficArm> Arms => split.Arms;

    /// <summary>The current split's generation, 0 for the one given at construction.</summary>
    public long Generation => split.Generation;

    /// <summary>The arm for <paramref name="routingKey"/> under the current split.</summary>
    /// <exception cref="ArgumentException">The key is empty.</exception>
    public RoutingDecision Route(ReadOnlySpan<char> routingKey)
    {
        if (routingKey.IsEmpty)
        {
            throw new ArgumentException("The routing key is empty.", nameof(routingKey));
        }

        double bucket = Hash == RoutingHash.XxHash ? StableBucket.XxHash(routingKey, seed) : StableBucket.FeatureManagement(routingKey, newlineAndName);
        Split current = split;
        int arm = current.ArmOf(bucket);
        return new RoutingDecision(current.Arms[arm].Version, arm, bucket, current.Generation);
    }

    /// <summary>Replaces the percentages atomically; the generation grows by one.</summary>
    /// <param name="arms">The new arms, under the same rules as at construction.</param>
    /// <exception cref="ArgumentException">The arms are empty, unnamed or do not sum to 100.</exception>
    public void Update(IReadOnlyList<TrafficArm> arms)
    {
        lock (updating)
        {
            split = Split.Create(arms, split.Generation + 1);
        }
    }

    /// <summary>An immutable split: the arms and the upper end of each one's range.</summary>
    private sealed class Split
    {
        private readonly double[] upper;

        private Split(TrafficArm[] arms, double[] upper, long generation)
        {
            Arms = arms;
            this.upper = upper;
            Generation = generation;
        }

        public TrafficArm[] Arms { get; }

        public long Generation { get; }

        public static Split Create(IReadOnlyList<TrafficArm> arms, long generation)
        {
            ArgumentNullException.ThrowIfNull(arms);
            if (arms.Count == 0)
            {
                throw new ArgumentException("A split needs at least one arm.", nameof(arms));
            }

            var copy = new TrafficArm[arms.Count];
            var upper = new double[arms.Count];
            double total = 0;
            for (int k = 0; k < copy.Length; k++)
            {
                TrafficArm arm = arms[k];
                if (string.IsNullOrWhiteSpace(arm.Version))
                {
                    throw new ArgumentException($"Arm {k} has no version.", nameof(arms));
                }

                if (!(arm.Percentage >= 0 && arm.Percentage <= 100))
                {
                    throw new ArgumentException($"Arm {k} ('{arm.Version}') has percentage {arm.Percentage}; it must lie in [0, 100].", nameof(arms));
                }

                total += arm.Percentage;
                copy[k] = arm;
                upper[k] = total;
            }

            if (Math.Abs(total - 100) > 1e-9)
            {
                throw new ArgumentException($"The arms' percentages sum to {total}, not 100.", nameof(arms));
            }

            // The last non-empty arm also takes bucket 100 itself (a hash of all ones).
            int last = Array.FindLastIndex(copy, a => a.Percentage > 0);
            for (int k = last; k < upper.Length; k++)
            {
                upper[k] = double.PositiveInfinity;
            }

            return new Split(copy, upper, generation);
        }

        public int ArmOf(double bucket)
        {
            int k = 0;
            while (bucket >= upper[k])
            {
                k++;
            }

            return k;
        }
    }
}
