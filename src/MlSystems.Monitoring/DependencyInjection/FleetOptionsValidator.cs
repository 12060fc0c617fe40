namespace MlSystems.Monitoring;

/// <summary>Validates the fleet options at start-up, a store included, so a host that cannot join its fleet never starts.</summary>
internal sealed class FleetOptionsValidator : ArgumentOptionsValidator<FleetOptions>
{
    protected override void Check(FleetOptions options)
    {
        options.ValidateStore();
        options.Validate();
    }
}
