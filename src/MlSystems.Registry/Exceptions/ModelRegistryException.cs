namespace MlSystems.Registry;

/// <summary>A registry operation could not be carried out; the derived types say why.</summary>
public class ModelRegistryException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ModelRegistryException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ModelRegistryException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public ModelRegistryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
