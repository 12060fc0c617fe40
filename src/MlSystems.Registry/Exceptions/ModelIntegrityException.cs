namespace MlSystems.Registry;

/// <summary>An artifact's bytes no longer match the digest recorded at registration: it was altered or corrupted and was not handed to any deserialiser.</summary>
public sealed class ModelIntegrityException : ModelRegistryException
{
    /// <summary>Creates the exception.</summary>
    public ModelIntegrityException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ModelIntegrityException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public ModelIntegrityException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
