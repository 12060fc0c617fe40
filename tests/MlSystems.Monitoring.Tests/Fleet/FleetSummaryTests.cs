namespace MlSystems.Monitoring.Tests.Fleet;

public sealed class FleetSummaryTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_summary_out_of_range_cannot_be_built()
    {
        Assert.Throws<ArgumentOutOfRangeException>("sequence", () => new FleetSummary("fraud", "host", 0, Start, Start, 1, []));
        Assert.Throws<ArgumentException>("intervalEnd", () => new FleetSummary("fraud", "host", 1, Start, Start.AddTicks(-1), 1, []));
        Assert.Throws<ArgumentOutOfRangeException>("formatVersion", () => new FleetSummary("fraud", "host", 1, Start, Start, 0, []));
        Assert.Throws<ArgumentException>("payload", () => new FleetSummary("fraud", "host", 1, Start, Start, 1, new byte[FleetSummary.MaxPayloadBytes + 1]));
        Assert.Equal(FleetSummary.MaxPayloadBytes, new FleetSummary("fraud", "host", 1, Start, Start, 1, new byte[FleetSummary.MaxPayloadBytes]).Payload.Length);
    }

    [Fact]
    public void A_summary_keeps_a_copy_of_its_payload_and_its_times_in_utc()
    {
        byte[] payload = [1, 2, 3];
        var summary = new FleetSummary("fraud", "host", 1, new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.FromHours(2)), Start.AddHours(1), 1, payload);
        payload[0] = 9;

        Assert.Equal(new byte[] { 1, 2, 3 }, summary.Payload.ToArray());
        Assert.Equal((Start, TimeSpan.Zero), (summary.IntervalStart, summary.IntervalStart.Offset));
    }
}
