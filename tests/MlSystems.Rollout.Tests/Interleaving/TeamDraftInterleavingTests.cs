using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace MlSystems.Rollout.Tests.Interleaving;

public sealed class TeamDraftInterleavingTests
{
    [Property(MaxTest = 300)]
    public Property Interleaving_is_a_fair_draft(int seed) =>
        Prop.ForAll(Ranking().ToArbitrary(), Ranking().ToArbitrary(), Gen.Choose(0, 25).ToArbitrary(), (a, b, length) =>
        {
            InterleavedRanking<int> list = TeamDraftInterleaving.Interleave(a, b, length, new Random(seed));
            var items = list.Items.ToList();
            int available = a.Union(b).Count();
            bool noDuplicates = items.Distinct().Count() == items.Count;
            bool fullLength = items.Count == Math.Min(length, available);

            // Each team's picks appear in its own ranking's order, and every pick is the team's best document not yet shown.
            bool bestAvailable = true;
            for (int i = 0; i < items.Count; i++)
            {
                IReadOnlyList<int> own = list.Teams[i] == InterleavingTeam.A ? a : b;
                var shown = items.Take(i).ToHashSet();
                bestAvailable &= own.First(d => !shown.Contains(d)) == items[i];
            }

            // While both rankings have documents left, the teams' pick counts differ by at most one.
            int countA = list.Teams.Count(t => t == InterleavingTeam.A), countB = list.Teams.Count - countA;
            bool balanced = Math.Abs(countA - countB) <= 1 || a.Except(items).Any() != b.Except(items).Any() || !a.Except(items).Any();
            return noDuplicates && fullLength && bestAvailable && balanced;
        });

    [Fact]
    public void The_coin_makes_either_team_pick_first()
    {
        int firstA = 0;
        var random = new Random(5);
        for (int i = 0; i < 2_000; i++)
        {
            firstA += TeamDraftInterleaving.Interleave([1, 2, 3], [4, 5, 6], 4, random).Teams[0] == InterleavingTeam.A ? 1 : 0;
        }

        Assert.InRange(firstA, 900, 1_100);
    }

    [Fact]
    public void Clicks_credit_the_picking_team_and_a_better_ranker_wins_the_sign_test()
    {
        // Users click relevant documents; B ranks the relevant ones (even numbers) first.
        int[] a = [.. Enumerable.Range(0, 20)];
        int[] b = [.. Enumerable.Range(0, 20).OrderBy(d => d % 2)];
        var random = new Random(9);
        long winsA = 0, winsB = 0;
        for (int impression = 0; impression < 400; impression++)
        {
            InterleavedRanking<int> list = TeamDraftInterleaving.Interleave(a, b, 10, random);
            int[] clicks = [.. Enumerable.Range(0, list.Items.Count).Where(p => list.Items[p] % 2 == 0 && random.NextDouble() < 0.5 / (1 + p))];
            InterleavingOutcome outcome = list.Credit(clicks);
            Assert.Equal(clicks.Length, outcome.ClicksA + outcome.ClicksB);
            winsA += outcome.Winner == InterleavingTeam.A ? 1 : 0;
            winsB += outcome.Winner == InterleavingTeam.B ? 1 : 0;
        }

        Assert.True(winsB > winsA);
        Assert.True(TeamDraftInterleaving.SignTest(winsA, winsB) < 0.001, $"A {winsA}, B {winsB}");
    }

    [Fact]
    public void Identical_rankers_tie_on_average()
    {
        int[] ranking = [.. Enumerable.Range(0, 10)];
        var random = new Random(2);
        long winsA = 0, winsB = 0;
        for (int impression = 0; impression < 1_000; impression++)
        {
            InterleavedRanking<int> list = TeamDraftInterleaving.Interleave(ranking, ranking, 10, random);
            InterleavingOutcome outcome = list.Credit([.. Enumerable.Range(0, 10).Where(_ => random.NextDouble() < 0.1)]);
            winsA += outcome.Winner == InterleavingTeam.A ? 1 : 0;
            winsB += outcome.Winner == InterleavingTeam.B ? 1 : 0;
        }

        Assert.True(TeamDraftInterleaving.SignTest(winsA, winsB) > 0.01, $"A {winsA}, B {winsB}");
    }

    [Fact]
    public void Bad_input_is_rejected()
    {
        InterleavedRanking<int> list = TeamDraftInterleaving.Interleave([1, 2], [2, 3], 3, new Random(1));
        Assert.Equal("clickedPositions", Assert.Throws<ArgumentOutOfRangeException>(() => list.Credit([3])).ParamName);
        Assert.Equal(new InterleavingOutcome(1, 0).ClicksA, list.Credit([list.Teams.ToList().IndexOf(InterleavingTeam.A), list.Teams.ToList().IndexOf(InterleavingTeam.A)]).ClicksA);
        Assert.Throws<ArgumentOutOfRangeException>(() => TeamDraftInterleaving.Interleave([1], [2], -1, new Random(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => TeamDraftInterleaving.SignTest(-1, 2));
    }

    private static Gen<int[]> Ranking() =>
        Gen.Choose(0, 15).SelectMany(n => Gen.Shuffle(Enumerable.Range(0, 20).ToArray()).Select(all => all.Take(n).ToArray()));
}
