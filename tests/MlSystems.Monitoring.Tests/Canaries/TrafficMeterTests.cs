using MlSystems.Rollout;

namespace MlSystems.Monitoring.Tests.Canaries;

public sealed class TrafficMeterTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 4, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Nothing_is_measured_before_the_first_check_or_below_the_minimum()
    {
        var meter = new TrafficMeter();
        Add(meter, TrafficMeter.MinimumBaseline, champion: true);
        Assert.Null(meter.Measure(Start.AddHours(1)));

        meter.Advance(Start);
        Assert.Null(meter.Measure(Start.AddMinutes(9)));
        Assert.Equal(TrafficMeter.MinimumBaseline, meter.Measure(Start.AddMinutes(10))!.Baseline.Count);

        var sparse = new TrafficMeter();
        sparse.Advance(Start);
        Add(sparse, TrafficMeter.MinimumBaseline - 1, champion: true);
        Add(sparse, 5_000, champion: false);
        Assert.Null(sparse.Measure(Start.AddHours(2)));
    }

    [Fact]
    public void The_rate_counts_every_version_and_the_window_only_the_champion()
    {
        var meter = new TrafficMeter();
        meter.Advance(Start);
        Add(meter, 3_000, champion: true);
        Add(meter, 600, champion: false, failed: true);

        TrafficMeasurement measured = meter.Measure(Start.AddHours(1))!;
        Assert.Equal(3_600 / 3_600.0, measured.RequestsPerSecond, 15);
        Assert.Equal(3_000, measured.Baseline.Count);
        Assert.Equal(0, measured.Baseline.Errors);
        Assert.Equal((Start, Start.AddHours(1)), (measured.From, measured.To));
    }

    [Fact]
    public void A_measured_window_is_never_written_again_and_is_measured_until_a_newer_one_retires()
    {
        var meter = new TrafficMeter();
        meter.Advance(Start);
        Add(meter, 2_000, champion: true);
        TrafficMeasurement first = meter.Measure(Start.AddHours(2))!;

        // Requests after the measurement go to a new window; the measured one keeps its counts.
        Add(meter, 5_000, champion: true);
        Assert.Equal(2_000, first.Baseline.Count);
        Assert.Same(first, meter.Measure(Start.AddHours(3)));

        // A day after the new window started, the next check retires it, and it is what the next canary is sized from.
        meter.Advance(Start.AddHours(2) + TrafficMeter.Span - TimeSpan.FromMinutes(1));
        Assert.Same(first, meter.Measure(Start.AddHours(20)));
        meter.Advance(Start.AddHours(2) + TrafficMeter.Span);
        TrafficMeasurement second = meter.Measure(Start.AddHours(27))!;
        Assert.Equal(5_000, second.Baseline.Count);
        Assert.Equal(5_000 / TrafficMeter.Span.TotalSeconds, second.RequestsPerSecond, 15);
    }

    [Fact]
    public void A_day_without_traffic_keeps_the_last_measurement()
    {
        var meter = new TrafficMeter();
        meter.Advance(Start);
        Add(meter, 2_000, champion: true);
        meter.Advance(Start + TrafficMeter.Span);
        TrafficMeasurement measured = meter.Measure(Start + TrafficMeter.Span)!;

        meter.Advance(Start + (2 * TrafficMeter.Span));
        Assert.Same(measured, meter.Measure(Start + (2 * TrafficMeter.Span)));
    }

    [Fact]
    public void A_new_champion_starts_the_measurement_again()
    {
        var meter = new TrafficMeter();
        meter.Advance(Start);
        Add(meter, 2_000, champion: true);
        Assert.NotNull(meter.Measure(Start.AddHours(1)));

        meter.Restart(Start.AddHours(2));
        Assert.Null(meter.Measure(Start.AddHours(2)));
        Add(meter, 1_500, champion: true);
        TrafficMeasurement measured = meter.Measure(Start.AddHours(3))!;
        Assert.Equal((1_500, Start.AddHours(2)), (measured.Baseline.Count, measured.From));
    }

    [Fact]
    public async Task Concurrent_outcomes_are_all_counted()
    {
        var meter = new TrafficMeter();
        meter.Advance(Start);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() => Add(meter, 10_000, champion: t % 2 == 0))));

        TrafficMeasurement measured = meter.Measure(Start.AddSeconds(40_000))!;
        Assert.Equal(1.0, measured.RequestsPerSecond, 15);
        Assert.Equal(20_000, measured.Baseline.Count);
    }

    private static void Add(TrafficMeter meter, int count, bool champion, bool failed = false)
    {
        for (int i = 0; i < count; i++)
        {
            meter.Add(champion, new CanaryObservation(failed, TimeSpan.FromMilliseconds(10 + (i % 7))));
        }
    }
}
