namespace MlSystems.Monitoring;

/// <summary>What one check has found so far: the worst verdict, its reasons and the events, in order.</summary>
internal sealed class CheckRun(DateTimeOffset at)
{
    public DateTimeOffset At { get; } = at;

    public MonitoringHealth Health { get; private set; }

    public List<string> Reasons { get; } = [];

    public List<MonitoringEvent> Events { get; } = [];

    public void Worsen(MonitoringHealth health, string reason)
    {
        Health = (MonitoringHealth)Math.Max((int)Health, (int)health);
        Reasons.Add(reason);
    }
}
