using System.Buffers;
using MlSystems.Binary;
using MlSystems.Rollout;

namespace MlSystems.Monitoring;

/// <summary>
/// What one version served under one plan revision: its canary window and, for the champion, the counts of its rows'
/// feature values in the plan's bins. Both merge exactly (integers add; the window's sums are exact).
/// </summary>
internal sealed class ArmTally
{
    /// <summary>The most bins of one feature: a profile's histogram has far fewer.</summary>
    public const int MaximumBins = 4096;

    /// <summary>The most binned features: more than a model's logged features and its prediction.</summary>
    public const int MaximumFeatures = 4096;

    /// <summary>The outcomes the arm's requests had.</summary>
    public CanaryWindow Window { get; private init; } = new(0);

    /// <summary>Per binned feature, the rows counted in each bin; null when no row was binned.</summary>
    public long[][]? Bins { get; private set; }

    /// <summary>Counts one row: its bin in each feature, for features of the given numbers of bins.</summary>
    /// <exception cref="InvalidOperationException">The arm's rows were binned in another shape (another plan's bins).</exception>
    public void CountRow(ReadOnlySpan<int> bins, ReadOnlySpan<int> binCounts)
    {
        long[][] counts = Bins ??= [.. binCounts.ToArray().Select(n => new long[n])];
        RequireShape(counts, binCounts);
        for (int f = 0; f < bins.Length; f++)
        {
            counts[f][bins[f]]++;
        }
    }

    /// <summary>Adds every request and row of <paramref name="other"/>.</summary>
    /// <exception cref="InvalidOperationException">The two arms' rows were binned in different shapes.</exception>
    public void Merge(ArmTally other)
    {
        if (other.Bins is { } adding)
        {
            int[] shape = [.. adding.Select(b => b.Length)];
            if (Bins is { } counts)
            {
                RequireShape(counts, shape);
            }

            // The shape is checked before anything changes; the callers merge into copies, so an overflow of the
            // counts below leaves nothing they keep half-merged.
            Window.Merge(other.Window);
            long[][] target = Bins ??= [.. shape.Select(n => new long[n])];
            for (int f = 0; f < adding.Length; f++)
            {
                for (int b = 0; b < adding[f].Length; b++)
                {
                    target[f][b] = checked(target[f][b] + adding[f][b]);
                }
            }
        }
        else
        {
            Window.Merge(other.Window);
        }
    }

    /// <summary>The window's binary form, then the number of binned features (0 for none) and each one's bin counts.</summary>
    public void WriteTo(IBufferWriter<byte> destination)
    {
        Window.WriteTo(destination);
        var writer = new BinaryFormWriter(destination);
        writer.WriteInt32(Bins?.Length ?? 0);
        foreach (long[] feature in Bins ?? [])
        {
            writer.WriteInt32(feature.Length);
            foreach (long count in feature)
            {
                writer.WriteInt64(count);
            }
        }
    }

    /// <summary>Reads what <see cref="WriteTo"/> wrote, refusing bin counts whose features disagree on the rows counted.</summary>
    public static ArmTally ReadFrom(ref BinaryFormReader reader, ReadOnlySpan<byte> source)
    {
        var tally = new ArmTally { Window = CanaryWindow.ReadFrom(source[reader.Position..], out int used) };
        reader.Skip(used);
        int features = reader.ReadCount("binned feature count", MaximumFeatures);
        if (features == 0)
        {
            return tally;
        }

        var bins = new long[features][];
        long rows = -1;
        for (int f = 0; f < features; f++)
        {
            int at = reader.Position;
            bins[f] = new long[reader.ReadCount("bin count", MaximumBins)];
            long total = 0;
            for (int b = 0; b < bins[f].Length; b++)
            {
                total = checked(total + (bins[f][b] = reader.ReadNonNegative("bin")));
            }

            if ((rows >= 0 && total != rows) || bins[f].Length == 0)
            {
                throw reader.Invalid("bins", at, $"feature {f} counts {total} rows in {bins[f].Length} bins, where the features before it count {rows}");
            }

            rows = total;
        }

        tally.Bins = bins;
        return tally;
    }

    private static void RequireShape(long[][] counts, ReadOnlySpan<int> shape)
    {
        bool same = counts.Length == shape.Length;
        for (int f = 0; same && f < shape.Length; f++)
        {
            same = counts[f].Length == shape[f];
        }

        if (!same)
        {
            throw new InvalidOperationException("The arm's rows were binned in another shape: one plan revision has one set of bins.");
        }
    }
}
