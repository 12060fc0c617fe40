using System.Buffers;
using MlSystems.Binary;
using MlSystems.Rollout;

namespace MlSystems.Monitoring;

/// <summary>
/// What one host served of one model over one interval, in summaries that merge exactly, per plan revision and version:
/// a canary window (counts, errors, latency buckets, exact business-metric sums) and, for the champion, its rows' feature
/// values counted in the plan's bins. Tallies from any number of hosts merged in any order equal, byte for byte, the
/// tally one host would have kept over all their requests.
/// </summary>
/// <remarks>
/// <para>The binary form (<see cref="FormatVersion"/> 1, little-endian): the magic <c>MLST</c>, a version byte, the
/// host's pending labels, the number of arms, then each arm's plan revision, version and <see cref="ArmTally.WriteTo"/> form, in increasing
/// (revision, version) order, so equal tallies write equal bytes.</para>
/// <para>Not thread-safe: the serving path adds under the owner's lock, and a flush swaps in a fresh tally.</para>
/// </remarks>
internal sealed class ServingTally
{
    /// <summary>The version of the binary form, stored with each flush.</summary>
    public const int FormatVersion = 1;

    /// <summary>The most arms a tally holds: a host serves a champion and a candidate, under a few plan revisions per interval.</summary>
    public const int MaximumArms = 256;

    private const string FormName = "serving summary";
    private static ReadOnlySpan<byte> Magic => "MLST"u8;

    private readonly SortedDictionary<ServedArm, ArmTally> arms = [];

    /// <summary>The arms with traffic, in (revision, version) order.</summary>
    public IEnumerable<ServedArm> Arms => arms.Keys;

    /// <summary>Whether nothing was recorded.</summary>
    public bool IsEmpty => arms.Count == 0;

    /// <summary>
    /// The predictions the host held waiting for their labels when it flushed: a gauge, not a count of the interval, so
    /// it is not merged; a reader takes each host's latest.
    /// </summary>
    public long PendingLabels { get; set; }

    /// <summary>Adds one request's outcome, validated by the caller (<see cref="CanaryWindow.Add"/> checks it again).</summary>
    /// <exception cref="InvalidOperationException">The tally already holds <see cref="MaximumArms"/> arms.</exception>
    public void Add(ServedArm arm, in CanaryObservation observation)
    {
        if (arms.TryGetValue(arm, out ArmTally? tally))
        {
            tally.Window.Add(observation);
            return;
        }

        // A new arm is kept only once its first observation is accepted, so a refused one leaves no empty arm behind.
        var added = new ArmTally();
        added.Window.Add(observation);
        ArmOf(arm, added);
    }

    /// <summary>Counts one served row of <paramref name="arm"/> in its bins (see <see cref="ArmTally.CountRow"/>).</summary>
    public void CountRow(ServedArm arm, ReadOnlySpan<int> bins, ReadOnlySpan<int> binCounts) => ArmOf(arm).CountRow(bins, binCounts);

    /// <summary>The requests of <paramref name="arm"/>; an empty window when it had none. Not a copy: do not modify it.</summary>
    public CanaryWindow Window(ServedArm arm) => arms.TryGetValue(arm, out ArmTally? tally) ? tally.Window : new CanaryWindow(0);

    /// <summary>What <paramref name="arm"/> served; null when nothing. Not a copy: do not modify it.</summary>
    public ArmTally? Arm(ServedArm arm) => arms.GetValueOrDefault(arm);

    /// <summary>Adds every request of <paramref name="other"/>, exactly.</summary>
    /// <exception cref="InvalidOperationException">The merge would pass <see cref="MaximumArms"/>.</exception>
    /// <exception cref="OverflowException">A count or sum would overflow.</exception>
    public void Merge(ServingTally other)
    {
        foreach ((ServedArm arm, ArmTally tally) in other.arms.ToArray())
        {
            ArmOf(arm).Merge(tally);
        }
    }

    /// <summary>The binary form described on the type.</summary>
    public byte[] ToBytes()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new BinaryFormWriter(buffer);
        foreach (byte b in Magic)
        {
            writer.WriteByte(b);
        }

        writer.WriteByte(FormatVersion);
        writer.WriteInt64(PendingLabels);
        writer.WriteInt32(arms.Count);
        foreach ((ServedArm arm, ArmTally tally) in arms)
        {
            writer.WriteInt64(arm.PlanRevision);
            writer.WriteInt32(arm.Version);
            tally.WriteTo(buffer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads the binary form of format <paramref name="formatVersion"/>.</summary>
    /// <exception cref="ArgumentException">The format version is unknown, or the bytes are not a tally: the message names
    /// the field and its byte offset.</exception>
    public static ServingTally FromBytes(ReadOnlySpan<byte> source, int formatVersion)
    {
        if (formatVersion != FormatVersion)
        {
            throw new ArgumentException($"Serving summaries of format {formatVersion} are not known to this version, which reads format {FormatVersion}.", nameof(formatVersion));
        }

        var reader = new BinaryFormReader(source, FormName, nameof(source));
        foreach (byte expected in Magic)
        {
            if (reader.ReadByte("magic") != expected)
            {
                throw reader.Invalid("magic", 0, "the bytes do not start with MLST");
            }
        }

        int at = reader.Position;
        if (reader.ReadByte("version") != FormatVersion)
        {
            throw reader.Invalid("version", at, $"the form is not version {FormatVersion}");
        }

        var tally = new ServingTally { PendingLabels = reader.ReadNonNegative("pending labels") };
        int count = reader.ReadCount("arm count", MaximumArms);
        ServedArm? previous = null;
        for (int i = 0; i < count; i++)
        {
            at = reader.Position;
            long revision = reader.ReadNonNegative("plan revision");
            int version = reader.ReadInt32("version");
            var arm = new ServedArm(revision, version);
            if (version < 1 || (previous is ServedArm p && arm.CompareTo(p) <= 0))
            {
                throw reader.Invalid("arm", at, $"revision {revision}, version {version} is not a version from 1 after the arm before it");
            }

            tally.arms.Add(arm, ArmTally.ReadFrom(ref reader, source));
            previous = arm;
        }

        if (!reader.AtEnd)
        {
            throw reader.Invalid("end", reader.Position, "bytes follow the last arm");
        }

        return tally;
    }

    private ArmTally ArmOf(ServedArm arm, ArmTally? added = null)
    {
        if (!arms.TryGetValue(arm, out ArmTally? tally))
        {
            if (arms.Count == MaximumArms)
            {
                throw new InvalidOperationException($"A serving summary holds at most {MaximumArms} arms of plan revision and version.");
            }

            arms.Add(arm, tally = added ?? new ArmTally());
        }

        return tally;
    }
}
