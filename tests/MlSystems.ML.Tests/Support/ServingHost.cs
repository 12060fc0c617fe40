using System.Diagnostics;

namespace MlSystems.ML.Tests.Support;

/// <summary>
/// <c>MlSystems.ML.Worker</c> as a separate OS process: a serving host following an alias in the PostgreSQL registry the
/// test uses (it inherits <c>MLSYSTEMS_POSTGRES</c>), printing what it serves.
/// </summary>
internal sealed class ServingHost : IAsyncDisposable
{
    private readonly Process process;
    private readonly Task<string> errors;

    private ServingHost(Process process)
    {
        this.process = process;
        errors = process.StandardError.ReadToEndAsync();
    }

    /// <summary>Starts a host serving <paramref name="alias"/> of <paramref name="model"/> until it serves <paramref name="untilVersion"/>, answering for <paramref name="probe"/>.</summary>
    public static ServingHost Start(string schema, string model, string alias, int untilVersion, Transaction probe)
    {
        // The worker builds beside the test project: swap the project name in the output path.
        string worker = AppContext.BaseDirectory.Replace("MlSystems.ML.Tests", "MlSystems.ML.Worker", StringComparison.Ordinal);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in (string[])[Path.Combine(worker, "MlSystems.ML.Worker.dll"), schema, model, alias, $"{untilVersion}", Invariant(probe.Amount), Invariant(probe.Hour)])
        {
            start.ArgumentList.Add(argument);
        }

        return new ServingHost(Process.Start(start)!);
    }

    /// <summary>The next line the host prints ("serving &lt;version&gt; &lt;probability&gt;"); fails with its errors if it exits first.</summary>
    public async Task<string> NextLineAsync()
    {
        string? line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return line ?? throw new InvalidOperationException($"The serving host exited with {await ExitCodeAsync()}: {await errors}");
    }

    /// <summary>Waits for the host to exit and returns its exit code.</summary>
    public async Task<int> ExitCodeAsync()
    {
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return process.ExitCode;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private static string Invariant(float value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
