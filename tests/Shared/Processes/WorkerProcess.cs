using System.Diagnostics;
using System.Threading.Channels;

namespace MlSystems.Tests;

/// <summary>
/// A test project's worker (<c>MlSystems.X.Worker</c> beside <c>MlSystems.X.Tests</c>) as a separate OS process, in one
/// of its roles, against the servers the test uses (it inherits <c>MLSYSTEMS_POSTGRES</c> and <c>MLSYSTEMS_REDIS</c>).
/// Every line it prints goes, with the process, into one channel the test reads in arrival order; its end as a null
/// line. Compiled into the test projects that start workers (<c>&lt;Compile Include="../Shared/Processes/*.cs" /&gt;</c>).
/// </summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly Task<string> errors;
    private readonly Task pump;

    private WorkerProcess(Process process, string name, ChannelWriter<(WorkerProcess From, string? Line)> lines)
    {
        this.process = process;
        Name = name;
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

    /// <summary>The name the test knows it by: the holder or host id it was started as.</summary>
    public string Name { get; }

    /// <summary>Starts the worker with <paramref name="arguments"/>, its role first (see the worker's Program.cs).</summary>
    public static WorkerProcess Start(string name, ChannelWriter<(WorkerProcess From, string? Line)> lines, params string[] arguments)
    {
        // The worker builds beside the test project: swap the project name (the path segment ending in .Tests) in the output path.
        string[] segments = AppContext.BaseDirectory.Split(Path.DirectorySeparatorChar);
        int project = Array.FindLastIndex(segments, s => s.EndsWith(".Tests", StringComparison.Ordinal));
        string workerName = segments[project][..^".Tests".Length] + ".Worker";
        segments[project] = workerName;
        string worker = string.Join(Path.DirectorySeparatorChar, segments);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in (string[])[Path.Combine(worker, workerName + ".dll"), .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        return new WorkerProcess(Process.Start(start)!, name, lines);
    }

    /// <summary>Lets a held worker go on.</summary>
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
        Assert.True(process.ExitCode == 0, $"{Name} exited with {process.ExitCode}: {await errors}");
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
