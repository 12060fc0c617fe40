using System.Globalization;

namespace MlSystems.Cli;

/// <summary>
/// Progress on standard error for long runs: nothing during the first second, then at most a line every second
/// (file, activity, percentage, rows), and a closing line for each activity that was reported. Short runs print nothing.
/// </summary>
internal sealed class Progress(TextWriter error, TimeProvider time, bool enabled)
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);
    private readonly long started = time.GetTimestamp();
    private TimeSpan lastReport;
    private bool reported;

    /// <summary>Reports how far an activity has got in a file; printed only past the first second, once a second.</summary>
    public void Report(string file, string activity, long position, long length, long rows)
    {
        TimeSpan elapsed = time.GetElapsedTime(started);
        if (!enabled || elapsed < Quiet || elapsed - lastReport < Quiet)
        {
            return;
        }

        lastReport = elapsed;
        reported = true;
        double percent = length > 0 ? 100.0 * position / length : 0;
        error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(file)}: {activity} {percent:0}% ({rows:N0} rows, {elapsed.TotalSeconds:0.0} s)"));
    }

    /// <summary>Closes an activity with its row count, if anything was reported for it.</summary>
    public void Done(string file, string activity, long rows)
    {
        if (enabled && reported)
        {
            error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(file)}: {activity} done ({rows:N0} rows, {time.GetElapsedTime(started).TotalSeconds:0.0} s)"));
            reported = false;
        }
    }
}
