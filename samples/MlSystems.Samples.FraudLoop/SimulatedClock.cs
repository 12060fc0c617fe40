namespace MlSystems.Samples.FraudLoop;

/// <summary>The simulation's clock: it moves only when the simulation moves it, so four days pass in seconds.</summary>
internal sealed class SimulatedClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
