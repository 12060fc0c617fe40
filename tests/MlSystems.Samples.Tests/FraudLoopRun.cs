using MlSystems.Samples.FraudLoop;

namespace MlSystems.Samples.Tests;

/// <summary>One run of the sample with its defaults, shared by the tests that read it.</summary>
public sealed class FraudLoopRun : IAsyncLifetime
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), $"mlsystems-sample-{Guid.NewGuid():N}");

    internal FraudLoopResult Result { get; private set; } = null!;

    public string Output { get; private set; } = "";

    public async Task InitializeAsync()
    {
        // Bounded: the sample takes about ten seconds here; three minutes means something is wrong, not slow.
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        using var output = new StringWriter();
        Result = await new FraudLoopSimulation(new FraudLoopOptions { OutputDirectory = Directory }, output).RunAsync(bound.Token);
        Output = output.ToString();
    }

    public Task DisposeAsync()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        return Task.CompletedTask;
    }
}
