using MlSystems.Features.Tests.Support;

namespace MlSystems.Features.Tests.Engine;

/// <summary>
/// <see cref="FeatureEngine{TEvent}.RestoreSnapshot"/> refuses what it must: another definition, version or lateness
/// with <see cref="FeatureSnapshotMismatchException"/>; bytes cut short, altered or followed by more with
/// <see cref="InvalidDataException"/>; and on every refusal the engine keeps the state it had.
/// </summary>
public sealed class SnapshotTests
{
    private static readonly FeatureSet<Payment> Features = SnapshotProperties.Features;

    [Fact]
    public void An_empty_engine_round_trips()
    {
        var empty = new FeatureEngine<Payment>(Features, SnapshotProperties.Options(withIds: false));
        byte[] snapshot = SnapshotProperties.Snapshot(empty);
        var restored = new FeatureEngine<Payment>(Features, SnapshotProperties.Options(withIds: false));
        restored.RestoreSnapshot(new MemoryStream(snapshot));
        Assert.Equal(default(FeatureEngineCounters), restored.Counters);
        Assert.Equal(snapshot, SnapshotProperties.Snapshot(restored));
    }

    [Fact]
    public void Keys_that_are_not_well_formed_text_come_back_as_themselves()
    {
        // A lone surrogate would become U+FFFD through UTF-8 and merge two entities.
        Payment[] events = [new("\ud800", Payments.Start, 5), new("\ufffd", Payments.Start, 7), new("\udc00x", Payments.Start.AddMinutes(1), 9)];
        var source = new FeatureEngine<Payment>(Features, SnapshotProperties.Options(withIds: false));
        source.Ingest(events);
        var restored = Restore(SnapshotProperties.Snapshot(source));
        Assert.Equal(3, restored.Counters.Entities);
        foreach (Payment e in events)
        {
            Payment probe = e with { Time = e.Time.AddMinutes(2) };
            Assert.Equal(Vector(source, probe), Vector(restored, probe));
        }
    }

    [Fact]
    public void A_changed_definition_is_refused_naming_both()
    {
        byte[] snapshot = SnapshotProperties.Snapshot(Busy());
        FeatureSet<Payment> widened = new FeatureSetBuilder<Payment>("snapshots", p => p.Card, p => p.Time)
            .Row("amount", p => p.Amount)
            .Window("count_10m", p => p.Amount, Aggregation.Count, FeatureWindow.Sliding(TimeSpan.FromMinutes(20)))
            .Build();
        var engine = new FeatureEngine<Payment>(widened, SnapshotProperties.Options(withIds: false));
        FeatureSnapshotMismatchException error = Assert.Throws<FeatureSnapshotMismatchException>(() => engine.RestoreSnapshot(new MemoryStream(snapshot)));
        Assert.Contains($"{Features.Schema.Fingerprint:x16}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{widened.Schema.Fingerprint:x16}", error.Message, StringComparison.Ordinal);
        Assert.Equal("snapshots", error.FoundFeatureSet);
    }

    [Fact]
    public void Another_declared_version_or_name_is_refused()
    {
        byte[] snapshot = SnapshotProperties.Snapshot(Busy());
        FeatureSet<Payment> Build(string name, int version) => new FeatureSetBuilder<Payment>(name, p => p.Card, p => p.Time)
            .Version(version)
            .Row("amount", p => p.Amount)
            .Build();

        foreach (FeatureSet<Payment> other in new[] { Build("snapshots", 2), Build("other", 1) })
        {
            var engine = new FeatureEngine<Payment>(other, SnapshotProperties.Options(withIds: false));
            FeatureSnapshotMismatchException error = Assert.Throws<FeatureSnapshotMismatchException>(() => engine.RestoreSnapshot(new MemoryStream(snapshot)));
            Assert.Equal((other.Name, other.Version, "snapshots", 1), (error.FeatureSet, error.ExpectedVersion, error.FoundFeatureSet, error.FoundVersion));
        }
    }

    [Fact]
    public void Another_allowed_lateness_is_refused()
    {
        byte[] snapshot = SnapshotProperties.Snapshot(Busy());
        var engine = new FeatureEngine<Payment>(Features, new FeatureEngineOptions { AllowedLateness = TimeSpan.FromMinutes(1) });
        FeatureSnapshotMismatchException error = Assert.Throws<FeatureSnapshotMismatchException>(() => engine.RestoreSnapshot(new MemoryStream(snapshot)));
        Assert.Contains("AllowedLateness", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_truncation_is_refused_and_leaves_the_engine_as_it_was()
    {
        byte[] snapshot = SnapshotProperties.Snapshot(Busy(events: 40));
        FeatureEngine<Payment> target = Busy(events: 10);
        byte[] before = SnapshotProperties.Snapshot(target);
        for (int length = 0; length < snapshot.Length; length++)
        {
            InvalidDataException error = Assert.Throws<InvalidDataException>(() => target.RestoreSnapshot(new MemoryStream(snapshot, 0, length)));
            Assert.Contains("snapshot", error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(before, SnapshotProperties.Snapshot(target));
    }

    [Fact]
    public void Every_altered_byte_is_refused_and_leaves_the_engine_as_it_was()
    {
        byte[] snapshot = SnapshotProperties.Snapshot(Busy(events: 40));
        FeatureEngine<Payment> target = Busy(events: 10);
        byte[] before = SnapshotProperties.Snapshot(target);
        for (int at = 0; at < snapshot.Length; at++)
        {
            byte[] altered = (byte[])snapshot.Clone();
            altered[at] ^= (byte)(1 << (at % 8));
            Exception error = Assert.ThrowsAny<Exception>(() => target.RestoreSnapshot(new MemoryStream(altered)));
            Assert.True(error is InvalidDataException or FeatureSnapshotMismatchException, $"Byte {at}: {error}");
        }

        Assert.Equal(before, SnapshotProperties.Snapshot(target));
    }

    [Fact]
    public void Bytes_after_the_checksum_or_of_another_format_are_refused()
    {
        byte[] snapshot = SnapshotProperties.Snapshot(Busy());
        var engine = new FeatureEngine<Payment>(Features, SnapshotProperties.Options(withIds: false));
        Assert.Contains("followed by other bytes", Assert.Throws<InvalidDataException>(() => engine.RestoreSnapshot(new MemoryStream([.. snapshot, 0]))).Message, StringComparison.Ordinal);
        Assert.Contains("not an MlSystems", Assert.Throws<InvalidDataException>(() => engine.RestoreSnapshot(new MemoryStream("{\"json\":1}"u8.ToArray()))).Message, StringComparison.Ordinal);

        byte[] future = (byte[])snapshot.Clone();
        future[4] = 2;
        Assert.Contains("format 2", Assert.Throws<InvalidDataException>(() => engine.RestoreSnapshot(new MemoryStream(future))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Streams_that_cannot_be_used_are_refused_by_parameter()
    {
        FeatureEngine<Payment> engine = Busy();
        Assert.Equal("destination", Assert.Throws<ArgumentNullException>(() => engine.WriteSnapshot(null!)).ParamName);
        Assert.Equal("source", Assert.Throws<ArgumentNullException>(() => engine.RestoreSnapshot(null!)).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => engine.WriteSnapshot(new MemoryStream([], writable: false))).ParamName);
        using var closed = new MemoryStream();
        closed.Dispose();
        Assert.Equal("source", Assert.Throws<ArgumentException>(() => engine.RestoreSnapshot(closed)).ParamName);
    }

    [Fact]
    public void A_snapshot_is_small_where_windows_are_small()
    {
        var engine = new FeatureEngine<Payment>(Features, SnapshotProperties.Options(withIds: false));
        engine.Ingest([.. Enumerable.Range(0, 1_000).Select(i => new Payment($"card-{i}", Payments.Start.AddSeconds(i), i, "FR"))]);

        // Per entity: key, newest, every window's few values and a sparse distinct-count sketch, not 1 KiB registers per hop.
        long perEntity = SnapshotProperties.Snapshot(engine).Length / 1_000;
        Assert.InRange(perEntity, 100, 500);
    }

    private static FeatureEngine<Payment> Busy(int events = 300)
    {
        var engine = new FeatureEngine<Payment>(Features, SnapshotProperties.Options(withIds: false));
        engine.Ingest(SkewStream.Arrivals(42, events, cards: 4));
        return engine;
    }

    private static FeatureEngine<Payment> Restore(byte[] snapshot)
    {
        var engine = new FeatureEngine<Payment>(Features, SnapshotProperties.Options(withIds: false));
        engine.RestoreSnapshot(new MemoryStream(snapshot));
        return engine;
    }

    private static long[] Vector(FeatureEngine<Payment> engine, Payment e)
    {
        var vector = new double[Features.Width];
        engine.Compute(e, vector);
        return [.. vector.Select(BitConverter.DoubleToInt64Bits)];
    }
}
