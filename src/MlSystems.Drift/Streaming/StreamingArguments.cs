namespace MlSystems.Drift;

/// <summary>Checks shared by the streaming detectors.</summary>
internal static class StreamingArguments
{
    public static void Finite(double value, string detector)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"{detector} cannot take {value}: stream values must be finite.", nameof(value));
        }
    }

    public static void ErrorIndicator(double value, string detector)
    {
        if (value is not (0.0 or 1.0))
        {
            throw new ArgumentException($"{detector} monitors an error stream: values must be 0 (right) or 1 (wrong), not {value}.", nameof(value));
        }
    }
}
