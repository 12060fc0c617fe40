namespace MlSystems.Monitoring;

/// <summary>A write under a lease was refused: another holder has taken the lease since (its token is newer). Nothing changed.</summary>
public sealed class FleetLeaseLostException : FleetStoreException
{
    /// <summary>Creates the exception.</summary>
    public FleetLeaseLostException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public FleetLeaseLostException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public FleetLeaseLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal static FleetLeaseLostException For(FleetLease lease, long? currentToken) =>
        new($"The lease of model '{lease.ModelName}' with token {lease.Token} (holder '{lease.Holder}') is no longer current"
            + (currentToken is { } current ? $": token {current} holds it now." : ": the model has no lease."));
}
