using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace MlSystems.Rollout.Tests.Canary;

/// <summary>
/// Windows filled on several hosts and merged, or written and read back, give every gate the verdict one window over
/// all the requests gives: the same result record, the same sizing, the same bytes.
/// </summary>
public sealed class CanaryWindowMergeTests
{
    private static readonly ICanaryGate[] Gates = [new ErrorRateGate(), new LatencyGate(minimumSamples: 20), new BusinessMetricGate(maximumRelativeDecrease: 0.05)];

    [Property(MaxTest = 120)]
    public Property Merged_host_windows_reach_the_single_window_verdict_exactly() =>
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), Gen.Choose(1, 5).ToArbitrary(), (seed, hosts) =>
        {
            var random = new Random(seed);
            (CanaryObservation[] champion, CanaryObservation[] candidate) = (Traffic(random, 0.02), Traffic(random, random.NextDouble() * 0.06));
            CanaryWindow singleChampion = Window(champion), singleCandidate = Window(candidate);
            CanaryWindow mergedChampion = MergeOf(Split(champion, hosts, random), random), mergedCandidate = MergeOf(Split(candidate, hosts, random), random);
            CanaryWindow readChampion = RoundTrip(mergedChampion), readCandidate = RoundTrip(mergedCandidate);
            var sizing = new CanarySizing(0.1, null, 0.8);
            foreach (ICanaryGate gate in Gates)
            {
                GateResult expected = gate.Evaluate(singleChampion, singleCandidate);
                if (!expected.Equals(gate.Evaluate(mergedChampion, mergedCandidate)) || !expected.Equals(gate.Evaluate(readChampion, readCandidate))
                    || gate.RequiredSamples(singleChampion, sizing) != gate.RequiredSamples(mergedChampion, sizing))
                {
                    return false;
                }
            }

            return Bytes(singleChampion).AsSpan().SequenceEqual(Bytes(mergedChampion)) && Bytes(singleCandidate).AsSpan().SequenceEqual(Bytes(readCandidate));
        });

    [Fact]
    public void A_window_round_trips_and_reads_only_its_own_bytes()
    {
        CanaryWindow window = Window(Traffic(new Random(7), 0.1));
        byte[] bytes = [.. Bytes(window), 0xAB, 0xCD];
        CanaryWindow read = CanaryWindow.ReadFrom(bytes, out int used);
        Assert.Equal(bytes.Length - 2, used);
        Assert.Equal(window.Count, read.Count);
        Assert.Equal(window.Errors, read.Errors);
        Assert.Equal(window.BusinessMetric, read.BusinessMetric);
        Assert.Equal(window.LatencyQuantile(0.99), read.LatencyQuantile(0.99));
        Assert.Equal(0, CanaryWindow.ReadFrom(Bytes(new CanaryWindow(0)), out _).Count);
    }

    [Fact]
    public void Windows_that_sample_predictions_refuse_to_merge_or_serialise()
    {
        var sampling = new CanaryWindow();
        var plain = new CanaryWindow(0);
        Assert.Contains("prediction capacity of 0", Assert.Throws<InvalidOperationException>(() => plain.Merge(sampling)).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => sampling.Merge(plain));
        Assert.Throws<InvalidOperationException>(() => sampling.WriteTo(new ArrayBufferWriter<byte>()));
        Assert.Throws<ArgumentNullException>(() => plain.Merge(null!));
    }

    [Fact]
    public void Bytes_no_requests_could_give_are_refused_naming_the_field()
    {
        byte[] good = Bytes(Window(Traffic(new Random(3), 0.2)));
        Assert.Contains("ends after", Refused(good[..^3]), StringComparison.Ordinal);
        Assert.Contains("version 9", Refused([9, .. good[1..]]), StringComparison.Ordinal);

        byte[] moreErrors = (byte[])good.Clone();
        BitConverter.TryWriteBytes(moreErrors.AsSpan(9, 8), long.MaxValue);
        Assert.Contains("errors at byte 9", Refused(moreErrors), StringComparison.Ordinal);

        byte[] fewerRequests = (byte[])good.Clone();
        BitConverter.TryWriteBytes(fewerRequests.AsSpan(1, 8), BitConverter.ToInt64(good, 9));
        Assert.Contains("latency buckets", Refused(fewerRequests), StringComparison.Ordinal);

        byte[] badBucket = (byte[])good.Clone();
        BitConverter.TryWriteBytes(badBucket.AsSpan(21, 4), -5);
        Assert.Contains("latency bucket at byte 21", Refused(badBucket), StringComparison.Ordinal);

        // One business value of 3: Σx and Σx² are one partial each, and the last double is Σx² = 9.
        byte[] three = Bytes(Window([new CanaryObservation(false, TimeSpan.FromMilliseconds(5), BusinessValue: 3)]));
        Assert.Equal(9.0, BitConverter.ToDouble(three, three.Length - 8));
        byte[] notFinite = (byte[])three.Clone();
        BitConverter.TryWriteBytes(notFinite.AsSpan(notFinite.Length - 8, 8), double.NaN);
        Assert.Contains("not finite", Refused(notFinite), StringComparison.Ordinal);

        byte[] negativeSquares = (byte[])three.Clone();
        BitConverter.TryWriteBytes(negativeSquares.AsSpan(negativeSquares.Length - 8, 8), -9.0);
        Assert.Contains("business metric", Refused(negativeSquares), StringComparison.Ordinal);

        byte[] belowCauchySchwarz = (byte[])three.Clone();
        BitConverter.TryWriteBytes(belowCauchySchwarz.AsSpan(belowCauchySchwarz.Length - 8, 8), 8.0);
        Assert.Contains("business metric", Refused(belowCauchySchwarz), StringComparison.Ordinal);
    }

    private static string Refused(byte[] bytes)
    {
        ArgumentException e = Assert.ThrowsAny<ArgumentException>(() => CanaryWindow.ReadFrom(bytes, out _));
        Assert.Equal("source", e.ParamName);
        return e.Message;
    }

    private static CanaryObservation[] Traffic(Random random, double errorRate) =>
        [.. Enumerable.Range(0, random.Next(0, 400)).Select(_ => new CanaryObservation(
            random.NextDouble() < errorRate,
            TimeSpan.FromTicks((long)(400_000 * Math.Exp(random.NextDouble()))),
            BusinessValue: random.NextDouble() < 0.7 ? Math.Round(random.NextDouble() * 100, random.Next(0, 6)) + 1e6 : null))];

    private static CanaryWindow Window(IEnumerable<CanaryObservation> observations)
    {
        var window = new CanaryWindow(0);
        foreach (CanaryObservation o in observations)
        {
            window.Add(o);
        }

        return window;
    }

    private static CanaryWindow[] Split(CanaryObservation[] observations, int hosts, Random random)
    {
        var parts = Enumerable.Range(0, hosts).Select(_ => new List<CanaryObservation>()).ToArray();
        foreach (CanaryObservation o in observations.OrderBy(_ => random.Next()))
        {
            parts[random.Next(hosts)].Add(o);
        }

        return [.. parts.Select(Window)];
    }

    private static CanaryWindow MergeOf(CanaryWindow[] windows, Random random)
    {
        var merged = new CanaryWindow(0);
        foreach (CanaryWindow w in windows.OrderBy(_ => random.Next()))
        {
            merged.Merge(RoundTrip(w));
        }

        return merged;
    }

    private static CanaryWindow RoundTrip(CanaryWindow window) => CanaryWindow.ReadFrom(Bytes(window), out _);

    private static byte[] Bytes(CanaryWindow window)
    {
        var buffer = new ArrayBufferWriter<byte>();
        window.WriteTo(buffer);
        return buffer.WrittenSpan.ToArray();
    }
}
