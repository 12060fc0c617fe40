namespace MlSystems.Drift;

/// <summary>Argument checks shared by the drift tests.</summary>
internal static class DriftArguments
{
    public static void ValidateAlpha(double alpha, string paramName = "alpha")
    {
        if (!(alpha > 0 && alpha < 1))
        {
            throw new ArgumentOutOfRangeException(paramName, alpha, "A significance level must lie strictly between 0 and 1.");
        }
    }

    public static void ValidateThreshold(double threshold, string paramName = "threshold")
    {
        if (!(threshold > 0) || double.IsInfinity(threshold))
        {
            throw new ArgumentOutOfRangeException(paramName, threshold, "A threshold must be a positive finite number.");
        }
    }
}
