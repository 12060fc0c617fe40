namespace MlSystems.Registry;

/// <summary>An alias compare-and-swap lost: the alias no longer points where the caller expected (another host moved it first).</summary>
public sealed class AliasConflictException : ModelRegistryException
{
    /// <summary>Creates the exception.</summary>
    public AliasConflictException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public AliasConflictException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public AliasConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
