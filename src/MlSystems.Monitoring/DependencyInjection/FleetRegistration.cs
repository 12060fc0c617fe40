namespace MlSystems.Monitoring;

/// <summary>Marks a service collection whose monitor takes part in a fleet (<c>AddModelMonitoringFleet</c> was called).</summary>
internal sealed class FleetRegistration;
