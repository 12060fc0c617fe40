namespace MlSystems.Features.Tests.Windows.Sliding;

/// <summary>The count of windows beyond their cells, which decides whether the engine prefetches their rings.</summary>
public sealed class SlidingColumnBusyTests
{
    private static readonly long Hour = TimeSpan.FromHours(1).Ticks;

    [Fact]
    public void Windows_count_as_busy_while_spilled_and_stop_when_quiet_again_or_reset()
    {
        var cells = new SlidingCellStore(1);
        cells.Resize(4);
        var column = new SlidingColumn<SumOperator, double>(Hour, 0, cells, 0);
        column.Resize(4);

        // Four values in an hour outgrow the cell's three slots.
        for (int i = 0; i < 4; i++)
        {
            column.Add(0, i * 60, i, horizon: i * 60);
            column.Add(1, i * 60, i, horizon: i * 60);
        }

        Assert.Equal(2, column.Busy);
        Assert.Equal(6, column.Read(0, 181, withinLateness: true));

        // A day later the window is quiet again: back in its cell.
        column.Add(0, 24 * Hour, 5, horizon: 24 * Hour);
        Assert.Equal(1, column.Busy);
        Assert.Equal(5, column.Read(0, (24 * Hour) + 1, withinLateness: true));

        // A reset entity is counted out before its cells are emptied.
        column.Reset(1);
        cells.Reset(1);
        Assert.Equal(0, column.Busy);
    }
}
