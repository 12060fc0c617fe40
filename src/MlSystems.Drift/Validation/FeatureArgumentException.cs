namespace MlSystems.Drift;

/// <summary>
/// An argument is invalid for one feature: its values, its kind, or its presence in one side of a comparison. The
/// message names the feature; <see cref="Feature"/> carries the name for code. Thrown by profiles, datasets, the built-in
/// tests and <see cref="DriftReport"/>, and open to custom <see cref="IDriftTest"/> implementations.
/// </summary>
/// <remarks>
/// <see cref="DriftReport.Compute"/> passes this exception through when it names the feature being tested, and wraps any
/// other <see cref="ArgumentException"/> from a test in one that names the feature and the test, the original as
/// <see cref="Exception.InnerException"/>.
/// </remarks>
public sealed class FeatureArgumentException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="feature">The feature's name.</param>
    /// <param name="message">The message; it should name the feature.</param>
    /// <param name="paramName">The parameter that held the feature.</param>
    /// <param name="innerException">The exception that caused this one, if any.</param>
    /// <exception cref="ArgumentNullException"><paramref name="feature"/> is null.</exception>
    public FeatureArgumentException(string feature, string message, string? paramName, Exception? innerException = null)
        : base(message, paramName, innerException)
    {
        ArgumentNullException.ThrowIfNull(feature);
        Feature = feature;
    }

    /// <summary>The name of the feature the argument is invalid for.</summary>
    public string Feature { get; }
}
