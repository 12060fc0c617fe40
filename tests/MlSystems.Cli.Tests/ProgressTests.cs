using Microsoft.Extensions.Time.Testing;

namespace MlSystems.Cli.Tests;

public sealed class ProgressTests
{
    [Fact]
    public void Short_runs_print_nothing_and_long_ones_a_line_a_second_then_done()
    {
        var clock = new FakeTimeProvider();
        using var error = new StringWriter();
        var progress = new Progress(error, clock, enabled: true);

        progress.Report("/data/big.csv", "loading", 10, 100, 16_384);
        clock.Advance(TimeSpan.FromSeconds(1.5));
        progress.Report("/data/big.csv", "loading", 40, 100, 65_536);
        clock.Advance(TimeSpan.FromSeconds(0.5));
        progress.Report("/data/big.csv", "loading", 60, 100, 98_304);
        clock.Advance(TimeSpan.FromSeconds(0.6));
        progress.Report("/data/big.csv", "loading", 80, 100, 131_072);
        progress.Done("/data/big.csv", "loading", 163_840);

        Assert.Equal(
            [
                "big.csv: loading 40% (65,536 rows, 1.5 s)",
                "big.csv: loading 80% (131,072 rows, 2.6 s)",
                "big.csv: loading done (163,840 rows, 2.6 s)",
            ],
            error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Disabled_progress_prints_nothing()
    {
        var clock = new FakeTimeProvider();
        using var error = new StringWriter();
        var progress = new Progress(error, clock, enabled: false);
        clock.Advance(TimeSpan.FromSeconds(5));

        progress.Report("a.csv", "loading", 1, 2, 3);
        progress.Done("a.csv", "loading", 3);

        Assert.Equal("", error.ToString());
    }
}
