namespace MlSystems.Monitoring;

/// <summary>Where a retrained candidate's canary starts: in this process, or in the fleet's plan.</summary>
internal interface ICanaryStarter
{
    /// <summary>Whether a canary (or its promotion) is under way, so no other retraining starts.</summary>
    bool Running { get; }

    /// <summary>Starts the canary of <paramref name="candidateVersion"/> against <paramref name="championVersion"/>.</summary>
    /// <exception cref="ArgumentException">The plan is invalid or cannot decide at the measured traffic; nothing started.</exception>
    Task StartAsync(int championVersion, int candidateVersion, TrafficMeasurement? traffic, CheckRun run, CancellationToken cancellationToken);
}
