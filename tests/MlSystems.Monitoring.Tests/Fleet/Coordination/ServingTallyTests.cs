using FsCheck;
using FsCheck.Fluent;
using MlSystems.Rollout;

namespace MlSystems.Monitoring.Tests.Fleet.Coordination;

/// <summary>
/// The hosts' serving summaries: tallies split across hosts and merged in any order write the bytes one tally over all
/// the requests writes, read back to what was written, and refuse bytes no host could have written.
/// </summary>
public sealed class ServingTallyTests
{
    [SkippableFact]
    public void Tallies_split_across_hosts_merge_to_the_single_host_tally_byte_for_byte() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(150), Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), Gen.Choose(1, 6).ToArbitrary(), (seed, hosts) =>
        {
            var random = new Random(seed);
            (ServedArm Arm, CanaryObservation Observation, int[] Bins)[] traffic = [.. Enumerable.Range(0, random.Next(0, 600)).Select(_ => (
                new ServedArm(random.Next(1, 4), random.Next(1, 3)),
                new CanaryObservation(random.NextDouble() < 0.05, TimeSpan.FromTicks(random.Next(1, 50_000_000)), BusinessValue: random.NextDouble() < 0.5 ? random.NextDouble() * 1e4 - 3e3 : null),
                new[] { random.Next(3), random.Next(5) }))];
            int[] shape = [3, 5];
            var single = new ServingTally();
            var parts = Enumerable.Range(0, hosts).Select(_ => new ServingTally()).ToArray();
            foreach ((ServedArm arm, CanaryObservation observation, int[] bins) in traffic)
            {
                ServingTally part = parts[random.Next(hosts)];
                single.Add(arm, observation);
                part.Add(arm, observation);

                // Version 1 is the champion: its rows are counted in the plan's bins.
                if (arm.Version == 1)
                {
                    single.CountRow(arm, bins, shape);
                    part.CountRow(arm, bins, shape);
                }
            }

            var merged = new ServingTally();
            foreach (ServingTally part in parts.OrderBy(_ => random.Next()))
            {
                merged.Merge(ServingTally.FromBytes(part.ToBytes(), ServingTally.FormatVersion));
            }

            return merged.ToBytes().AsSpan().SequenceEqual(single.ToBytes()) && single.Arms.SequenceEqual(merged.Arms);
        }));

    [Fact]
    public void A_tally_round_trips()
    {
        var tally = new ServingTally();
        tally.Add(new ServedArm(3, 7), new CanaryObservation(true, TimeSpan.FromMilliseconds(12), BusinessValue: 0.25));
        tally.Add(new ServedArm(2, 7), new CanaryObservation(false, TimeSpan.FromMilliseconds(3)));
        tally.PendingLabels = 42;
        ServingTally read = ServingTally.FromBytes(tally.ToBytes(), ServingTally.FormatVersion);
        Assert.Equal(42, read.PendingLabels);
        Assert.Equal([new ServedArm(2, 7), new ServedArm(3, 7)], read.Arms);
        Assert.Equal(1, read.Window(new ServedArm(3, 7)).Errors);
        Assert.Equal(0.25, read.Window(new ServedArm(3, 7)).BusinessMetric.Mean);
        Assert.Equal(0, read.Window(new ServedArm(9, 9)).Count);
        Assert.True(ServingTally.FromBytes(new ServingTally().ToBytes(), 1).IsEmpty);
    }

    [Fact]
    public void Rows_binned_in_another_shape_are_refused()
    {
        var tally = new ServingTally();
        tally.CountRow(new ServedArm(1, 1), [0, 1], [2, 2]);
        Assert.Throws<InvalidOperationException>(() => tally.CountRow(new ServedArm(1, 1), [0], [2]));
        var other = new ServingTally();
        other.CountRow(new ServedArm(1, 1), [0, 1, 2], [2, 2, 3]);
        Assert.Throws<InvalidOperationException>(() => tally.Merge(other));
        Assert.Equal(1, tally.Arm(new ServedArm(1, 1))!.Bins![1][1]);

        // Features that disagree on the rows counted are not a tally any host wrote.
        byte[] bytes = tally.ToBytes();
        BitConverter.TryWriteBytes(bytes.AsSpan(bytes.Length - 8, 8), 5L);
        Assert.Contains("bins at byte", Refused(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_no_host_wrote_are_refused_naming_the_field()
    {
        var tally = new ServingTally();
        tally.Add(new ServedArm(1, 1), new CanaryObservation(false, TimeSpan.FromMilliseconds(3)));
        tally.Add(new ServedArm(1, 2), new CanaryObservation(false, TimeSpan.FromMilliseconds(3)));
        byte[] good = tally.ToBytes();

        Assert.Equal("formatVersion", Assert.Throws<ArgumentException>(() => ServingTally.FromBytes(good, 2)).ParamName);
        Assert.Contains("magic", Refused([(byte)'X', .. good[1..]]), StringComparison.Ordinal);
        Assert.Contains("version at byte 4", Refused([.. good[..4], 9, .. good[5..]]), StringComparison.Ordinal);
        Assert.Contains("bytes follow", Refused([.. good, 0]), StringComparison.Ordinal);
        Assert.Contains("pending labels at byte 5", Refused([.. good[..5], .. BitConverter.GetBytes(-1L), .. good[13..]]), StringComparison.Ordinal);
        Assert.Contains("ends after", Refused(good[..^1]), StringComparison.Ordinal);

        // The second arm's version set to the first's: arms must increase.
        byte[] unordered = (byte[])good.Clone();
        int second = SecondArmOffset(good);
        Assert.Equal(2, BitConverter.ToInt32(good, second + 8));
        BitConverter.TryWriteBytes(unordered.AsSpan(second + 8, 4), 1);
        Assert.Contains($"arm at byte {second}", Refused(unordered), StringComparison.Ordinal);
    }

    private static int SecondArmOffset(byte[] bytes)
    {
        // Magic and version (5), pending labels (8), the arm count (4), the first arm's revision and version (12), then
        // its window and its binned-feature count (4, none here).
        int windowStart = 5 + 8 + 4 + 12;
        CanaryWindow.ReadFrom(bytes.AsSpan(windowStart), out int used);
        return windowStart + used + 4;
    }

    private static string Refused(byte[] bytes)
    {
        ArgumentException e = Assert.ThrowsAny<ArgumentException>(() => ServingTally.FromBytes(bytes, ServingTally.FormatVersion));
        Assert.Equal("source", e.ParamName);
        return e.Message;
    }
}
