namespace MlSystems.Monitoring;

/// <summary>A fleet store could not complete an operation (its server stayed unreachable through every retry, say).</summary>
public class FleetStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FleetStoreException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public FleetStoreException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public FleetStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
