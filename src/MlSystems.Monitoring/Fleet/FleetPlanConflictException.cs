namespace MlSystems.Monitoring;

/// <summary>A plan write expected a revision that is no longer the latest. Nothing changed.</summary>
public sealed class FleetPlanConflictException : FleetStoreException
{
    /// <summary>Creates the exception.</summary>
    public FleetPlanConflictException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public FleetPlanConflictException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public FleetPlanConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal static FleetPlanConflictException For(string modelName, long expected, long current) =>
        new($"The plan of model '{modelName}' is at revision {current}, not the expected {expected}: read it again before writing.");
}
