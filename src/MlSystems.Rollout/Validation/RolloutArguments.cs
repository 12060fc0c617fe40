namespace MlSystems.Rollout;

/// <summary>Argument checks shared by the public entry points, each naming the offending parameter or option.</summary>
internal static class RolloutArguments
{
    public static ArgumentException Invalid(string name, string message) => new(message, name);

    public static void Probability(double value, string name, bool allowZero = false, bool allowOne = false)
    {
        bool valid = (allowZero ? value >= 0 : value > 0) && (allowOne ? value <= 1 : value < 1);
        if (!valid)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must lie in {(allowZero ? "[" : "(")}0, 1{(allowOne ? "]" : ")")}.");
        }
    }

    public static void Percentage(double value, string name)
    {
        if (!(value >= 0 && value <= 100))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must lie in [0, 100].");
        }
    }

    public static void Name(string? value, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, name);
    }
}
