namespace MlSystems.Registry;

/// <summary>The operation would break a reference: an aliased version cannot be deleted or archived, an archived version cannot be aliased.</summary>
public sealed class ModelVersionInUseException : ModelRegistryException
{
    /// <summary>Creates the exception.</summary>
    public ModelVersionInUseException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ModelVersionInUseException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public ModelVersionInUseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
