using System.Diagnostics;

namespace MlSystems.Registry.Tests.Stores;

/// <summary>
/// Runs <c>MlSystems.Registry.Worker</c> as a separate OS process, the other host of a cross-process test: it inherits
/// the environment, so a PostgreSQL worker reaches the same server through <c>MLSYSTEMS_POSTGRES</c>.
/// </summary>
internal static class RegistryWorker
{
    /// <summary>Starts a worker on <paramref name="store"/> (a file store's root, or <c>postgres:&lt;schema&gt;</c>).</summary>
    public static Process Start(string store, bool redirectInput, params string[] arguments)
    {
        // The worker project builds beside the test project: swap the project name in the output path.
        string worker = AppContext.BaseDirectory.Replace("MlSystems.Registry.Tests", "MlSystems.Registry.Worker", StringComparison.Ordinal);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = redirectInput, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(worker, "MlSystems.Registry.Worker.dll"));
        start.ArgumentList.Add(store);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }

    /// <summary>Waits for the worker to exit successfully and returns its output lines; fails with its errors otherwise.</summary>
    public static async Task<string[]> FinishAsync(Process process)
    {
        using (process)
        {
            Task<string> output = process.StandardOutput.ReadToEndAsync();
            Task<string> errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
            Assert.True(process.ExitCode == 0, await errors);
            return (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
    }

    /// <summary>Kills the worker at once (SIGKILL on Unix: no handler, no finally block runs) and waits for it to be gone.</summary>
    public static async Task KillAsync(Process process)
    {
        process.Kill();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
    }
}
