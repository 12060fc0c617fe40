using System.Collections.Concurrent;

namespace MlSystems.Rollout;

/// <summary>The default <see cref="IBanditStateStore"/>: process memory, thread-safe, lost on restart.</summary>
public sealed class InMemoryBanditStateStore : IBanditStateStore
{
    private readonly ConcurrentDictionary<string, Arms> bandits = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public void Read(string bandit, Span<BanditArmState> destination)
    {
        Arms arms = bandits.GetOrAdd(bandit, static _ => new Arms());
        lock (arms)
        {
            destination.Clear();
            arms.States.AsSpan(0, Math.Min(arms.States.Length, destination.Length)).CopyTo(destination);
        }
    }

    /// <inheritdoc/>
    public void Record(string bandit, int arm, double reward)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(arm);
        Arms arms = bandits.GetOrAdd(bandit, static _ => new Arms());
        lock (arms)
        {
            if (arm >= arms.States.Length)
            {
                Array.Resize(ref arms.States, arm + 1);
            }

            arms.States[arm] = arms.States[arm].With(reward);
        }
    }

    private sealed class Arms
    {
        public BanditArmState[] States = [];
    }
}
