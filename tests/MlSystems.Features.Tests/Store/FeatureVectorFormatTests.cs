using FsCheck;
using FsCheck.Fluent;

namespace MlSystems.Features.Tests.Store;

public sealed class FeatureVectorFormatTests
{
    [Fact]
    public void Any_vector_round_trips_bit_for_bit_with_its_event_time()
    {
        Gen<double> bits = Gen.Choose(int.MinValue, int.MaxValue).Two().Select(t => BitConverter.Int64BitsToDouble(((long)t.Item1 << 32) | (uint)t.Item2));
        Gen<(double[] Values, long Ticks)> vectors =
            from width in Gen.Choose(1, 40)
            from values in Gen.ArrayOf(bits, width)
            from ticks in Gen.Choose(0, int.MaxValue).Select(t => t * 2_937_000_000L)
            select (values, ticks);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(vectors.ToArbitrary(), vector =>
        {
            var schema = FeatureVectorSchema.Create("set-é", 3, [.. Enumerable.Range(0, vector.Values.Length).Select(i => $"c{i}")]);
            byte[] bytes = new byte[FeatureVectorFormat.GetLength(schema)];
            var eventTime = new DateTimeOffset(Math.Min(vector.Ticks, DateTimeOffset.MaxValue.Ticks), TimeSpan.Zero);
            Assert.Equal(bytes.Length, FeatureVectorFormat.Write(schema, eventTime, 0, vector.Values, bytes));
            double[] read = new double[vector.Values.Length];
            Assert.Equal(eventTime, FeatureVectorFormat.Read(schema, bytes, read, "e"));
            Assert.Equal(vector.Values.Select(BitConverter.DoubleToInt64Bits), read.Select(BitConverter.DoubleToInt64Bits));
        }));
    }

    [Fact]
    public void Event_times_compare_as_bytes_in_time_order()
    {
        var schema = FeatureVectorSchema.Create("s", 1, ["a"]);
        DateTimeOffset[] times = [DateTimeOffset.MinValue, new(1969, 12, 31, 0, 0, 0, TimeSpan.Zero), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddTicks(1), new(2026, 12, 7, 0, 0, 0, TimeSpan.Zero), DateTimeOffset.MaxValue];
        byte[][] encoded = [.. times.Select(t => { byte[] b = new byte[FeatureVectorFormat.GetLength(schema)]; FeatureVectorFormat.Write(schema, t, 0, [0], b); return b[FeatureVectorFormat.EventTimeOffset..(FeatureVectorFormat.EventTimeOffset + 8)]; })];
        for (int i = 1; i < encoded.Length; i++)
        {
            Assert.True(encoded[i - 1].AsSpan().SequenceCompareTo(encoded[i]) < 0, $"{times[i - 1]} before {times[i]}");
        }
    }

    [Fact]
    public void The_order_head_compares_as_bytes_by_event_time_then_sequence()
    {
        var schema = FeatureVectorSchema.Create("s", 1, ["a"]);
        (DateTimeOffset Time, long Sequence)[] order = [(DateTimeOffset.UnixEpoch, 0), (DateTimeOffset.UnixEpoch, 1), (DateTimeOffset.UnixEpoch, 1L << 32), (DateTimeOffset.UnixEpoch, long.MaxValue), (DateTimeOffset.UnixEpoch.AddTicks(1), 0)];
        byte[][] heads = [.. order.Select(o => { byte[] b = new byte[FeatureVectorFormat.GetLength(schema)]; FeatureVectorFormat.Write(schema, o.Time, o.Sequence, [0], b); return b[FeatureVectorFormat.EventTimeOffset..(FeatureVectorFormat.EventTimeOffset + 16)]; })];
        for (int i = 1; i < heads.Length; i++)
        {
            Assert.True(heads[i - 1].AsSpan().SequenceCompareTo(heads[i]) < 0, $"{order[i - 1]} before {order[i]}");
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => FeatureVectorFormat.Write(schema, DateTimeOffset.UnixEpoch, -1, [0], new byte[FeatureVectorFormat.GetLength(schema)]));
    }

    [Fact]
    public void Cut_short_foreign_or_mismatched_bytes_are_refused_and_the_destination_left_alone()
    {
        var schema = FeatureVectorSchema.Create("payments", 1, ["a", "b"]);
        byte[] bytes = new byte[FeatureVectorFormat.GetLength(schema)];
        FeatureVectorFormat.Write(schema, DateTimeOffset.UnixEpoch, 0, [1, 2], bytes);
        double[] destination = [-1, -1];
        for (int length = 0; length < bytes.Length; length++)
        {
            Assert.Throws<InvalidDataException>(() => FeatureVectorFormat.Read(schema, bytes.AsSpan(0, length), destination, "e"));
        }

        Assert.Throws<InvalidDataException>(() => FeatureVectorFormat.Read(schema, "{\"a\":1}"u8, destination, "e"));
        var error = Assert.Throws<FeatureVectorMismatchException>(() => FeatureVectorFormat.Read(FeatureVectorSchema.Create("payments", 1, ["a", "c"]), bytes, destination, "card-9"));
        Assert.Contains("card-9", error.Message, StringComparison.Ordinal);
        Assert.Throws<FeatureVectorMismatchException>(() => FeatureVectorFormat.Read(FeatureVectorSchema.Create("refunds", 1, ["a", "b"]), bytes, destination, "e"));
        Assert.Equal([-1.0, -1], destination);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => FeatureVectorFormat.Read(schema, bytes, new double[1], "e")).ParamName);
        Assert.Equal("vector", Assert.Throws<ArgumentException>(() => FeatureVectorFormat.Write(schema, DateTimeOffset.UnixEpoch, 0, [1], bytes)).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => FeatureVectorFormat.Write(schema, DateTimeOffset.UnixEpoch, 0, [1, 2], new byte[10])).ParamName);
    }

    [Fact]
    public void Schemas_are_validated_and_feature_set_names_bounded()
    {
        Assert.Throws<ArgumentException>(() => FeatureVectorSchema.Create("s", 1, []));
        Assert.Throws<ArgumentException>(() => FeatureVectorSchema.Create("s", 1, ["a", "a"]));
        Assert.Throws<ArgumentOutOfRangeException>(() => FeatureVectorSchema.Create("s", 0, ["a"]));
        Assert.Throws<ArgumentException>(() => FeatureVectorSchema.Create(new string('n', 256), 1, ["a"]));
        Assert.Equal("name", Assert.Throws<ArgumentException>(() => new FeatureSetBuilder<int>(new string('é', 128), _ => "k", _ => DateTimeOffset.UnixEpoch)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new FeatureSetBuilder<int>("s", _ => "k", _ => DateTimeOffset.UnixEpoch).Version(0));
        Assert.NotEqual(FeatureVectorSchema.Create("s", 1, ["ab", "c"]).Fingerprint, FeatureVectorSchema.Create("s", 1, ["a", "bc"]).Fingerprint);
        Assert.Equal("schema", Assert.Throws<ArgumentException>(() => FeatureVectorFormat.GetLength(FeatureVectorSchema.Create("wide", 1, [.. Enumerable.Range(0, FeatureVectorFormat.MaxWidth + 1).Select(i => $"c{i}")]))).ParamName);
    }

    [Fact]
    public void The_fingerprint_sees_transform_parameters_exactly_and_not_the_hosts_culture()
    {
        static ulong Fingerprint(RowTransform transform) =>
            new FeatureSetBuilder<double>("s", _ => "k", _ => DateTimeOffset.UnixEpoch).Row("x", x => x, transform).Build().Schema.Fingerprint;

        System.Globalization.CultureInfo culture = System.Globalization.CultureInfo.CurrentCulture;
        ulong invariant = Fingerprint(RowTransform.Standardize(-0.5, 1.25));
        try
        {
            // A host culture writing 0,5 and U+2212 for the minus sign, as de-DE and some ICU cultures do (the tests run in invariant mode, so it is built by hand).
            var comma = (System.Globalization.CultureInfo)System.Globalization.CultureInfo.InvariantCulture.Clone();
            comma.NumberFormat.NumberDecimalSeparator = ",";
            comma.NumberFormat.NegativeSign = "\u2212";
            System.Globalization.CultureInfo.CurrentCulture = comma;
            Assert.Equal(invariant, Fingerprint(RowTransform.Standardize(-0.5, 1.25)));
            Assert.Equal("standardize(-0.5, 1.25)", RowTransform.Standardize(-0.5, 1.25).Description);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
        }

        Assert.NotEqual(invariant, Fingerprint(RowTransform.Standardize(-0.5, 1.2500000000000002)));
        Assert.NotEqual(Fingerprint(RowTransform.Bucketize([1, 2, 3])), Fingerprint(RowTransform.Bucketize([1, 2, 4])));
        Assert.NotEqual(Fingerprint(RowTransform.MinMax(0, 1)), Fingerprint(RowTransform.MinMax(0, 2)));
    }
}
