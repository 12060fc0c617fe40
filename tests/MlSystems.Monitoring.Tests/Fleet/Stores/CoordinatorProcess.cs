using System.Diagnostics;
using System.Threading.Channels;

namespace MlSystems.Monitoring.Tests.Fleet.Stores;

/// <summary>
/// <c>MlSystems.Monitoring.Worker</c> as a separate OS process: a coordinator candidate racing for a model's lease in the
/// PostgreSQL server the test uses (it inherits <c>MLSYSTEMS_POSTGRES</c>), printing each plan revision it writes. Every
/// line it prints goes, with the process, into one channel the test reads in arrival order; its end as a null line.
/// </summary>
internal sealed class CoordinatorProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly Task<string> errors;
    private readonly Task pump;

    private CoordinatorProcess(Process process, string holder, ChannelWriter<(CoordinatorProcess From, string? Line)> lines)
    {
        this.process = process;
        Holder = holder;
        errors = process.StandardError.ReadToEndAsync();
        pump = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                await lines.WriteAsync((this, line));
            }

            await lines.WriteAsync((this, null));
        });
    }

    public string Holder { get; }

    /// <summary>
    /// Starts a candidate that runs until the plan has <paramref name="revisions"/> revisions, stopping after any revision
    /// of <paramref name="holdAt"/> it writes until it is woken (<see cref="WakeAsync"/>) or killed.
    /// </summary>
    public static CoordinatorProcess Start(string schema, string model, string holder, int revisions, TimeSpan leaseTime, string holdAt, ChannelWriter<(CoordinatorProcess From, string? Line)> lines)
    {
        // The worker builds beside the test project: swap the project name in the output path.
        string worker = AppContext.BaseDirectory.Replace("MlSystems.Monitoring.Tests", "MlSystems.Monitoring.Worker", StringComparison.Ordinal);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in (string[])[Path.Combine(worker, "MlSystems.Monitoring.Worker.dll"), schema, model, holder, $"{revisions}", $"{(int)leaseTime.TotalMilliseconds}", holdAt])
        {
            start.ArgumentList.Add(argument);
        }

        return new CoordinatorProcess(Process.Start(start)!, holder, lines);
    }

    /// <summary>Lets a held candidate go on.</summary>
    public async Task WakeAsync()
    {
        await process.StandardInput.WriteLineAsync();
        await process.StandardInput.FlushAsync();
    }

    /// <summary>Waits for it to exit successfully; fails with its errors otherwise.</summary>
    public async Task FinishAsync()
    {
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        await pump;
        Assert.True(process.ExitCode == 0, $"{Holder} exited with {process.ExitCode}: {await errors}");
    }

    /// <summary>Kills it at once (SIGKILL on Unix: no handler, no finally block runs) and waits for it to be gone.</summary>
    public async Task KillAsync()
    {
        process.Kill();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            await KillAsync();
        }

        process.Dispose();
    }
}
