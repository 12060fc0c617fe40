namespace MlSystems.Monitoring.Tests.Support;

/// <summary>A retraining hook that "trains" on the harness's current traffic: its profile is fitted on the current shift,
/// its baseline is the loss the next version is scripted to have, and it records every request it gets.</summary>
internal sealed class ScriptedRetrainingHook(LoopHarness harness) : IRetrainingHook
{
    public List<RetrainingRequest> Requests { get; } = [];

    /// <summary>The loss the next trained version will have on current traffic (and reports as its baseline).</summary>
    public double NextLoss { get; set; } = 0.05;

    /// <summary>When set, training fails with this message.</summary>
    public string? Failure { get; set; }

    public async Task<RetrainedModel> RetrainAsync(RetrainingRequest request, CancellationToken cancellationToken)
    {
        Requests.Add(request);
        await Task.Yield();
        if (Failure is not null)
        {
            throw new InvalidOperationException(Failure);
        }

        IReadOnlyList<Registry.ModelVersion> versions = await harness.Registry.ListVersionsAsync(LoopHarness.Model, cancellationToken: cancellationToken);
        harness.MeanLoss[versions.Count + 1] = NextLoss;
        return LoopHarness.Trained(LoopHarness.Profile(harness.Shift), NextLoss, $"trained at {request.At:O} for {request.Reason}");
    }
}
