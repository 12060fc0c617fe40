using MlSystems.Statistics;

namespace MlSystems.Rollout;

/// <summary>
/// Team-draft interleaving (Radlinski, Kurup and Joachims, 2008): two rankers take turns, like captains picking teams,
/// each adding its highest-ranked document not yet shown; a coin decides who picks first whenever both have picked
/// equally often. Clicks then credit the team that picked the clicked document — a paired comparison per impression,
/// far more sensitive than splitting users between rankers.
/// </summary>
public static class TeamDraftInterleaving
{
    /// <summary>Interleaves two rankings.</summary>
    /// <typeparam name="T">The document type; equality decides duplicates.</typeparam>
    /// <param name="rankingA">Team A's ranking, best first.</param>
    /// <param name="rankingB">Team B's ranking, best first.</param>
    /// <param name="length">The list length to produce; it stops earlier when both rankings are used up.</param>
    /// <param name="random">The seeded coin.</param>
    /// <param name="comparer">Document equality; the default comparer when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">The length is negative.</exception>
    public static InterleavedRanking<T> Interleave<T>(IReadOnlyList<T> rankingA, IReadOnlyList<T> rankingB, int length, Random random, IEqualityComparer<T>? comparer = null)
    {
        ArgumentNullException.ThrowIfNull(rankingA);
        ArgumentNullException.ThrowIfNull(rankingB);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var shown = new HashSet<T>(comparer ?? EqualityComparer<T>.Default);
        var items = new List<T>(length);
        var teams = new List<InterleavingTeam>(length);
        int picksA = 0, picksB = 0, nextA = 0, nextB = 0;
        while (items.Count < length)
        {
            // Skip what the other team already showed.
            while (nextA < rankingA.Count && shown.Contains(rankingA[nextA]))
            {
                nextA++;
            }

            while (nextB < rankingB.Count && shown.Contains(rankingB[nextB]))
            {
                nextB++;
            }

            bool canA = nextA < rankingA.Count, canB = nextB < rankingB.Count;
            if (!canA && !canB)
            {
                break;
            }

            bool pickA = canA && (!canB || picksA < picksB || (picksA == picksB && random.Next(2) == 0));
            T item = pickA ? rankingA[nextA++] : rankingB[nextB++];
            shown.Add(item);
            items.Add(item);
            teams.Add(pickA ? InterleavingTeam.A : InterleavingTeam.B);
            _ = pickA ? picksA++ : picksB++;
        }

        return new InterleavedRanking<T>([.. items], [.. teams]);
    }

    /// <summary>
    /// The two-sided sign (binomial) test over impressions with a preference: under no difference each is A's with
    /// probability ½. Ties are left out. Matches scipy.stats.binomtest(winsB, winsA + winsB, 0.5).pvalue.
    /// </summary>
    /// <param name="winsA">Impressions that preferred A.</param>
    /// <param name="winsB">Impressions that preferred B.</param>
    /// <returns>The p-value, 1 when there is no preference at all.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative.</exception>
    public static double SignTest(long winsA, long winsB)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(winsA);
        ArgumentOutOfRangeException.ThrowIfNegative(winsB);
        long n = winsA + winsB;
        if (n == 0 || winsA == winsB)
        {
            return 1;
        }

        // The symmetric binomial: both tails of the smaller count.
        return Math.Min(1, 2 * BinomialDistribution.Cdf(Math.Min(winsA, winsB), n, 0.5));
    }
}
