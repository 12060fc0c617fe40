using System.Diagnostics;
using System.Threading.Channels;

namespace MlSystems.Monitoring.Tests.Fleet.Stores;

/// <summary>
/// <c>MlSystems.Monitoring.Worker</c> as a separate OS process: a coordinator candidate racing for a model's lease in the
/// PostgreSQL server the test uses (it inherits <c>MLSYSTEMS_POSTGRES</c>), printing each plan revision it writes.
/// </summary>
internal sealed class CoordinatorProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly Task<string> errors;
    private readonly Channel<string> lines = Channel.CreateUnbounded<string>();

    private CoordinatorProcess(Process process, string holder)
    {
        this.process = process;
        Holder = holder;
        errors = process.StandardError.ReadToEndAsync();
        // One reader drains the output, so a caller may stop waiting for a line without leaving a read in flight.
        _ = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                await lines.Writer.WriteAsync(line);
            }

            lines.Writer.Complete();
        });
    }

    public string Holder { get; }

    /// <summary>
    /// Starts a candidate that runs until the plan has <paramref name="revisions"/> revisions; if it writes revision
    /// <paramref name="holdAt"/> it stops there, lease live, until killed.
    /// </summary>
    public static CoordinatorProcess Start(string schema, string model, string holder, int revisions, TimeSpan leaseTime, int holdAt)
    {
        // The worker builds beside the test project: swap the project name in the output path.
        string worker = AppContext.BaseDirectory.Replace("MlSystems.Monitoring.Tests", "MlSystems.Monitoring.Worker", StringComparison.Ordinal);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in (string[])[Path.Combine(worker, "MlSystems.Monitoring.Worker.dll"), schema, model, holder, $"{revisions}", $"{(int)leaseTime.TotalMilliseconds}", $"{holdAt}"])
        {
            start.ArgumentList.Add(argument);
        }

        return new CoordinatorProcess(Process.Start(start)!, holder);
    }

    /// <summary>The next line it prints, or null once it has exited.</summary>
    public async Task<string?> NextLineAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (await lines.Reader.WaitToReadAsync(timeout.Token))
        {
            // Another caller may have taken the line this wait saw.
            if (lines.Reader.TryRead(out string? line))
            {
                return line;
            }
        }

        return null;
    }

    /// <summary>Waits for it to exit successfully; fails with its errors otherwise.</summary>
    public async Task FinishAsync()
    {
        while (await NextLineAsync() is not null)
        {
        }

        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
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
