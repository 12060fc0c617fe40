namespace MlSystems.Monitoring;

/// <summary>Validates the monitor's options at start-up, so a monitor that cannot work never starts.</summary>
internal sealed class ModelMonitorOptionsValidator : ArgumentOptionsValidator<ModelMonitorOptions>
{
    protected override void Check(ModelMonitorOptions options) => options.Validate();
}
