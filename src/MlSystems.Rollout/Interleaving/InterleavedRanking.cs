namespace MlSystems.Rollout;

/// <summary>A team-draft interleaving of two rankings: the list to show and the team behind each position.</summary>
/// <typeparam name="T">The document type.</typeparam>
public sealed class InterleavedRanking<T>
{
    internal InterleavedRanking(T[] items, InterleavingTeam[] teams)
    {
        Items = items;
        Teams = teams;
    }

    /// <summary>The documents in the order to show them.</summary>
    public IReadOnlyList<T> Items { get; }

    /// <summary>The team that picked each position.</summary>
    public IReadOnlyList<InterleavingTeam> Teams { get; }

    /// <summary>Credits clicks to the teams that picked the clicked positions.</summary>
    /// <param name="clickedPositions">0-based positions the user clicked; repeats count once.</param>
    /// <returns>The clicks per team and the preferred team, if any.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A position is outside the list.</exception>
    public InterleavingOutcome Credit(ReadOnlySpan<int> clickedPositions)
    {
        Span<bool> seen = Items.Count <= 256 ? stackalloc bool[Items.Count] : new bool[Items.Count];
        int a = 0, b = 0;
        foreach (int position in clickedPositions)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(position, nameof(clickedPositions));
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(position, Items.Count, nameof(clickedPositions));
            if (!seen[position])
            {
                seen[position] = true;
                _ = Teams[position] == InterleavingTeam.A ? a++ : b++;
            }
        }

        return new InterleavingOutcome(a, b);
    }
}
